from __future__ import annotations

import json
from pathlib import Path

from daydreaming_dagster.assets.evaluations import (
    archived_generation,
    evaluation_notes,
    evaluation_score,
)
from daydreaming_dagster.config import paths as legacy_paths
from daydreaming_dagster.utils.generation import write_gen_parsed


def test_evaluation_score(data_root: Path) -> None:
    paths = legacy_paths.Paths(data_root)
    write_gen_parsed(paths.gens_root, "evaluation", "v1", "three small words")
    assert evaluation_score(paths, "evaluation", "v1") == 3.0
    stored = paths.raw_metadata_path("evaluation", "v1").read_text(encoding="utf-8")
    assert json.loads(stored) == {"gen_id": "v1", "score": 3.0}


def test_evaluation_notes_and_archive(data_root: Path) -> None:
    paths = legacy_paths.Paths.from_str(str(data_root))
    paths.generation_dir("evaluation", "v2").mkdir(parents=True)
    evaluation_notes(paths, "evaluation", "v2", "fine")
    generation = archived_generation(str(data_root), "evaluation", "v2")
    assert generation["prompt_text"] == "fine"
    assert generation["raw_text"] == ""
    assert generation["metadata"] is None
