"""The transformers.js folder layout: <out>/<model id>/{config.json, tokenizer files, onnx/*.onnx}."""
from __future__ import annotations

import json
import shutil
from pathlib import Path


def copy_model_files(src: Path, dst: Path) -> list[str]:
    """Copies the top-level files (config, tokenizer, licence README); subfolders are skipped."""
    if not (src / "config.json").is_file():
        raise FileNotFoundError(f"{src}/config.json not found")
    dst.mkdir(parents=True, exist_ok=True)
    copied = []
    for item in sorted(src.iterdir()):
        if item.is_file():
            shutil.copyfile(item, dst / item.name)
            copied.append(item.name)
    return copied


def write_weights_note(onnx_dir: Path, info: dict, title: str, warning: str) -> None:
    onnx_dir.mkdir(parents=True, exist_ok=True)
    (onnx_dir / "WEIGHTS.json").write_text(json.dumps(info, indent=2, sort_keys=True) + "\n")
    lines = [f"# {title}", "", warning, "", "| key | value |", "|---|---|"]
    for key, value in sorted(info.items()):
        if not isinstance(value, (dict, list)):
            lines.append(f"| {key} | {value} |")
    for name, meta in sorted(info.get("files", {}).items()):
        lines.append(f"| {name} | {meta['bytes']} bytes, sha256 {meta['sha256']} |")
    (onnx_dir / "WEIGHTS.md").write_text("\n".join(lines) + "\n")


def read_weights_note(onnx_dir: Path) -> dict | None:
    path = onnx_dir / "WEIGHTS.json"
    return json.loads(path.read_text()) if path.is_file() else None
