"""Checks the ONNX graph builders against transformers (PyTorch) itself: same weights, same inputs,
outputs must agree within --atol. Needs the reference venv (requirements-reference.txt: torch,
transformers); not part of the light build. Usage:
  python verify_reference.py --src ../shared/models [--models a,b] [--seed N]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
import transformers

from architectures import builder_for
from onnx_export import run_model, sample_feed, save_model
from random_weights import random_weights


def reference_outputs(cfg: dict, weights: dict[str, np.ndarray], feed: dict[str, np.ndarray]) -> np.ndarray:
    config = transformers.AutoConfig.for_model(**cfg)
    config._attn_implementation = "eager"
    arch = cfg["architectures"][0]
    model_cls = getattr(transformers, arch)
    model = model_cls(config).eval()
    state = {k: torch.from_numpy(np.array(v)) for k, v in weights.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if not m.startswith("pooler.")]  # BertModel pooler is not exported
    if missing or unexpected:
        raise RuntimeError(f"state dict mismatch: missing={missing[:5]} unexpected={unexpected[:5]}")
    with torch.no_grad():
        out = model(**{k: torch.from_numpy(v) for k, v in feed.items()})
    return (out.logits if hasattr(out, "logits") and out.logits is not None else out.last_hidden_state).numpy()


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", default=str(repo.parent / "shared" / "models"))
    parser.add_argument("--models", default="Xenova/all-MiniLM-L6-v2,Xenova/distilbert-base-uncased-mnli,Xenova/mobilebert-uncased-mnli")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--atol", type=float, default=1e-4)
    parser.add_argument("--rtol", type=float, default=1e-3)
    parser.add_argument("--stds", default="0.02,0.05", help="weight scales to test (larger ones stress attention)")
    parser.add_argument("--tmp", default=str(repo / ".cache" / "verify-reference"))
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    failures = 0
    for model_id, std in [(m, float(s)) for m in args.models.split(",") for s in args.stds.split(",")]:
        cfg = json.loads((Path(args.src) / model_id / "config.json").read_text())
        arch = builder_for(cfg)
        # std well above 0.02 so that every weight visibly moves the output: a miswired tensor fails
        weights = random_weights(arch.param_shapes(cfg), args.seed, std)
        path = Path(args.tmp) / model_id / "model.onnx"
        save_model(arch.build(cfg, weights).model(model_id, {}), path)
        feed = sample_feed(arch.INPUTS)
        ours = run_model(path, feed)[arch.OUTPUT]
        ref = reference_outputs(cfg, weights, feed)
        if arch.OUTPUT == "last_hidden_state":  # padded positions are garbage in both: compare real tokens
            keep = feed["attention_mask"].astype(bool)
            ours, ref = ours[keep], ref[keep]
        diff = float(np.abs(ours - ref).max())
        scale = float(np.abs(ref).max())
        ok = ours.shape == ref.shape and diff <= args.atol + args.rtol * scale
        failures += not ok
        print(f"[{'ok' if ok else 'FAIL'}] {model_id} (weights std {std}): max|onnx - torch| = {diff:.3e} (max|ref| {scale:.3g}, shape {list(ref.shape)})")
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
