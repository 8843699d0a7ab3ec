"""Maintenance: shapes found in the real pipeline that a migration must handle or report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config.paths import Paths
from ..utils.generation import load_generation, write_gen_raw


def retouch_raw(context: Any, stage: str, gen_id: str, text: str, refresh: bool = False) -> None:
    # The same name bound twice, each time to an equal Paths: every use is the same data root.
    paths = Paths.from_context(context)
    if refresh:
        paths = Paths.from_context(context)
    paths.raw_path(stage, gen_id).write_text(text, encoding="utf-8")


def copy_raw(context: Any, stage: str, gen_id: str, new_gen_id: str) -> str:
    # The gens root spelled out from the data root rather than through `paths.gens_root`.
    paths = Paths.from_context(context)
    generation = load_generation(paths.data_root / "gens", stage, gen_id)
    write_gen_raw(paths.data_root / "gens", stage, new_gen_id, generation["raw_text"])
    return generation["raw_text"]


class GensIOManager:
    """Stores raw texts under a gens folder it is given: only known as a gens root."""

    def __init__(self, gens_root: str | Path) -> None:
        self.gens_root = Path(gens_root)

    def handle_output(self, stage: str, gen_id: str, text: str) -> Path:
        return write_gen_raw(self.gens_root, stage, gen_id, text)


def metadata_model(context: Any, stage: str, gen_id: str) -> str | None:
    # Tolerant read: a metadata.json that is not an object is skipped, not an error.
    paths = Paths.from_context(context)
    meta = json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        return None
    return meta.get("model")
