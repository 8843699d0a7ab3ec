"""The layer's behaviour on every backend (local folder, memory://, S3 on a local moto server):
the same results and the same exceptions, and no key outside the root ever touched."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from legacy import legacy_generation
from stores import (
    FAILED_WRITES,
    GENERATION_FILES,
    HOSTILE,
    MALFORMED,
    METADATA_KINDS,
    METHODS,
    NOT_OBJECTS,
    RAW_BYTES,
    TEXT_KINDS,
    TEXTS,
    Store,
    call_method,
)

from data_layer import GensDataLayer

LEGACY = legacy_generation()
STAGE = "draft"
GEN = "g-001"


def plain_read(data: bytes) -> str:
    """What `Path.read_text(encoding="utf-8")` gives for a file holding `data`: the text wrapper
    it reads through (strict UTF-8, universal newlines), over the bytes instead of a file."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


def test_root_kind(store: Store) -> None:
    layer = store.layer
    root_keyed = GensDataLayer.from_root(store.base / "data")
    assert layer.gens_root == root_keyed.gens_root == store.base / "data" / "gens"
    if store.backend == "gens-folder":
        # The same folder, but another kind of layer: never equal to the root-keyed one.
        assert layer != root_keyed and layer == GensDataLayer.from_gens_root(layer.gens_root)
        assert isinstance(layer, GensDataLayer) and isinstance(layer.raw_path(STAGE, GEN), Path)
    else:
        assert layer == root_keyed
    if store.backend == "local":
        assert type(layer) is GensDataLayer and isinstance(layer.raw_path(STAGE, GEN), Path)
    elif store.backend != "gens-folder":
        from upath import UPath

        assert isinstance(layer, GensDataLayer) and isinstance(layer.data_root, UPath)
        assert isinstance(layer.gens_root, UPath)
        assert layer.gens_root.storage_options == layer.data_root.storage_options
        assert isinstance(layer.raw_path(STAGE, GEN), UPath)
    assert str(layer.raw_path(STAGE, GEN)) == f"{store.base / 'data'}/gens/{STAGE}/{GEN}/raw.txt"
    assert layer.generation_dir(STAGE, GEN) == layer.raw_path(STAGE, GEN).parent


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("kind", TEXT_KINDS)
def test_text_round_trip(store: Store, kind: str, text: str) -> None:
    layer = store.layer
    written = getattr(layer, f"write_{kind}")(STAGE, GEN, text)
    assert written == getattr(layer, f"{kind}_path")(STAGE, GEN)
    assert written.read_bytes() == text.encode()  # POSIX newlines: nothing translated
    assert getattr(layer, f"read_{kind}")(STAGE, GEN) == plain_read(text.encode())
    # The one file in the store: no temporary left beside it.
    files = [data for data in store.snapshot().values() if data is not None]
    assert files == [text.encode()]


@pytest.mark.parametrize(("kind", "filename"), METADATA_KINDS)
def test_metadata_round_trip(store: Store, kind: str, filename: str) -> None:
    layer = store.layer
    metadata = {"parent_gen_id": "p1", "n": 3, "x": 1.5, "ok": True, "none": None, "ü": ["日本"]}
    written = getattr(layer, f"write_{kind}_metadata")(STAGE, GEN, metadata)
    assert written == layer.generation_dir(STAGE, GEN) / filename
    assert written.read_bytes() == json.dumps(metadata, ensure_ascii=False, indent=2).encode()
    assert getattr(layer, f"read_{kind}_metadata")(STAGE, GEN) == metadata


def test_overwrite_and_int_components(store: Store) -> None:
    layer = store.layer
    layer.write_raw(STAGE, GEN, "a long first version\n" * 100)
    layer.write_raw(STAGE, GEN, "short")
    assert layer.read_raw(STAGE, GEN) == "short"
    layer.write_raw(1, 2, "x")
    assert layer.read_raw("1", "2") == "x"
    assert layer.list_generations(1) == ["2"]


@pytest.mark.parametrize("data", RAW_BYTES)
def test_read_matches_read_text(store: Store, data: bytes) -> None:
    layer = store.layer
    store.put(layer.raw_path(STAGE, GEN), data)
    try:
        expected = plain_read(data)
    except UnicodeDecodeError:
        with pytest.raises(UnicodeDecodeError):
            layer.read_raw(STAGE, GEN)
    else:
        assert layer.read_raw(STAGE, GEN) == expected


