"""Builds RANDOM-weight ONNX models with the exact architectures of the configured models.

For each model id: copies config/tokenizer files from <src>/<id>/ into <out>/<id>/, builds the
graph from config.json with seeded random weights, writes onnx/model.onnx (+ model_quantized.onnx),
checks it with onnx.checker, runs it with onnxruntime and records WEIGHTS.json / WEIGHTS.md.
Timings measured on these models are real; their scores are meaningless.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

from architectures import builder_for
from model_folder import copy_model_files, read_weights_note, write_weights_note
from onnx_export import check_model, quantize_int8, run_model, sample_feed, save_model, sha256_of
from random_weights import random_weights

BUILDER_VERSION = 2  # bump when the graphs or the quantization change
DEFAULT_MODELS = "Xenova/all-MiniLM-L6-v2,Xenova/distilbert-base-uncased-mnli,Xenova/mobilebert-uncased-mnli"
WARNING = (
    "**RANDOM WEIGHTS.** These ONNX files have the real architecture (layers, shapes, FLOPs) of the model "
    "named by config.json, but their weights are seeded random numbers. Use them for mechanics and speed "
    "only; never for any claim about classification or embedding quality."
)


def fingerprint(cfg_bytes: bytes, seed: int, quantize: bool) -> str:
    return hashlib.sha256(cfg_bytes + f"|{seed}|{quantize}|v{BUILDER_VERSION}".encode()).hexdigest()[:16]


def build_one(model_id: str, src_root: Path, out_root: Path, seed: int, quantize: bool, force: bool) -> dict:
    src, dst = src_root / model_id, out_root / model_id
    onnx_dir = dst / "onnx"
    cfg_bytes = (src / "config.json").read_bytes()
    cfg = json.loads(cfg_bytes)
    fp = fingerprint(cfg_bytes, seed, quantize)
    previous = read_weights_note(onnx_dir)
    if not force and previous and previous.get("fingerprint") == fp and (onnx_dir / "model.onnx").is_file():
        print(f"[skip] {model_id}: already built (fingerprint {fp}); --force to rebuild")
        return {"model": model_id, "skipped": True, "seconds": 0.0}

    started = time.perf_counter()
    copied = copy_model_files(src, dst)
    arch = builder_for(cfg)
    shapes = arch.param_shapes(cfg)
    weights = random_weights(shapes, seed, float(cfg.get("initializer_range", 0.02)))
    n_params = int(sum(np.prod(s) for s in shapes.values()))
    graph = arch.build(cfg, weights)
    missing = set(shapes) - {k.removesuffix(".T") for k in graph.initializers}
    if missing:
        raise RuntimeError(f"{model_id}: parameters not used by the graph: {sorted(missing)[:5]}")
    model = graph.model(model_id, {"weights": "random", "seed": str(seed), "source": model_id})
    fp32 = onnx_dir / "model.onnx"
    save_model(model, fp32)
    check_model(fp32)
    files = [fp32]
    if quantize:
        quantized = onnx_dir / "model_quantized.onnx"
        quantize_int8(fp32, quantized)
        check_model(quantized)
        files.append(quantized)

    shapes_out = {}
    for path in files:
        outputs = run_model(path, sample_feed(arch.INPUTS))
        out = outputs[arch.OUTPUT]
        if not np.isfinite(out).all():
            raise RuntimeError(f"{path}: non-finite output")
        shapes_out[path.name] = list(out.shape)

    seconds = time.perf_counter() - started
    info = {
        "weights": "random",
        "warning": "RANDOM weights: never use for quality claims",
        "model_id": model_id,
        "architecture": arch.ARCHITECTURE,
        "parameters": n_params,
        "seed": seed,
        "init_std": float(cfg.get("initializer_range", 0.02)),
        "inputs": ",".join(arch.INPUTS),
        "output": arch.OUTPUT,
        "opset": model.opset_import[0].version,
        "fingerprint": fp,
        "builder": "scripts/models/build_random_onnx.py",
        "copied_files": copied,
        "files": {p.name: {"bytes": p.stat().st_size, "sha256": sha256_of(p)} for p in files},
    }
    write_weights_note(onnx_dir, info, f"{model_id}: RANDOM weights", WARNING)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in files)
    print(f"[built] {model_id}: {arch.ARCHITECTURE}, {n_params:,} params, {sizes}, "
          f"outputs {shapes_out}, {seconds:.1f}s")
    return {"model": model_id, "skipped": False, "seconds": round(seconds, 2), "params": n_params,
            "files": info["files"], "output_shapes": shapes_out}


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(repo / ".cache" / "models"))
    parser.add_argument("--src", default=str(repo.parent / "shared" / "models"),
                        help="folder holding <model id>/config.json and tokenizer files")
    parser.add_argument("--models", default=DEFAULT_MODELS, help="comma-separated model ids")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--no-quantize", action="store_true")
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--summary", help="write a JSON summary of the run here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    results = []
    for model_id in [m.strip() for m in args.models.split(",") if m.strip()]:
        results.append(build_one(model_id, Path(args.src), Path(args.out), args.seed,
                                 not args.no_quantize, args.force))
    total = time.perf_counter() - started
    print(f"[done] {len(results)} model(s) in {total:.1f}s -> {args.out}")
    if args.summary:
        Path(args.summary).write_text(json.dumps({"total_seconds": round(total, 2), "models": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
