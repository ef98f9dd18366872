"""Read a .safetensors file into numpy arrays (format: u64 header length, JSON header, raw data)."""
from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def load_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    data = Path(path).read_bytes()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] not in DTYPES:
            raise ValueError(f"{name}: unsupported dtype {meta['dtype']}")
        start, end = meta["data_offsets"]
        arr = np.frombuffer(data, dtype=DTYPES[meta["dtype"]], count=(end - start) // np.dtype(DTYPES[meta["dtype"]]).itemsize, offset=base + start)
        tensors[name] = arr.reshape(meta["shape"]).astype(np.float32) if meta["dtype"] == "F16" else arr.reshape(meta["shape"])
    return tensors