@pytest.mark.parametrize("reserved", [False, True], ids=["nothing", "reserved"])
@pytest.mark.parametrize(("name", "filename"), GENERATION_FILES)
def test_missing_file_names_the_path(
    store: Store, name: str, filename: str, reserved: bool
) -> None:
    layer = store.layer
    if reserved:
        layer.reserve_generation(STAGE, GEN)
    expected = str(layer.generation_dir(STAGE, GEN) / filename)
    assert str(getattr(layer, f"{name}_path")(STAGE, GEN)) == expected
    with pytest.raises(FileNotFoundError) as caught:
        getattr(layer, f"read_{name}")(STAGE, GEN)
    assert caught.value.filename == expected
    assert expected in str(caught.value)


@pytest.mark.parametrize("data", MALFORMED)
@pytest.mark.parametrize(("kind", "filename"), METADATA_KINDS)
def test_malformed_metadata(store: Store, kind: str, filename: str, data: bytes) -> None:
    layer = store.layer
    path = layer.generation_dir(STAGE, GEN) / filename
    store.put(path, data)
    with pytest.raises(json.JSONDecodeError) as caught:
        getattr(layer, f"read_{kind}_metadata")(STAGE, GEN)
    assert str(path) in str(caught.value)
    # The position the legacy json.loads(read_text()) reports.
    with pytest.raises(json.JSONDecodeError) as legacy:
        json.loads(plain_read(data))
    assert (caught.value.lineno, caught.value.colno, caught.value.pos) == (
        legacy.value.lineno,
        legacy.value.colno,
        legacy.value.pos,
    )


@pytest.mark.parametrize(("data", "type_name"), NOT_OBJECTS)
@pytest.mark.parametrize(("kind", "filename"), METADATA_KINDS)
def test_metadata_that_is_not_an_object(
    store: Store, kind: str, filename: str, data: bytes, type_name: str
) -> None:
    layer = store.layer
    path = layer.generation_dir(STAGE, GEN) / filename
    store.put(path, data)
    with pytest.raises(ValueError) as caught:
        getattr(layer, f"read_{kind}_metadata")(STAGE, GEN)
    assert not isinstance(caught.value, json.JSONDecodeError)
    assert str(path) in str(caught.value) and type_name in str(caught.value)


@pytest.mark.parametrize(("method", "value", "error"), FAILED_WRITES)
def test_failed_write_changes_nothing(
    store: Store, method: str, value: Any, error: type[Exception]
) -> None:
    layer = store.layer
    with pytest.raises(error):
        getattr(layer, method)(STAGE, GEN, value)
    assert store.snapshot() == {}
    layer.write_raw(STAGE, GEN, "old")
    layer.write_main_metadata(STAGE, GEN, {"old": True})
    before = store.snapshot()
    with pytest.raises(error):
        getattr(layer, method)(STAGE, GEN, value)
    assert store.snapshot() == before


def test_reserve_exists_and_list_agree(store: Store) -> None:
    layer = store.layer
    assert not layer.exists(STAGE, GEN) and layer.list_generations(STAGE) == []
    folder = layer.reserve_generation(STAGE, GEN, create=False)
    assert folder == layer.generation_dir(STAGE, GEN) and not folder.exists()
    assert not layer.exists(STAGE, GEN) and layer.list_generations(STAGE) == []
    assert layer.reserve_generation(STAGE, GEN) == folder and folder.is_dir()
    assert layer.reserve_generation(STAGE, GEN) == folder  # idempotent
    assert layer.exists(STAGE, GEN) and layer.list_generations(STAGE) == [GEN]
    layer.write_raw(STAGE, "written", "x")  # a write alone makes a generation too
    assert layer.exists(STAGE, "written")
    assert layer.list_generations(STAGE) == [GEN, "written"]
    # A reserved generation loads like an empty one.
    assert layer.load_generation(STAGE, GEN)["raw_text"] == ""


def test_exists_is_false_for_a_file(store: Store) -> None:
    layer = store.layer
    store.put(layer.generation_dir(STAGE, "x"), b"not a generation")
    layer.reserve_generation(STAGE, "x0")
    assert not layer.exists(STAGE, "x")
    assert layer.list_generations(STAGE) == ["x0"]


