#!/usr/bin/env python
"""List every file of the gens store. Written long ago with a star import, which no tool can
rewrite safely: the migration reports it for a human."""

from __future__ import annotations

import sys

from daydreaming_dagster.config.paths import *  # noqa: F403


def dump(data_root: str) -> list[str]:
    store = Paths.from_str(data_root).gens_root  # noqa: F405
    return sorted(str(path.relative_to(store)) for path in store.rglob("*") if path.is_file())


if __name__ == "__main__":
    print("\n".join(dump(sys.argv[1])))
