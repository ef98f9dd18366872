"""Deterministic random weights with the exact parameter names and shapes of a Hugging Face model."""
from __future__ import annotations

import zlib

import numpy as np


def random_weights(shapes: dict[str, tuple[int, ...]], seed: int, std: float) -> dict[str, np.ndarray]:
    """Normal(0, std) matrices and biases; norm scales around 1. Each tensor has its own stream
    (seeded by the seed and the parameter name), so a tensor does not change when others are added."""
    weights = {}
    for name, shape in shapes.items():
        rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        values = rng.normal(0.0, std, size=shape).astype(np.float32)
        if len(shape) == 1 and ("LayerNorm.weight" in name or "layer_norm.weight" in name):
            values += 1.0
        weights[name] = values
    return weights