def test_list_generations(store: Store) -> None:
    layer = store.layer
    assert layer.list_generations(STAGE) == []
    layer.reserve_generation("other", "o1")
    assert layer.list_generations(STAGE) == []
    ids = ["b", "a", "10", "9", "-dash", " space", "ü", "c.d", "~", "g1", "g10", "*", "[ab]"]
    for gen_id in ids:
        layer.write_raw(STAGE, gen_id, gen_id)
        layer.reserve_generation("reserved", gen_id)
    for stage in (STAGE, "reserved"):
        stage_dir = layer.generation_dir(stage, "a").parent
        store.put(stage_dir / ".hidden" / "raw.txt", b"x")
        store.put(stage_dir / "a-file", b"x")
        store.put(stage_dir / ".raw.txt.0123.tmp", b"x")
        assert layer.list_generations(stage) == sorted(ids), stage
    # Ids holding glob characters are read and written literally.
    assert [layer.read_raw(STAGE, gen_id) for gen_id in ids] == ids


def test_list_generations_of_a_file_stage(store: Store) -> None:
    layer = store.layer
    store.put(layer.generation_dir(STAGE, "x").parent, b"x")
    with pytest.raises(NotADirectoryError):
        layer.list_generations(STAGE)


@pytest.mark.parametrize("gen_id", ["g1", "*", "g[1]", "g?"])
def test_delete_generation(store: Store, gen_id: str) -> None:
    layer = store.layer
    for name in (gen_id, "g10", "g1x", "keep"):
        layer.write_raw(STAGE, name, "x")
        layer.write_main_metadata(STAGE, name, {})
    store.put(layer.generation_dir(STAGE, gen_id) / "sub" / "raw.txt", b"x")  # deleted too
    layer.write_raw("other", gen_id, "x")
    layer.reserve_generation(STAGE, gen_id)
    doomed = str(layer.generation_dir(STAGE, gen_id)).split("://")[-1]
    others = {
        key: value
        for key, value in store.snapshot().items()
        if not (key.endswith(doomed) or f"{doomed}/" in key)
    }
    layer.delete_generation(STAGE, gen_id)
    assert not layer.exists(STAGE, gen_id)
    assert layer.list_generations(STAGE) == sorted({"g10", "g1x", "keep"} - {gen_id})
    after = store.snapshot()
    assert {key: value for key, value in after.items() if key in others} == others
    assert layer.read_raw("other", gen_id) == "x"
    with pytest.raises(FileNotFoundError) as caught:
        layer.delete_generation(STAGE, gen_id)
    assert str(layer.generation_dir(STAGE, gen_id)) in str(caught.value)


# load_generation: the legacy dict for every state, the legacy function run on a local copy.


def test_gen_ids_starting_with_a_dot(store: Store) -> None:
    """Refused by every method (listings skip them), and a stray one is not listed."""
    layer = store.layer
    layer.write_raw(STAGE, "visible", "x")
    store.put(layer.generation_dir(STAGE, "visible").parent / ".hidden" / "raw.txt", b"x")
    before = store.snapshot()
    for method, arguments in METHODS:
        if method == "list_generations":
            continue  # it takes no gen_id
        with pytest.raises(ValueError, match=r"starts with '\.'"):
            call_method(layer, method, STAGE, ".hidden", arguments)
    # The batch loader refuses before it fetches the valid ids.
    with pytest.raises(ValueError, match=r"starts with '\.'"):
        layer.load_generations(STAGE, ["visible", ".hidden"])
    assert layer.list_generations(STAGE) == ["visible"]
    assert store.snapshot() == before


# What each of the four files may hold (None: missing), crossed with every file.
CONTENTS = [
    pytest.param(None, id="missing"),
    pytest.param(b"", id="empty"),
    pytest.param(b'{"parent_gen_id": "p", "a": [1]}', id="object"),
    pytest.param(b'{"a": 1}', id="object-without-parent"),
    pytest.param(b"[1]", id="list"),
    pytest.param(b'"x"', id="string"),
    pytest.param(b"5", id="number"),
    pytest.param(b"null", id="null"),
    pytest.param(b"{nope", id="invalid-json"),
    pytest.param(b"line\r\nnext\r", id="crlf-text"),
    pytest.param(b"\xff", id="invalid-utf8"),
]
FILES = ["raw.txt", "parsed.txt", "prompt.txt", "metadata.json"]


def legacy_outcome(gens_root: Path, gen_id: str) -> Any:
    """The legacy function's dict, or the type of what it raised."""
    try:
        return LEGACY.load_generation(gens_root, STAGE, gen_id)
    except Exception as error:
        return type(error)


