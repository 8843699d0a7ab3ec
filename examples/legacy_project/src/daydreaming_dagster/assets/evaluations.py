"""Evaluations: score parsed essays and keep the scores next to them."""

from __future__ import annotations

import json
from pathlib import Path

from ..config.paths import Paths as P
from ..utils.generation import load_generation


def evaluation_score(paths: P, stage: str, gen_id: str) -> float:
    generation = load_generation(paths.gens_root, stage, gen_id)
    score = float(len((generation["parsed_text"] or "").split()))
    # sort_keys changes the bytes the layer would write: left for a human.
    paths.raw_metadata_path(stage, gen_id).write_text(
        json.dumps({"score": score, "gen_id": gen_id}, indent=2, sort_keys=True), encoding="utf-8"
    )
    return score


def evaluation_notes(paths: P, stage: str, gen_id: str, notes: str) -> None:
    # No encoding=: the platform default is not always UTF-8, so the layer call is not equivalent.
    paths.prompt_path(stage, gen_id).write_text(notes)


def archived_generation(data_root: str, stage: str, gen_id: str) -> dict:
    # A gens root that is not provably `<Paths>.gens_root`: only known as a gens folder.
    gens_root = Path(data_root) / "gens"
    return load_generation(gens_root, stage, gen_id)
