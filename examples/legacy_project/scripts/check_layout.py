#!/usr/bin/env python
"""Print the data folders of a data root (loads the paths module by name, as plugins do)."""

from __future__ import annotations

import importlib
import sys


def layout(data_root: str) -> dict[str, str]:
    module = importlib.import_module("daydreaming_dagster.config.paths")
    paths = module.Paths.from_str(data_root)
    return {"gens": str(paths.gens_root), "raw": str(paths.raw_dir), "tasks": str(paths.tasks_dir)}


if __name__ == "__main__":
    for name, folder in layout(sys.argv[1]).items():
        print(f"{name}\t{folder}")
