"""Prompt templates on disk (GEN_TEMPLATES_ROOT, else <data_root>/1_raw/templates)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import daydreaming_dagster.config.paths

if TYPE_CHECKING:
    from daydreaming_dagster.config.paths import Paths

try:
    from daydreaming_dagster.config.paths import PROMPT_FILENAME
except ImportError:  # checkouts older than the filename constants
    PROMPT_FILENAME = "prompt.txt"


def default_paths(data_root: str) -> "Paths":
    return daydreaming_dagster.config.paths.Paths.from_str(data_root)


def template_text(paths: "Paths", stage: str, template_id: str) -> str:
    return paths.template_file(stage, template_id).read_text(encoding="utf-8")


def prompt_file_name() -> str:
    return PROMPT_FILENAME
