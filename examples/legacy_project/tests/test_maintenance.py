from __future__ import annotations

from pathlib import Path

import pytest

from daydreaming_dagster.assets.maintenance import GensIOManager, copy_raw, metadata_model, retouch_raw


@pytest.mark.parametrize("refresh", [False, True])
def test_retouch_raw(context, data_root: Path, refresh: bool) -> None:
    (data_root / "gens/draft/r1").mkdir(parents=True)
    retouch_raw(context, "draft", "r1", "retouched – once", refresh=refresh)
    assert (data_root / "gens/draft/r1/raw.txt").read_text(encoding="utf-8") == "retouched – once"


def test_copy_raw(context, data_root: Path) -> None:
    source = data_root / "gens/draft/c1"
    source.mkdir(parents=True)
    (source / "raw.txt").write_text("copied ✓", encoding="utf-8")
    assert copy_raw(context, "draft", "c1", "c2") == "copied ✓"
    assert (data_root / "gens/draft/c2/raw.txt").read_text(encoding="utf-8") == "copied ✓"


def test_gens_io_manager(tmp_path: Path) -> None:
    manager = GensIOManager(str(tmp_path / "store"))
    assert manager.handle_output("essay", "m1", "kept") == tmp_path / "store/essay/m1"
    assert (tmp_path / "store/essay/m1/raw.txt").read_text(encoding="utf-8") == "kept"


@pytest.mark.parametrize(
    ("content", "expected"),
    [('{"model": "m-7"}', "m-7"), ("{}", None), ("[1, 2]", None), ('"text"', None), ("5", None), ("null", None)],
)
def test_metadata_model_tolerates_any_json(context, data_root: Path, content: str, expected: str | None) -> None:
    folder = data_root / "gens/draft/t1"
    folder.mkdir(parents=True)
    (folder / "metadata.json").write_text(content, encoding="utf-8")
    assert metadata_model(context, "draft", "t1") == expected
