"""Essays: parse a draft's raw text into the essay, with metadata about the parse."""

from __future__ import annotations

import json
from typing import Any

from daydreaming_dagster.config.paths import (
    PARSED_FILENAME,
    RAW_FILENAME,  # the parse reads this file
    Paths,
)


def essay_parsed(context: Any, stage: str, gen_id: str) -> str:
    paths = Paths.from_context(context)
    raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
    meta = json.loads(paths.metadata_path(stage, gen_id).read_text(encoding="utf-8"))
    parsed = raw.strip().upper() if meta.get("mode") == "shout" else raw.strip()

    target = paths.parsed_path(stage, gen_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(parsed, encoding="utf-8")

    paths.parsed_metadata_path(stage, gen_id).write_text(
        json.dumps({"from": RAW_FILENAME, "to": PARSED_FILENAME, "chars": len(parsed)}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return parsed


def essay_metadata(context: Any, stage: str, gen_id: str) -> dict[str, Any]:
    paths = Paths.from_context(context)
    with open(paths.metadata_path(stage, gen_id), encoding="utf-8") as handle:
        return json.load(handle)


def essay_location(context: Any, stage: str, gen_id: str) -> str:
    # A path, not file IO: reporting wants the absolute location of the essay.
    paths = Paths.from_context(context)
    return str(paths.parsed_path(stage, gen_id).resolve())
