"""BertModel (feature extraction, e.g. all-MiniLM-L6-v2) as an ONNX graph: output last_hidden_state.

Mirrors transformers' BertModel (absolute positions, eager attention); the pooler is not exported,
as in the published Xenova feature-extraction export.
"""
from __future__ import annotations

import numpy as np

from onnx_graph import GraphBuilder

ARCHITECTURE = "BertModel"
INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
OUTPUT = "last_hidden_state"


def param_shapes(cfg: dict) -> dict[str, tuple[int, ...]]:
    h, inter = cfg["hidden_size"], cfg["intermediate_size"]
    shapes = {
        "embeddings.word_embeddings.weight": (cfg["vocab_size"], h),
        "embeddings.position_embeddings.weight": (cfg["max_position_embeddings"], h),
        "embeddings.token_type_embeddings.weight": (cfg["type_vocab_size"], h),
        "embeddings.LayerNorm.weight": (h,),
        "embeddings.LayerNorm.bias": (h,),
    }
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        for name, (out_f, in_f) in {
            "attention.self.query": (h, h),
            "attention.self.key": (h, h),
            "attention.self.value": (h, h),
            "attention.output.dense": (h, h),
            "intermediate.dense": (inter, h),
            "output.dense": (h, inter),
        }.items():
            shapes[p + name + ".weight"] = (out_f, in_f)
            shapes[p + name + ".bias"] = (out_f,)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            shapes[p + norm + ".weight"] = (h,)
            shapes[p + norm + ".bias"] = (h,)
    return shapes


def build(cfg: dict, weights: dict[str, np.ndarray]) -> GraphBuilder:
    if cfg.get("position_embedding_type", "absolute") != "absolute":
        raise ValueError("only absolute position embeddings are supported")
    g = GraphBuilder(weights)
    h, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    input_ids, attention_mask, token_type_ids = (g.add_input(n) for n in INPUTS)

    words = g.op("Gather", [g.param("embeddings.word_embeddings.weight"), input_ids], "emb/word", axis=0)
    types = g.op("Gather", [g.param("embeddings.token_type_embeddings.weight"), token_type_ids], "emb/type", axis=0)
    x = g.op("Add", [words, types], "emb/Add")
    x = g.op("Add", [x, g.positions(input_ids, "embeddings.position_embeddings.weight")], "emb/AddPos")
    x = g.layer_norm(x, "embeddings.LayerNorm", eps)

    mask = g.additive_mask(attention_mask)
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        ctx = g.attention_core(
            g.linear(x, p + "attention.self.query"),
            g.linear(x, p + "attention.self.key"),
            g.linear(x, p + "attention.self.value"),
            mask, heads, h // heads, p + "attention", scale_query=False,
        )
        attn = g.linear(ctx, p + "attention.output.dense")
        attn = g.layer_norm(g.op("Add", [attn, x], p + "attention/Residual"), p + "attention.output.LayerNorm", eps)
        inter = g.activation(g.linear(attn, p + "intermediate.dense"), cfg["hidden_act"], p + "intermediate")
        out = g.linear(inter, p + "output.dense")
        x = g.layer_norm(g.op("Add", [out, attn], p + "output/Residual"), p + "output.LayerNorm", eps)

    g.add_output(x, OUTPUT, ["batch_size", "sequence_length", h])
    return g
