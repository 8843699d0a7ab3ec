"""Drafts: write the prompt, store the model's raw response and its metadata."""

from __future__ import annotations

from typing import Any

from ..config.paths import Paths
from ..utils.generation import write_gen_metadata


def draft_prompt(context: Any, stage: str, gen_id: str, prompt: str) -> str:
    paths = Paths.from_context(context)
    paths.prompt_path(stage, gen_id).write_text(prompt, encoding="utf-8")
    return prompt


def draft_response(context: Any, stage: str, gen_id: str, text: str, model: str) -> None:
    paths = Paths.from_context(context)
    out = paths.raw_path(stage, gen_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    write_gen_metadata(paths.gens_root, stage, gen_id, {"model": model, "stage": stage})


def reserve_draft(context: Any, stage: str, gen_id: str) -> None:
    paths = Paths.from_context(context)
    paths.generation_dir(stage, gen_id).mkdir(parents=True, exist_ok=True)


def draft_log_line(context: Any, stage: str, gen_id: str, line: str) -> None:
    # Appending is not something the data layer does: the migration must leave this for a human.
    paths = Paths.from_context(context)
    with open(paths.raw_path(stage, gen_id), "a", encoding="utf-8") as handle:
        handle.write(line)