@pytest.mark.parametrize("name", FILES)
def test_load_generation_equals_legacy(store: Store, tmp_path: Path, name: str) -> None:
    """The differential table: every content of every file, against the legacy function on a
    local copy of the same generation: the same dict (all seven keys) or the same exception."""
    layer = store.layer
    gens_root = tmp_path / "legacy" / "gens"
    contents = [param.values[0] for param in CONTENTS]
    ids = [f"{name}-{param.id}" for param in CONTENTS]
    for gen_id, data in zip(ids, contents, strict=True):
        (gens_root / STAGE / gen_id).mkdir(parents=True)
        layer.reserve_generation(STAGE, gen_id)
        if data is not None:
            (gens_root / STAGE / gen_id / name).write_bytes(data)
            store.put(layer.generation_dir(STAGE, gen_id) / name, data)
    outcomes = set()
    for gen_id in ids:
        expected = legacy_outcome(gens_root, gen_id)
        if isinstance(expected, dict):
            assert layer.load_generation(STAGE, gen_id) == expected, gen_id
            assert layer.load_generations(STAGE, [gen_id]) == [expected], gen_id
            outcomes.add(dict)
        else:
            with pytest.raises(expected):
                layer.load_generation(STAGE, gen_id)
            with pytest.raises(expected):
                layer.load_generations(STAGE, [gen_id])
            outcomes.add(expected)
    # The table reaches every outcome: a dict, and each error the legacy function raises.
    if name == "metadata.json":
        assert outcomes == {dict, json.JSONDecodeError, UnicodeDecodeError}
    else:
        assert outcomes == {dict, UnicodeDecodeError}


def test_load_generation_with_malformed_metadata(store: Store) -> None:
    layer = store.layer
    store.put(layer.main_metadata_path(STAGE, GEN), b"{nope")
    with pytest.raises(json.JSONDecodeError) as caught:
        layer.load_generation(STAGE, GEN)
    assert str(layer.main_metadata_path(STAGE, GEN)) in str(caught.value)


def test_load_generation_of_nothing(store: Store) -> None:
    assert store.layer.load_generation(STAGE, GEN) == {
        "stage": STAGE,
        "gen_id": GEN,
        "parent_gen_id": None,
        "raw_text": "",
        "parsed_text": None,
        "prompt_text": None,
        "metadata": None,
    }
    assert store.snapshot() == {}


def test_load_generations_equals_one_by_one(store: Store) -> None:
    layer = store.layer
    layer.write_raw(STAGE, "a", "ra")
    layer.write_main_metadata(STAGE, "a", {"parent_gen_id": "p"})
    layer.write_parsed(STAGE, "b", "pb")
    layer.write_prompt(STAGE, "c", "qc")
    ids: list[Any] = ["c", "missing", "a", "b", "a", 7]
    assert layer.load_generations(STAGE, ids) == [layer.load_generation(STAGE, g) for g in ids]
    assert layer.load_generations(STAGE, iter(ids))[2]["parent_gen_id"] == "p"
    assert layer.load_generations(STAGE, []) == []
    with pytest.raises(ValueError, match="gen_id"):
        layer.load_generations(STAGE, ["a", "../x"])


# Hostile inputs: refused before any IO, by every method, on every backend (one test per
# backend, every method and value inside: populating a store on S3 costs requests).


def test_hostile_components_are_refused(store: Store) -> None:
    layer = store.layer
    layer.write_raw(STAGE, GEN, "inside")
    layer.write_main_metadata(STAGE, GEN, {"a": 1})
    # Files at every place a hostile component could reach, the root's siblings included.
    root = store.base / "data"
    for folder in (store.base, root, root / "gens", root / "gens" / STAGE, store.base / "escape"):
        store.put(folder / "raw.txt", b"outside")
        store.put(folder / "metadata.json", b"{}")
    before = store.snapshot()
    for method, arguments in METHODS:
        for bad, reason in HOSTILE:
            for argument in ("stage", "gen_id"):
                if method == "list_generations" and argument == "gen_id":
                    continue  # it takes no gen_id
                stage, gen_id = (bad, GEN) if argument == "stage" else (STAGE, bad)
                with pytest.raises(ValueError) as caught:
                    call_method(layer, method, stage, gen_id, arguments)
                message = str(caught.value)
                expected = f"{argument} must be one plain path component"
                assert message.startswith(expected) and reason in message, (method, bad)
    # Checked once: every call is refused, so none could undo what another one changed.
    assert store.snapshot() == before
