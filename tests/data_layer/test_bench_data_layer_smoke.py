"""The benchmark script runs (tiny sizes, no timing asserted: figures belong in bench/)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_data_layer.py"


def test_bench_runs_and_prints_every_case(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("_bench_data_layer_smoke", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    # dataclasses looks the module up in sys.modules while the class body runs.
    monkeypatch.setitem(sys.modules, spec.name, bench)
    spec.loader.exec_module(bench)
    lines: list[str] = []
    rows = bench.run(number=2, repeats=1, generations=5, out=lines.append)
    assert len(rows) == 10
    assert all(row.layer_s > 0 and row.baseline_s > 0 for row in rows)
    assert len(lines) == len(rows) + 2
    assert any("write_gen_raw" in line for line in lines)


def test_bench_s3_runs_and_prints_every_case(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    spec = importlib.util.spec_from_file_location("_bench_data_layer_smoke_s3", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, bench)
    spec.loader.exec_module(bench)
    for name in bench.S3_ENV:  # run_s3 sets them for its client; give them back afterwards
        monkeypatch.setenv(name, os.environ.get(name, ""))
        monkeypatch.delenv(name)
    lines: list[str] = []
    rows = bench.run_s3(number=2, repeats=1, generations=5, loads=3, out=lines.append)
    assert [row.target for row in rows] == [1.1, 1.1, 1.2, 0.2]
    assert all(row.layer_s > 0 and row.baseline_s > 0 for row in rows)
    assert any("fs.pipe_file" in line for line in lines)
