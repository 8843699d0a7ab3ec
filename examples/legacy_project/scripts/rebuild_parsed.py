#!/usr/bin/env python
"""Re-derive parsed.txt from raw.txt for every generation of one stage.

Usage: python scripts/rebuild_parsed.py DATA_ROOT STAGE
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from daydreaming_dagster.config.paths import Paths  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data_root")
    parser.add_argument("stage")
    args = parser.parse_args(argv)

    paths = Paths.from_str(args.data_root)
    stage_dir = paths.gens_root / args.stage
    for gen_id in sorted(entry.name for entry in stage_dir.iterdir() if entry.is_dir()):
        raw = paths.raw_path(args.stage, gen_id).read_text(encoding="utf-8")
        paths.parsed_path(args.stage, gen_id).write_text(raw.strip(), encoding="utf-8")
        print(f"{args.stage}/{gen_id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
