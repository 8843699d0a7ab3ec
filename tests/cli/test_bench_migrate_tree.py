"""The migration benchmark's synthetic tree is what it claims: every legacy module (padded or
not) is rewritten, decoys and plain modules are left alone, and no legacy import is left."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from codemods.config import load_config
from codemods.registry import pipeline
from codemods.run.runner import process_files

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_migrate.py"


@pytest.mark.parametrize("pad", [0, 2])
def test_every_legacy_module_is_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pad: int
) -> None:
    spec = importlib.util.spec_from_file_location("_bench_migrate_tree", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    # dataclasses looks the module up in sys.modules while the class body runs.
    monkeypatch.setitem(sys.modules, spec.name, bench)
    spec.loader.exec_module(bench)
    legacy, decoy = bench.generate(tmp_path, 120, pad=pad)
    assert legacy > 2 and decoy > 0
    files = sorted((tmp_path / "src").rglob("module_*.py"))
    results = list(process_files(files, load_config(tmp_path), pipeline("all"), write=True, jobs=1))
    changed = [result for result in results if result.status == "changed"]
    assert len(changed) == legacy
    assert all(result.status in ("changed", "skipped", "unchanged") for result in results)
    for result in changed:
        text = result.path.read_text()
        assert "config.paths" not in text and "from data_layer import GensDataLayer" in text
        assert result.before is not None
        before = result.before.decode()
        # Padded as asked, and the padding kept whole.
        assert before.count("\ndef build_") == text.count("\ndef build_") == pad
        assert text.endswith(bench.padding(int(result.path.stem.split("_")[1]), pad))


def test_phase_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    path = BENCH.with_name("bench_phases.py")
    spec = importlib.util.spec_from_file_location("_bench_phases_smoke", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--files", "100", "--repeat", "1"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("lines each on average")
    assert [line.split()[0] for line in printed[1:]] == [
        "parse",
        "import",
        "IO",
        "of",
        "(scope",
        "print",
        "all",
    ]
