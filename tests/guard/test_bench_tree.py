"""The benchmark's synthetic tree is what it claims: the guard finds every planted reference."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from codemods.config import load_config
from codemods.findings import LEGACY_REFERENCE
from codemods.guard import check_files

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_guard.py"


def test_guard_finds_every_planted_reference(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_guard", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_guard"] = bench
    spec.loader.exec_module(bench)
    tree = bench.build_tree(tmp_path, 400)
    files = [str(path) for path in sorted(tmp_path.rglob("*.py"))]
    findings = check_files(files, load_config(tmp_path))
    assert tree.files == 400
    assert tree.planted > 5 and tree.planted_relative_in_namespace > 0
    assert [f.code for f in findings] == [LEGACY_REFERENCE] * tree.planted
