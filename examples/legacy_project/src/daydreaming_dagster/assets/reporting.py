"""Reporting: where the outputs of one stage live.

Uses `daydreaming_dagster.config.paths` through the module (`paths_module.Paths`).
"""

from __future__ import annotations

from daydreaming_dagster.config import paths as paths_module


def stage_report(data_root: str, stage: str, gen_ids: list[str]) -> list[dict[str, str]]:
    paths = paths_module.Paths.from_str(data_root)
    return [
        {"gen_id": gen_id, "parsed": paths.parsed_path(stage, gen_id).name, "file": paths_module.PARSED_FILENAME}
        for gen_id in gen_ids
    ]
