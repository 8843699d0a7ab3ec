"""Read and write one generation of the gens store: gens/<stage>/<gen_id>/<file>.

The writers go through a temporary file next to the target and rename it into place, so a reader
never sees a half-written file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Dict, Optional

from ..config.paths import (
    METADATA_FILENAME,
    PARSED_FILENAME,
    PROMPT_FILENAME,
    RAW_FILENAME,
)


def _gen_dir(gens_root: Path, stage: str, gen_id: str) -> Path:
    return Path(gens_root) / str(stage) / str(gen_id)


def _write_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
    )
    try:
        with tmp:
            tmp.write(text)
        os.replace(tmp.name, target)
    except BaseException:
        try:
            os.unlink(tmp.name)
        except OSError:
            pass
        raise


def write_gen_raw(gens_root: Path, stage: str, gen_id: str, text: str) -> Path:
    base = _gen_dir(gens_root, stage, gen_id)
    _write_atomic(base / RAW_FILENAME, text)
    return base


def write_gen_parsed(gens_root: Path, stage: str, gen_id: str, text: str) -> Path:
    base = _gen_dir(gens_root, stage, gen_id)
    _write_atomic(base / PARSED_FILENAME, text)
    return base


def write_gen_prompt(gens_root: Path, stage: str, gen_id: str, text: str) -> Path:
    base = _gen_dir(gens_root, stage, gen_id)
    _write_atomic(base / PROMPT_FILENAME, text)
    return base


def write_gen_metadata(gens_root: Path, stage: str, gen_id: str, metadata: Dict[str, Any]) -> Path:
    base = _gen_dir(gens_root, stage, gen_id)
    _write_atomic(base / METADATA_FILENAME, json.dumps(metadata, ensure_ascii=False, indent=2))
    return base


def load_generation(gens_root: Path, stage: str, gen_id: str) -> Dict[str, Any]:
    base = _gen_dir(gens_root, stage, gen_id)
    raw_path = base / RAW_FILENAME
    parsed_path = base / PARSED_FILENAME
    prompt_path = base / PROMPT_FILENAME
    meta_path = base / METADATA_FILENAME

    raw_text = raw_path.read_text(encoding="utf-8") if raw_path.exists() else ""
    parsed_text: Optional[str] = parsed_path.read_text(encoding="utf-8") if parsed_path.exists() else None
    prompt_text: Optional[str] = prompt_path.read_text(encoding="utf-8") if prompt_path.exists() else None
    metadata: Optional[Dict[str, Any]] = None
    if meta_path.exists():
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))

    parent_gen_id = None
    if isinstance(metadata, dict):
        parent_gen_id = metadata.get("parent_gen_id")

    return {
        "stage": stage,
        "gen_id": gen_id,
        "parent_gen_id": parent_gen_id,
        "raw_text": raw_text,
        "parsed_text": parsed_text,
        "prompt_text": prompt_text,
        "metadata": metadata,
    }
