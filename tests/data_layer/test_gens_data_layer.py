"""GensDataLayer: round trips, missing and malformed files, hostile inputs, listing, deletion."""

from __future__ import annotations

import dataclasses
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from data_layer import GensDataLayer

STAGE = "draft"
GEN = "g-001"


# Both local kinds over the same folder: keyed on the data root, and on the gens folder itself.
KINDS = ["root", "gens-folder"]


def make_layer(kind: str, data_root: Path) -> GensDataLayer:
    if kind == "gens-folder":
        return GensDataLayer.from_gens_root(data_root / "gens")
    return GensDataLayer.from_root(data_root)


@pytest.fixture(params=KINDS)
def layer(request: pytest.FixtureRequest, tmp_path: Path) -> GensDataLayer:
    return make_layer(request.param, tmp_path / "data")


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under `root` (folders map to None), to prove that nothing changed."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            found[os.path.join(folder, name)] = None
        for name in files:
            found[os.path.join(folder, name)] = Path(folder, name).read_bytes()
    return found


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


# Round trips.

TEXT_KINDS = [
    pytest.param("prompt", id="prompt"),
    pytest.param("raw", id="raw"),
    pytest.param("parsed", id="parsed"),
]
METADATA_KINDS = [
    pytest.param("main", "metadata.json", id="main"),
    pytest.param("raw", "raw_metadata.json", id="raw"),
    pytest.param("parsed", "parsed_metadata.json", id="parsed"),
]
TEXTS = [
    pytest.param("", id="empty"),
    pytest.param("hello\n", id="line"),
    pytest.param("ünïcödé ✓ 日本 \U0001f600", id="unicode"),
    pytest.param("a\r\nb\rc\nd", id="mixed-newlines"),
    pytest.param("\ufeffwith bom", id="bom-char"),
    pytest.param("x" * 300_000, id="large"),
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_text_round_trip(layer: GensDataLayer, tmp_path: Path, kind: str, text: str) -> None:
    written = getattr(layer, f"write_{kind}")(STAGE, GEN, text)
    assert written == getattr(layer, f"{kind}_path")(STAGE, GEN)
    # The same bytes and the same read-back as a plain Path.write_text / read_text.
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    assert written.read_bytes() == plain.read_bytes()
    assert getattr(layer, f"read_{kind}")(STAGE, GEN) == plain.read_text(encoding="utf-8")
    assert temporaries(written.parent) == []


@pytest.mark.parametrize(("kind", "filename"), METADATA_KINDS)
def test_metadata_round_trip(layer: GensDataLayer, kind: str, filename: str) -> None:
    metadata = {"parent_gen_id": "p1", "n": 3, "x": 1.5, "ok": True, "none": None, "ü": ["日本"]}
    written = getattr(layer, f"write_{kind}_metadata")(STAGE, GEN, metadata)
    assert written == layer.generation_dir(STAGE, GEN) / filename
    assert written.read_text(encoding="utf-8") == json.dumps(metadata, ensure_ascii=False, indent=2)
    assert getattr(layer, f"read_{kind}_metadata")(STAGE, GEN) == metadata


def test_overwrite_replaces_the_whole_file(layer: GensDataLayer) -> None:
    layer.write_raw(STAGE, GEN, "a long first version\n" * 100)
    layer.write_raw(STAGE, GEN, "short")
    assert layer.read_raw(STAGE, GEN) == "short"


def test_int_components_go_through_str(layer: GensDataLayer) -> None:
    layer.write_raw(1, 2, "x")
    assert layer.read_raw("1", "2") == "x"
    assert layer.list_generations(1) == ["2"]


# Reads: the same str as Path.read_text(encoding="utf-8"), or the same exception type.

RAW_BYTES = [
    pytest.param(b"", id="empty"),
    pytest.param(b"a\r\nb", id="crlf"),
    pytest.param(b"a\rb\r", id="lone-cr"),
    pytest.param(b"a\r\r\nb", id="cr-crlf"),
    pytest.param(b"\xef\xbb\xbfbom", id="utf8-bom-kept"),
    pytest.param("ü\u2028x".encode(), id="line-separator-not-a-newline"),
    pytest.param(b"\xff\xfe", id="invalid-utf8"),
    pytest.param(b"ok\xc3", id="truncated-utf8"),
]


@pytest.mark.parametrize("data", RAW_BYTES)
def test_read_matches_read_text(layer: GensDataLayer, data: bytes) -> None:
    path = layer.raw_path(STAGE, GEN)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    try:
        expected: Any = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        with pytest.raises(UnicodeDecodeError):
            layer.read_raw(STAGE, GEN)
    else:
        assert layer.read_raw(STAGE, GEN) == expected


# Missing files.

READERS = [
    pytest.param("read_prompt", "prompt.txt", id="prompt"),
    pytest.param("read_raw", "raw.txt", id="raw"),
    pytest.param("read_parsed", "parsed.txt", id="parsed"),
    pytest.param("read_main_metadata", "metadata.json", id="main-metadata"),
    pytest.param("read_raw_metadata", "raw_metadata.json", id="raw-metadata"),
    pytest.param("read_parsed_metadata", "parsed_metadata.json", id="parsed-metadata"),
]


@pytest.mark.parametrize("with_folder", [False, True], ids=["no-folder", "empty-folder"])
@pytest.mark.parametrize(("reader", "filename"), READERS)
def test_missing_file_names_the_path(
    layer: GensDataLayer, reader: str, filename: str, with_folder: bool
) -> None:
    if with_folder:
        layer.reserve_generation(STAGE, GEN)
    expected = str(layer.generation_dir(STAGE, GEN) / filename)
    with pytest.raises(FileNotFoundError) as caught:
        getattr(layer, reader)(STAGE, GEN)
    assert caught.value.filename == expected
    assert expected in str(caught.value)


# Malformed and non-object metadata.

MALFORMED = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{", id="truncated"),
    pytest.param(b"{'a': 1}", id="single-quotes"),
    pytest.param(b'{"a": 1} x', id="trailing-data"),
    pytest.param(b"\xef\xbb\xbf{}", id="utf8-bom"),
    pytest.param(b'{"a": NaN', id="nan-truncated"),
]
NOT_OBJECTS = [
    pytest.param(b"[]", "list", id="list"),
    pytest.param(b"1", "int", id="int"),
    pytest.param(b"null", "NoneType", id="null"),
    pytest.param(b'"text"', "str", id="string"),
]
METADATA_READERS = [
    pytest.param("read_main_metadata", "metadata.json", id="main"),
    pytest.param("read_raw_metadata", "raw_metadata.json", id="raw"),
    pytest.param("read_parsed_metadata", "parsed_metadata.json", id="parsed"),
]


@pytest.mark.parametrize("data", MALFORMED)
@pytest.mark.parametrize(("reader", "filename"), METADATA_READERS)
def test_malformed_metadata(layer: GensDataLayer, reader: str, filename: str, data: bytes) -> None:
    path = layer.reserve_generation(STAGE, GEN) / filename
    path.write_bytes(data)
    with pytest.raises(json.JSONDecodeError) as caught:
        getattr(layer, reader)(STAGE, GEN)
    assert isinstance(caught.value, ValueError)
    assert str(path) in str(caught.value)
    # Same position information as the legacy json.loads(read_text()) would report.
    with pytest.raises(json.JSONDecodeError) as legacy:
        json.loads(path.read_text(encoding="utf-8"))
    assert (caught.value.lineno, caught.value.colno, caught.value.pos) == (
        legacy.value.lineno,
        legacy.value.colno,
        legacy.value.pos,
    )


@pytest.mark.parametrize(("data", "type_name"), NOT_OBJECTS)
@pytest.mark.parametrize(("reader", "filename"), METADATA_READERS)
def test_metadata_that_is_not_an_object(
    layer: GensDataLayer, reader: str, filename: str, data: bytes, type_name: str
) -> None:
    path = layer.reserve_generation(STAGE, GEN) / filename
    path.write_bytes(data)
    with pytest.raises(ValueError) as caught:
        getattr(layer, reader)(STAGE, GEN)
    assert not isinstance(caught.value, json.JSONDecodeError)
    assert str(path) in str(caught.value) and type_name in str(caught.value)


# Failed writes leave nothing behind.

FAILED_WRITES = [
    pytest.param("write_raw", 12, TypeError, id="text-not-str"),
    pytest.param("write_raw", b"bytes", TypeError, id="text-bytes"),
    pytest.param("write_prompt", "lone \ud800 surrogate", UnicodeEncodeError, id="surrogate"),
    pytest.param("write_main_metadata", {"x": object()}, TypeError, id="unserialisable"),
    pytest.param("write_raw_metadata", {"x": {1, 2}}, TypeError, id="set-value"),
    pytest.param("write_parsed_metadata", {"\ud800": 1}, UnicodeEncodeError, id="surrogate-key"),
]


@pytest.mark.parametrize(("method", "value", "error"), FAILED_WRITES)
def test_failed_write_creates_nothing(
    layer: GensDataLayer, tmp_path: Path, method: str, value: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        getattr(layer, method)(STAGE, GEN, value)
    assert tree(tmp_path) == {}


@pytest.mark.parametrize(("method", "value", "error"), FAILED_WRITES)
def test_failed_write_keeps_the_old_file(
    layer: GensDataLayer, method: str, value: Any, error: type[Exception]
) -> None:
    layer.write_raw(STAGE, GEN, "old")
    layer.write_main_metadata(STAGE, GEN, {"old": True})
    before = tree(layer.gens_root.parent)
    with pytest.raises(error):
        getattr(layer, method)(STAGE, GEN, value)
    assert tree(layer.gens_root.parent) == before


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


# Reservation, existence, listing, deletion.


def test_reserve_and_exists(layer: GensDataLayer) -> None:
    assert not layer.exists(STAGE, GEN)
    folder = layer.reserve_generation(STAGE, GEN, create=False)
    assert folder == layer.generation_dir(STAGE, GEN) and not folder.exists()
    assert layer.reserve_generation(STAGE, GEN) == folder and folder.is_dir()
    assert layer.reserve_generation(STAGE, GEN) == folder  # idempotent
    assert layer.exists(STAGE, GEN)


def test_exists_is_false_for_a_file(layer: GensDataLayer) -> None:
    layer.reserve_generation(STAGE, "x").rmdir()
    layer.generation_dir(STAGE, "x").write_text("not a generation")
    assert not layer.exists(STAGE, "x")


def test_list_generations(layer: GensDataLayer) -> None:
    assert layer.list_generations(STAGE) == []  # no gens folder at all
    layer.reserve_generation("other", "o1")
    assert layer.list_generations(STAGE) == []  # no stage folder
    for gen_id in ["b", "a", "10", "9", "-dash", " space", "ü", "c.d", "~"]:
        layer.reserve_generation(STAGE, gen_id)
    stage_dir = layer.gens_root / STAGE
    (stage_dir / ".hidden").mkdir()
    (stage_dir / ".trash").mkdir()
    (stage_dir / "a-file").write_text("x")
    (stage_dir / ".raw.txt.0123.tmp").write_text("x")
    (stage_dir / "a-link").symlink_to(stage_dir / "a")
    (stage_dir / "dangling").symlink_to(stage_dir / "nowhere")
    assert layer.list_generations(STAGE) == sorted(
        [" space", "-dash", "10", "9", "a", "a-link", "b", "c.d", "~", "ü"]
    )


def test_list_generations_of_a_file_stage(layer: GensDataLayer) -> None:
    layer.gens_root.mkdir(parents=True)
    (layer.gens_root / STAGE).write_text("x")
    with pytest.raises(NotADirectoryError):
        layer.list_generations(STAGE)


def test_delete_generation(layer: GensDataLayer) -> None:
    layer.write_raw(STAGE, GEN, "x")
    layer.write_raw(STAGE, "keep", "y")
    (layer.generation_dir(STAGE, GEN) / "sub").mkdir()
    layer.delete_generation(STAGE, GEN)
    assert not layer.exists(STAGE, GEN)
    assert layer.list_generations(STAGE) == ["keep"]
    with pytest.raises(FileNotFoundError) as caught:
        layer.delete_generation(STAGE, GEN)
    assert str(layer.generation_dir(STAGE, GEN)) in str(caught.value)


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


def test_load_generation_of_nothing(layer: GensDataLayer) -> None:
    assert layer.load_generation(STAGE, GEN) == {
        "stage": STAGE,
        "gen_id": GEN,
        "parent_gen_id": None,
        "raw_text": "",
        "parsed_text": None,
        "prompt_text": None,
        "metadata": None,
    }


# Hostile inputs: refused by every public method before anything is touched.

HOSTILE = [
    pytest.param("", "empty", id="empty"),
    pytest.param(".", "enclosing or the parent", id="dot"),
    pytest.param("..", "enclosing or the parent", id="dotdot"),
    pytest.param("/", "absolute", id="slash"),
    pytest.param("/etc", "absolute", id="absolute"),
    pytest.param("a/b", "separator", id="nested"),
    pytest.param("../escape", "separator", id="parent-escape"),
    pytest.param("a/", "separator", id="trailing-slash"),
    pytest.param("\\", "absolute", id="backslash"),
    pytest.param("a\\b", "separator", id="windows-separator"),
    pytest.param("..\\x", "separator", id="windows-escape"),
    pytest.param("\x00", "NUL", id="nul"),
    pytest.param("a\x00b", "NUL", id="embedded-nul"),
    pytest.param(Path("a/b"), "separator", id="path-object"),
]

Call = Callable[[GensDataLayer, Any, Any], object]
METHODS: list[Any] = [
    pytest.param(lambda layer, s, g: layer.generation_dir(s, g), id="generation_dir"),
    pytest.param(lambda layer, s, g: layer.prompt_path(s, g), id="prompt_path"),
    pytest.param(lambda layer, s, g: layer.raw_path(s, g), id="raw_path"),
    pytest.param(lambda layer, s, g: layer.parsed_path(s, g), id="parsed_path"),
    pytest.param(lambda layer, s, g: layer.main_metadata_path(s, g), id="main_metadata_path"),
    pytest.param(lambda layer, s, g: layer.raw_metadata_path(s, g), id="raw_metadata_path"),
    pytest.param(lambda layer, s, g: layer.parsed_metadata_path(s, g), id="parsed_metadata_path"),
    pytest.param(lambda layer, s, g: layer.reserve_generation(s, g), id="reserve_generation"),
    pytest.param(
        lambda layer, s, g: layer.reserve_generation(s, g, create=False), id="reserve-no-create"
    ),
    pytest.param(lambda layer, s, g: layer.exists(s, g), id="exists"),
    pytest.param(lambda layer, s, g: layer.write_prompt(s, g, "x"), id="write_prompt"),
    pytest.param(lambda layer, s, g: layer.write_raw(s, g, "x"), id="write_raw"),
    pytest.param(lambda layer, s, g: layer.write_parsed(s, g, "x"), id="write_parsed"),
    pytest.param(lambda layer, s, g: layer.write_main_metadata(s, g, {}), id="write_main_metadata"),
    pytest.param(lambda layer, s, g: layer.write_raw_metadata(s, g, {}), id="write_raw_metadata"),
    pytest.param(
        lambda layer, s, g: layer.write_parsed_metadata(s, g, {}), id="write_parsed_metadata"
    ),
    pytest.param(lambda layer, s, g: layer.read_prompt(s, g), id="read_prompt"),
    pytest.param(lambda layer, s, g: layer.read_raw(s, g), id="read_raw"),
    pytest.param(lambda layer, s, g: layer.read_parsed(s, g), id="read_parsed"),
    pytest.param(lambda layer, s, g: layer.read_main_metadata(s, g), id="read_main_metadata"),
    pytest.param(lambda layer, s, g: layer.read_raw_metadata(s, g), id="read_raw_metadata"),
    pytest.param(lambda layer, s, g: layer.read_parsed_metadata(s, g), id="read_parsed_metadata"),
    pytest.param(lambda layer, s, g: layer.load_generation(s, g), id="load_generation"),
    pytest.param(lambda layer, s, g: layer.delete_generation(s, g), id="delete_generation"),
]


@pytest.fixture(params=KINDS)
def populated(request: pytest.FixtureRequest, tmp_path: Path) -> GensDataLayer:
    """A store with files at every place a hostile component could reach."""
    layer = make_layer(request.param, tmp_path / "root" / "data")
    layer.write_raw(STAGE, GEN, "inside")
    layer.write_main_metadata(STAGE, GEN, {"a": 1})
    for folder in (tmp_path, tmp_path / "root", layer.gens_root.parent, layer.gens_root):
        (folder / "raw.txt").write_text("outside")
        (folder / "metadata.json").write_text("{}")
    (tmp_path / "escape").mkdir()
    (tmp_path / "escape" / "raw.txt").write_text("outside")
    return layer


@pytest.mark.parametrize(("bad", "reason"), HOSTILE)
@pytest.mark.parametrize("call", METHODS)
@pytest.mark.parametrize("argument", ["stage", "gen_id"])
def test_hostile_components_are_refused(
    populated: GensDataLayer, tmp_path: Path, call: Call, bad: Any, reason: str, argument: str
) -> None:
    before = tree(tmp_path)
    stage, gen_id = (bad, GEN) if argument == "stage" else (STAGE, bad)
    with pytest.raises(ValueError, match=f"^{argument} must be one plain path component") as caught:
        call(populated, stage, gen_id)
    assert reason in str(caught.value)
    assert tree(tmp_path) == before


@pytest.mark.parametrize(("bad", "reason"), HOSTILE)
def test_hostile_stage_in_listing(
    populated: GensDataLayer, tmp_path: Path, bad: Any, reason: str
) -> None:
    before = tree(tmp_path)
    with pytest.raises(ValueError, match=r"^stage must be one plain path component"):
        populated.list_generations(bad)
    assert tree(tmp_path) == before


@pytest.mark.parametrize(("bad", "reason"), HOSTILE)
def test_refusal_says_why(layer: GensDataLayer, bad: Any, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        layer.raw_path(STAGE, bad)
