"""MobileBertForSequenceClassification (e.g. mobilebert-uncased-mnli) as an ONNX graph: output logits.

Mirrors transformers' MobileBERT: trigram input embedding, bottlenecks, key/query shared
bottleneck, stacked FFNs, NoNorm, pooler without activation when classifier_activation is false.
"""
from __future__ import annotations

import numpy as np

from onnx_graph import GraphBuilder

ARCHITECTURE = "MobileBertForSequenceClassification"
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
OUTPUT = "logits"


def _check(cfg: dict) -> None:
    unsupported = {
        "normalization_type": cfg.get("normalization_type") != "no_norm",
        "use_bottleneck": not cfg.get("use_bottleneck", True),
        "use_bottleneck_attention": cfg.get("use_bottleneck_attention", False),
        "key_query_shared_bottleneck": not cfg.get("key_query_shared_bottleneck", True),
        "trigram_input": not cfg.get("trigram_input", True),
        "classifier_activation": cfg.get("classifier_activation", True),
    }
    bad = [k for k, v in unsupported.items() if v]
    if bad:
        raise ValueError(f"MobileBERT variant not supported by this builder: {bad}")


def _labels(cfg: dict) -> int:
    return len(cfg.get("id2label") or {0: 0, 1: 1})


def param_shapes(cfg: dict) -> dict[str, tuple[int, ...]]:
    _check(cfg)
    h, t, e = cfg["hidden_size"], cfg["true_hidden_size"], cfg["embedding_size"]
    inter, bott = cfg["intermediate_size"], cfg["intra_bottleneck_size"]
    shapes: dict[str, tuple[int, ...]] = {
        "mobilebert.embeddings.word_embeddings.weight": (cfg["vocab_size"], e),
        "mobilebert.embeddings.position_embeddings.weight": (cfg["max_position_embeddings"], h),
        "mobilebert.embeddings.token_type_embeddings.weight": (cfg["type_vocab_size"], h),
        "mobilebert.embeddings.embedding_transformation.weight": (h, 3 * e),
        "mobilebert.embeddings.embedding_transformation.bias": (h,),
        "mobilebert.embeddings.LayerNorm.weight": (h,),
        "mobilebert.embeddings.LayerNorm.bias": (h,),
        "classifier.weight": (_labels(cfg), h),
        "classifier.bias": (_labels(cfg),),
    }
    for i in range(cfg["num_hidden_layers"]):
        p = f"mobilebert.encoder.layer.{i}."
        linears = {
            "attention.self.query": (t, t),
            "attention.self.key": (t, t),
            "attention.self.value": (t, h),
            "attention.output.dense": (t, t),
            "intermediate.dense": (inter, t),
            "output.dense": (t, inter),
            "output.bottleneck.dense": (h, t),
            "bottleneck.input.dense": (bott, h),
            "bottleneck.attention.dense": (bott, h),
        }
        norms = {
            "attention.output.LayerNorm": t,
            "output.LayerNorm": t,
            "output.bottleneck.LayerNorm": h,
            "bottleneck.input.LayerNorm": bott,
            "bottleneck.attention.LayerNorm": bott,
        }
        for f in range(cfg["num_feedforward_networks"] - 1):
            linears[f"ffn.{f}.intermediate.dense"] = (inter, t)
            linears[f"ffn.{f}.output.dense"] = (t, inter)
            norms[f"ffn.{f}.output.LayerNorm"] = t
        for name, (out_f, in_f) in linears.items():
            shapes[p + name + ".weight"] = (out_f, in_f)
            shapes[p + name + ".bias"] = (out_f,)
        for name, size in norms.items():
            shapes[p + name + ".weight"] = (size,)
            shapes[p + name + ".bias"] = (size,)
    return shapes


def _trigram(g: GraphBuilder, emb: str) -> str:
    """concat([emb[:,1:] padded after, emb, emb[:,:-1] padded before], -1)."""
    i64 = np.int64
    nxt = g.op("Slice", [emb, g.const([1], i64), g.const([2**62], i64), g.const([1], i64)], "tri/SliceNext")
    nxt = g.op("Pad", [nxt, g.const([0, 0, 0, 0, 1, 0], i64), g.const(0.0)], "tri/PadNext")
    prv = g.op("Slice", [emb, g.const([0], i64), g.const([-1], i64), g.const([1], i64)], "tri/SlicePrev")
    prv = g.op("Pad", [prv, g.const([0, 1, 0, 0, 0, 0], i64), g.const(0.0)], "tri/PadPrev")
    return g.op("Concat", [nxt, emb, prv], "tri/Concat", axis=2)


def build(cfg: dict, weights: dict[str, np.ndarray]) -> GraphBuilder:
    _check(cfg)
    g = GraphBuilder(weights)
    t, heads, act = cfg["true_hidden_size"], cfg["num_attention_heads"], cfg["hidden_act"]
    input_ids, attention_mask, token_type_ids = (g.add_input(n) for n in INPUTS)

    e = "mobilebert.embeddings."
    words = g.op("Gather", [g.param(e + "word_embeddings.weight"), input_ids], "emb/word", axis=0)
    x = g.linear(_trigram(g, words), e + "embedding_transformation")
    x = g.op("Add", [x, g.positions(input_ids, e + "position_embeddings.weight")], "emb/AddPos")
    types = g.op("Gather", [g.param(e + "token_type_embeddings.weight"), token_type_ids], "emb/type", axis=0)
    x = g.no_norm(g.op("Add", [x, types], "emb/AddType"), e + "LayerNorm")

    mask = g.additive_mask(attention_mask)
    for i in range(cfg["num_hidden_layers"]):
        p = f"mobilebert.encoder.layer.{i}."
        layer_input = g.no_norm(g.linear(x, p + "bottleneck.input.dense"), p + "bottleneck.input.LayerNorm")
        shared = g.no_norm(g.linear(x, p + "bottleneck.attention.dense"), p + "bottleneck.attention.LayerNorm")
        ctx = g.attention_core(
            g.linear(shared, p + "attention.self.query"),
            g.linear(shared, p + "attention.self.key"),
            g.linear(x, p + "attention.self.value"),
            mask, heads, t // heads, p + "attention", scale_query=False,
        )
        attn = g.linear(ctx, p + "attention.output.dense")
        attn = g.no_norm(g.op("Add", [attn, layer_input], p + "attention/Residual"), p + "attention.output.LayerNorm")
        for f in range(cfg["num_feedforward_networks"] - 1):
            q = f"{p}ffn.{f}."
            inter = g.activation(g.linear(attn, q + "intermediate.dense"), act, q + "intermediate")
            out = g.linear(inter, q + "output.dense")
            attn = g.no_norm(g.op("Add", [out, attn], q + "Residual"), q + "output.LayerNorm")
        inter = g.activation(g.linear(attn, p + "intermediate.dense"), act, p + "intermediate")
        out = g.linear(inter, p + "output.dense")
        out = g.no_norm(g.op("Add", [out, attn], p + "output/Residual"), p + "output.LayerNorm")
        out = g.linear(out, p + "output.bottleneck.dense")
        x = g.no_norm(g.op("Add", [out, x], p + "bottleneck/Residual"), p + "output.bottleneck.LayerNorm")

    logits = g.linear(g.first_token(x, "pooler"), "classifier")
    g.add_output(logits, OUTPUT, ["batch_size", _labels(cfg)])
    return g
