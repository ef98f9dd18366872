"""Maps config.json `architectures[0]` onto the ONNX graph builders."""
from __future__ import annotations

import arch_bert
import arch_distilbert
import arch_mobilebert

BUILDERS = {m.ARCHITECTURE: m for m in (arch_bert, arch_distilbert, arch_mobilebert)}


def builder_for(cfg: dict):
    arch = (cfg.get("architectures") or [None])[0]
    if arch not in BUILDERS:
        raise ValueError(f"no ONNX builder for architecture {arch!r}; supported: {sorted(BUILDERS)}")
    return BUILDERS[arch]
