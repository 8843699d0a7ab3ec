from __future__ import annotations

import json
from pathlib import Path

from daydreaming_dagster.assets.drafts import (
    draft_log_line,
    draft_prompt,
    draft_response,
    reserve_draft,
)
from daydreaming_dagster.config.paths import METADATA_FILENAME, Paths


def test_draft_prompt_writes_the_prompt(context, data_root: Path) -> None:
    reserve_draft(context, "draft", "g1")
    assert draft_prompt(context, "draft", "g1", "Write about rain. ☔") == "Write about rain. ☔"
    assert (data_root / "gens/draft/g1/prompt.txt").read_text(encoding="utf-8") == "Write about rain. ☔"


def test_draft_response_writes_raw_and_metadata(context, data_root: Path) -> None:
    draft_response(context, "draft", "g2", "It rained – a lot.", "model-x")
    folder = Paths(data_root).generation_dir("draft", "g2")
    assert (folder / "raw.txt").read_text(encoding="utf-8") == "It rained – a lot."
    assert json.loads((folder / METADATA_FILENAME).read_text(encoding="utf-8")) == {
        "model": "model-x",
        "stage": "draft",
    }


def test_reserve_then_append(context, data_root: Path) -> None:
    reserve_draft(context, "draft", "g3")
    assert (data_root / "gens/draft/g3").is_dir()
    draft_log_line(context, "draft", "g3", "one\n")
    draft_log_line(context, "draft", "g3", "two\n")
    assert (data_root / "gens/draft/g3/raw.txt").read_text(encoding="utf-8") == "one\ntwo\n"
