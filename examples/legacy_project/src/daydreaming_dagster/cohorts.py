"""Cohorts: which generations belong together, and which files each one must have."""

from __future__ import annotations

import csv
from pathlib import Path

from .config.paths import PROMPT_FILENAME, RAW_FILENAME

REQUIRED_FILES = (PROMPT_FILENAME, RAW_FILENAME)


def cohort_members(data_root: str | Path, cohort_id: str) -> list[str]:
    # Imported here to keep `import daydreaming_dagster.cohorts` light.
    from .config.paths import Paths

    membership = Paths(data_root).cohort_membership_csv(cohort_id)
    with membership.open(newline="", encoding="utf-8") as handle:
        return [row["gen_id"] for row in csv.DictReader(handle)]


def missing_files(generation_dir: Path) -> list[str]:
    return [name for name in REQUIRED_FILES if not (generation_dir / name).exists()]
