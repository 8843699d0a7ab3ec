"""GensDataLayer on a local folder only: the frozen record, atomic writes through a temporary
file, permissions, empty folders and symbolic links. The behaviours every store shares (round
trips, missing and malformed files, failed writes, hostile inputs, listing, deletion) are tested on
every backend by test_layer_backends.py, from the tables in stores.py."""

from __future__ import annotations

import dataclasses
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from stores import LOCAL_BACKENDS, Store

from data_layer import GensDataLayer

STAGE = "draft"
GEN = "g-001"


@pytest.fixture(params=LOCAL_BACKENDS)
def layer(request: pytest.FixtureRequest, tmp_path: Path) -> GensDataLayer:
    """Both local kinds over the same folder: keyed on the data root, and on the gens folder."""
    return Store(request.param, tmp_path).layer


def temporaries(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


# Construction.


def test_only_state_is_data_root(tmp_path: Path) -> None:
    layer = GensDataLayer.from_root(str(tmp_path))
    assert [field.name for field in dataclasses.fields(GensDataLayer)] == ["data_root"]
    assert layer.data_root == tmp_path and isinstance(layer.data_root, Path)
    assert not hasattr(layer, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        layer.data_root = Path("other")  # type: ignore[misc]
    assert GensDataLayer.from_root(tmp_path) == layer
    assert GensDataLayer.from_root("rel").data_root == Path("rel")


# Writes: through a temporary file in the same folder, then os.replace.


def test_failure_during_write_removes_the_temporary(
    layer: GensDataLayer, monkeypatch: pytest.MonkeyPatch
) -> None:
    layer.write_raw(STAGE, GEN, "old")

    def broken_write(fd: int, data: Any) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", broken_write)
    with pytest.raises(OSError, match="No space"):
        layer.write_raw(STAGE, GEN, "new")
    monkeypatch.undo()
    assert layer.read_raw(STAGE, GEN) == "old"
    assert temporaries(layer.generation_dir(STAGE, GEN)) == []


def test_target_that_is_a_folder(layer: GensDataLayer) -> None:
    layer.raw_path(STAGE, GEN).mkdir(parents=True)
    with pytest.raises(OSError):
        layer.write_raw(STAGE, GEN, "x")
    assert sorted(os.listdir(layer.generation_dir(STAGE, GEN))) == ["raw.txt"]


def test_short_writes_are_completed(layer: GensDataLayer, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def dribble(fd: int, data: Any) -> int:
        return real_write(fd, bytes(data[:7]))

    monkeypatch.setattr(os, "write", dribble)
    layer.write_raw(STAGE, GEN, "0123456789" * 10)
    monkeypatch.undo()
    assert layer.read_raw(STAGE, GEN) == "0123456789" * 10


# Permissions: those of a plain write under the same umask (the legacy helper gives 0600).


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077, 0o002])
def test_permissions_follow_the_umask(tmp_path: Path, umask: int) -> None:
    from legacy import legacy_generation

    layer = GensDataLayer.from_root(tmp_path / "layer")
    old = os.umask(umask)
    try:
        written = layer.write_raw(STAGE, GEN, "x")
        plain = tmp_path / "plain" / STAGE / GEN / "raw.txt"
        plain.parent.mkdir(parents=True)
        plain.write_text("x", encoding="utf-8")
        legacy_dir = legacy_generation().write_gen_raw(tmp_path / "legacy", STAGE, GEN, "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert stat.S_IMODE(written.stat().st_mode) == 0o666 & ~umask
    for folder in (written.parent, written.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask
    # The behaviour difference docs/behaviour-differences.md documents: the legacy helper writes
    # through mkstemp.
    assert stat.S_IMODE((legacy_dir / "raw.txt").stat().st_mode) == 0o600


# Empty folders and symbolic links, which only a local folder holds.


def test_list_generations_of_links_and_empty_folders(layer: GensDataLayer) -> None:
    layer.reserve_generation(STAGE, "a")
    stage_dir = layer.gens_root / STAGE
    (stage_dir / ".hidden").mkdir()
    (stage_dir / ".trash").mkdir()
    (stage_dir / "a-link").symlink_to(stage_dir / "a")
    (stage_dir / "dangling").symlink_to(stage_dir / "nowhere")
    assert layer.list_generations(STAGE) == ["a", "a-link"]


def test_delete_generation_holding_an_empty_folder(layer: GensDataLayer) -> None:
    layer.write_raw(STAGE, GEN, "x")
    (layer.generation_dir(STAGE, GEN) / "sub").mkdir()
    layer.delete_generation(STAGE, GEN)
    assert not layer.exists(STAGE, GEN)
    assert not layer.generation_dir(STAGE, GEN).exists()


def test_delete_never_follows_links(layer: GensDataLayer, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me")
    layer.reserve_generation(STAGE, "real")
    stage_dir = layer.gens_root / STAGE
    (stage_dir / "linked").symlink_to(outside, target_is_directory=True)
    (stage_dir / "real" / "inner-link").symlink_to(outside, target_is_directory=True)
    layer.delete_generation(STAGE, "linked")
    assert not (stage_dir / "linked").exists() and not (stage_dir / "linked").is_symlink()
    layer.delete_generation(STAGE, "real")
    assert (outside / "precious.txt").read_text() == "keep me"
    assert layer.list_generations(STAGE) == []


# Symbolic links: the docstring's account, case by case.


def test_a_linked_generation_folder_is_read_and_written_through(
    layer: GensDataLayer, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    stage_dir = layer.reserve_generation(STAGE, "real").parent
    (stage_dir / "linked").symlink_to(outside, target_is_directory=True)
    layer.write_raw(STAGE, "linked", "through the link")
    assert (outside / "raw.txt").read_text(encoding="utf-8") == "through the link"
    assert layer.read_raw(STAGE, "linked") == "through the link"
    assert "linked" in layer.list_generations(STAGE)
    layer.delete_generation(STAGE, "linked")
    assert (outside / "raw.txt").read_text(encoding="utf-8") == "through the link"


def test_a_linked_file_is_read_through_and_replaced_by_a_write(
    layer: GensDataLayer, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("outside", encoding="utf-8")
    folder = layer.reserve_generation(STAGE, GEN)
    (folder / "raw.txt").symlink_to(outside)
    assert layer.read_raw(STAGE, GEN) == "outside"
    layer.write_raw(STAGE, GEN, "inside")
    assert not (folder / "raw.txt").is_symlink()
    assert layer.read_raw(STAGE, GEN) == "inside"
    assert outside.read_text(encoding="utf-8") == "outside"
