"""DistilBertForSequenceClassification (e.g. distilbert-base-uncased-mnli) as an ONNX graph: output logits."""
from __future__ import annotations

import numpy as np

from onnx_graph import GraphBuilder

ARCHITECTURE = "DistilBertForSequenceClassification"
INPUTS = ["input_ids", "attention_mask"]
OUTPUT = "logits"
EPS = 1e-12  # hard-coded in transformers' DistilBERT LayerNorms


def param_shapes(cfg: dict) -> dict[str, tuple[int, ...]]:
    dim, hidden, labels = cfg["dim"], cfg["hidden_dim"], len(cfg.get("id2label") or {0: 0, 1: 1})
    shapes = {
        "distilbert.embeddings.word_embeddings.weight": (cfg["vocab_size"], dim),
        "distilbert.embeddings.position_embeddings.weight": (cfg["max_position_embeddings"], dim),
        "distilbert.embeddings.LayerNorm.weight": (dim,),
        "distilbert.embeddings.LayerNorm.bias": (dim,),
        "pre_classifier.weight": (dim, dim),
        "pre_classifier.bias": (dim,),
        "classifier.weight": (labels, dim),
        "classifier.bias": (labels,),
    }
    for i in range(cfg["n_layers"]):
        p = f"distilbert.transformer.layer.{i}."
        for name, (out_f, in_f) in {
            "attention.q_lin": (dim, dim),
            "attention.k_lin": (dim, dim),
            "attention.v_lin": (dim, dim),
            "attention.out_lin": (dim, dim),
            "ffn.lin1": (hidden, dim),
            "ffn.lin2": (dim, hidden),
        }.items():
            shapes[p + name + ".weight"] = (out_f, in_f)
            shapes[p + name + ".bias"] = (out_f,)
        for norm in ("sa_layer_norm", "output_layer_norm"):
            shapes[p + norm + ".weight"] = (dim,)
            shapes[p + norm + ".bias"] = (dim,)
    return shapes


def build(cfg: dict, weights: dict[str, np.ndarray]) -> GraphBuilder:
    if cfg.get("sinusoidal_pos_embds"):
        raise ValueError("sinusoidal position embeddings are not supported")
    g = GraphBuilder(weights)
    dim, heads = cfg["dim"], cfg["n_heads"]
    input_ids, attention_mask = (g.add_input(n) for n in INPUTS)

    words = g.op("Gather", [g.param("distilbert.embeddings.word_embeddings.weight"), input_ids], "emb/word", axis=0)
    x = g.op("Add", [words, g.positions(input_ids, "distilbert.embeddings.position_embeddings.weight")], "emb/AddPos")
    x = g.layer_norm(x, "distilbert.embeddings.LayerNorm", EPS)

    mask = g.additive_mask(attention_mask)
    for i in range(cfg["n_layers"]):
        p = f"distilbert.transformer.layer.{i}."
        ctx = g.attention_core(
            g.linear(x, p + "attention.q_lin"),
            g.linear(x, p + "attention.k_lin"),
            g.linear(x, p + "attention.v_lin"),
            mask, heads, dim // heads, p + "attention", scale_query=True,
        )
        sa = g.linear(ctx, p + "attention.out_lin")
        sa = g.layer_norm(g.op("Add", [sa, x], p + "sa/Residual"), p + "sa_layer_norm", EPS)
        ffn = g.activation(g.linear(sa, p + "ffn.lin1"), cfg["activation"], p + "ffn")
        ffn = g.linear(ffn, p + "ffn.lin2")
        x = g.layer_norm(g.op("Add", [ffn, sa], p + "ffn/Residual"), p + "output_layer_norm", EPS)

    pooled = g.op("Relu", [g.linear(g.first_token(x, "head"), "pre_classifier")], "head/Relu")
    logits = g.linear(pooled, "classifier")
    g.add_output(logits, OUTPUT, ["batch_size", len(cfg.get("id2label") or {0: 0, 1: 1})])
    return g
