"""The legacy `utils.generation.load_generation`, kept here so code can drop the legacy package.

Same arguments (the gens root, not the data root), same dict, same errors as the legacy helper:
no validation of `stage`/`gen_id` here (`GensDataLayer.load_generation` validates, then delegates).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from data_layer.paths import METADATA_FILENAME, PARSED_FILENAME, PROMPT_FILENAME, RAW_FILENAME

__all__ = ["load_generation"]


def load_generation(gens_root: str | os.PathLike[str], stage: Any, gen_id: Any) -> dict[str, Any]:
    """Everything stored for one generation, as the legacy helper returns it.

    Keys: `stage` and `gen_id` (as given), `parent_gen_id` (the metadata's, else None),
    `raw_text` ("" when raw.txt is missing), `parsed_text` and `prompt_text` (None when missing),
    `metadata` (the parsed metadata.json, None when missing; malformed JSON raises
    `json.JSONDecodeError`).
    """
    base = Path(gens_root) / str(stage) / str(gen_id)
    raw_path = base / RAW_FILENAME
    parsed_path = base / PARSED_FILENAME
    prompt_path = base / PROMPT_FILENAME
    meta_path = base / METADATA_FILENAME

    raw_text = raw_path.read_text(encoding="utf-8") if raw_path.exists() else ""
    parsed_text = parsed_path.read_text(encoding="utf-8") if parsed_path.exists() else None
    prompt_text = prompt_path.read_text(encoding="utf-8") if prompt_path.exists() else None
    metadata: Any = None
    if meta_path.exists():
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))

    parent_gen_id = metadata.get("parent_gen_id") if isinstance(metadata, dict) else None

    return {
        "stage": stage,
        "gen_id": gen_id,
        "parent_gen_id": parent_gen_id,
        "raw_text": raw_text,
        "parsed_text": parsed_text,
        "prompt_text": prompt_text,
        "metadata": metadata,
    }
