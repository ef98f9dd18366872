"""Verifies the real-weight MiniLM ONNX export against PyTorch sentence-transformers (reference venv).

Checks, on a few sentences: ONNX fp32 (onnxruntime, mean pooling + normalize) == sentence-transformers
within --atol; transformers.js (node, fp32) == sentence-transformers within --atol; reports the quantized
export's drift; a semantic sanity check (trained weights rank a paraphrase above an unrelated sentence);
and compares sizes/sha256 with the LFS pointers of the published Xenova files, if given.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

from build_real_minilm import MODEL_ID, package_model_dir  # noqa: E402
from onnx_export import sha256_of  # noqa: E402

SENTENCES = [
    "The blender arrived broken and support never answered my emails.",
    "Great taste, my kids love these crackers!",
    "Delivery took three weeks, which is far too long for a small parcel.",
    "Price is fair for the quality you get.",
    "ok",
    "When the blender was delivered it was already damaged, and customer service ignored me.",
    "This coffee is stale; the beans taste burnt and flat, and the bag was half empty when it arrived "
    "at my door after a long wait, so I would not order again.",
]


def onnx_embeddings(model_path: Path, st: SentenceTransformer, sentences: list[str]) -> np.ndarray:
    enc = st.tokenizer(sentences, padding=True, truncation=True, max_length=st.max_seq_length, return_tensors="np")
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    feed = {i.name: enc[i.name].astype(np.int64) for i in session.get_inputs()}
    hidden = session.run(["last_hidden_state"], feed)[0]
    mask = enc["attention_mask"][..., None].astype(np.float32)
    pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def js_embeddings(model_dir: Path, sentences: list[str], dtype: str) -> np.ndarray:
    script = Path(__file__).with_name("embed-transformers-js.mjs")
    result = subprocess.run(
        ["node", str(script), "--model-dir", str(model_dir), "--dtype", dtype],
        input=json.dumps(sentences), capture_output=True, text=True, check=True, timeout=300,
    )
    return np.asarray(json.loads(result.stdout), dtype=np.float32)


def parse_pointer(text: str) -> dict:
    fields = dict(line.split(" ", 1) for line in text.strip().splitlines() if " " in line)
    return {"sha256": fields["oid"].removeprefix("sha256:"), "bytes": int(fields["size"])}


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(repo / ".cache" / "models-real"))
    parser.add_argument("--atol", type=float, default=1e-4)
    parser.add_argument("--pointers", default=str(repo.parent / "shared" / "models" / MODEL_ID / "lfs-pointers"))
    parser.add_argument("--skip-node", action="store_true")
    args = parser.parse_args(argv)
    model_dir = Path(args.out) / MODEL_ID
    st = SentenceTransformer(str(package_model_dir()), device="cpu")
    ref = st.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    failures = 0

    def compare(label: str, got: np.ndarray, strict: bool) -> None:
        nonlocal failures
        diff = float(np.abs(got - ref).max())
        cos = float((got * ref).sum(1).min())
        ok = diff <= args.atol or not strict
        failures += not ok
        verdict = ("ok" if ok else "FAIL") if strict else "info"
        print(f"[{verdict}] {label}: max|diff| {diff:.2e}, min cosine {cos:.6f} over {len(SENTENCES)} sentences")

    compare("onnxruntime fp32 vs sentence-transformers", onnx_embeddings(model_dir / "onnx/model.onnx", st, SENTENCES), True)
    quantized = model_dir / "onnx/model_quantized.onnx"
    if quantized.is_file():
        compare("onnxruntime int8 vs sentence-transformers", onnx_embeddings(quantized, st, SENTENCES), False)
    if not args.skip_node:
        compare("transformers.js fp32 vs sentence-transformers", js_embeddings(Path(args.out), SENTENCES, "fp32"), True)
        if quantized.is_file():
            compare("transformers.js q8 vs sentence-transformers", js_embeddings(Path(args.out), SENTENCES, "q8"), False)

    sims = ref @ ref.T
    para, unrelated = float(sims[0, 5]), float(sims[0, 1])  # paraphrase vs unrelated praise
    trained = para > 0.5 > unrelated
    failures += not trained
    print(f"[{'ok' if trained else 'FAIL'}] semantic sanity (trained weights): cos(paraphrase) {para:.3f} > 0.5 > cos(unrelated) {unrelated:.3f}")

    pointers = Path(args.pointers)
    for name in ("model.onnx", "model_quantized.onnx"):
        pointer, ours = pointers / f"{name}.pointer", model_dir / "onnx" / name
        if pointer.is_file() and ours.is_file():
            published = parse_pointer(pointer.read_text())
            mine = {"sha256": sha256_of(ours), "bytes": ours.stat().st_size}
            same = "identical" if mine == published else "different (expected: other exporter/quantizer)"
            print(f"[info] {name}: ours {mine['bytes']:,} B sha256 {mine['sha256'][:16]}… | Xenova {published['bytes']:,} B sha256 {published['sha256'][:16]}… -> {same}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
