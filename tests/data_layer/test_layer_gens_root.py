"""`GensDataLayer.from_gens_root(R)`: the layer keyed on the gens folder itself.

What the codemod relies on: `write_gen_*(R, s, g, x)` and `GensDataLayer.from_gens_root(R)
.write_*(s, g, x).parent` (and `load_generation(R, s, g)` and `.load_generation(s, g)`) touch the
same files and return the same values for every R the legacy helpers accept; and the layer
behaves exactly as `from_root(R.parent)` when R is named `gens`. The behavioural tables run on it
too (the "gens-folder" store in stores.py, the "gens-folder" layer in test_gens_data_layer.py).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy import legacy_generation

from data_layer import GensDataLayer

LEGACY = legacy_generation()
STAGE = "essay"
GEN = "e-42"
TEXT = "line ü 1\r\nline 2\n"
METADATA = {"parent_gen_id": "d-7", "ü": "日本", "n": [1, 2]}

PATH_HELPERS = {
    "prompt_path": "prompt.txt",
    "raw_path": "raw.txt",
    "parsed_path": "parsed.txt",
    "main_metadata_path": "metadata.json",
    "raw_metadata_path": "raw_metadata.json",
    "parsed_metadata_path": "parsed_metadata.json",
}


def tree(root: Path) -> dict[str, bytes | None]:
    """Every entry under `root`, relative to it (folders map to None)."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root)] = None
        for name in files:
            found[os.path.relpath(os.path.join(folder, name), root)] = Path(
                folder, name
            ).read_bytes()
    return found


# Paths: exactly `Path(R) / str(stage) / str(gen_id) / <file>`, by construction.

ROOT_FORMS = [
    "",
    ".",
    "./",
    ".//",
    "/",
    "//",
    "///",
    "gens",
    "gens/",
    "out",
    "./out",
    "a//b/",
    "a/./b",
    "a/../b",
    "/abs/gens",
    "/abs/out/",
    "//two/leading",
    "s3://bucket/gens",
    "file:///tmp/gens",
    "~",
    " ",
    Path("."),
    Path("rel/out"),
    Path("/abs/gens"),
]


@pytest.mark.parametrize("root", ROOT_FORMS, ids=repr)
@pytest.mark.parametrize(("stage", "gen_id"), [(STAGE, GEN), (3, 4)], ids=["str", "int"])
def test_every_path_is_the_legacy_path(root: str | Path, stage: Any, gen_id: Any) -> None:
    layer = GensDataLayer.from_gens_root(root)
    folder = Path(root) / str(stage) / str(gen_id)
    assert layer.gens_root == Path(root) and type(layer.gens_root) is type(Path(root))
    for path in (
        layer.generation_dir(stage, gen_id),
        layer.reserve_generation(stage, gen_id, create=False),
    ):
        assert path == folder and str(path) == str(folder)
    for helper, filename in PATH_HELPERS.items():
        path = getattr(layer, helper)(stage, gen_id)
        assert path == folder / filename and str(path) == str(folder / filename), helper


@settings(max_examples=300, deadline=None)
@given(root=st.text(alphabet="ab./ ~:", max_size=12), gen_id=st.text(alphabet="xy.-", min_size=1))
def test_any_root_gives_the_legacy_path(root: str, gen_id: str) -> None:
    layer = GensDataLayer.from_gens_root(root)
    if gen_id.startswith("."):
        with pytest.raises(ValueError):
            layer.raw_path(STAGE, gen_id)
    else:
        assert str(layer.raw_path(STAGE, gen_id)) == str(Path(root) / STAGE / gen_id / "raw.txt")


def test_url_strings_stay_local_paths() -> None:
    """As `Path(R)` in the legacy helpers: never the object-store layer."""
    for url in ("s3://bucket/gens", "memory://x/gens", "file:///tmp/gens"):
        layer = GensDataLayer.from_gens_root(url)
        assert layer.gens_root == Path(url)
        assert type(layer.raw_path(STAGE, GEN)) is type(Path(url))
        assert layer.raw_path(STAGE, GEN) == Path(url) / STAGE / GEN / "raw.txt"


# None included: the legacy helpers' `Path(None)` raises TypeError, and so does the layer.
@pytest.mark.parametrize("bad", [None, 5, b"gens", object(), 1.5], ids=repr)
def test_what_path_refuses_raises_paths_type_error(bad: Any) -> None:
    with pytest.raises(TypeError) as expected:
        Path(bad)
    with pytest.raises(TypeError) as caught:
        GensDataLayer.from_gens_root(bad)
    assert str(caught.value) == str(expected.value)


# The single stored attribute, equality, hashing, repr, pickling.


def test_only_state_is_the_gens_folder(tmp_path: Path) -> None:
    layer = GensDataLayer.from_gens_root(str(tmp_path / "out"))
    assert type(layer).__slots__ == ("gens_root",)
    assert not hasattr(layer, "__dict__")
    assert layer.gens_root == tmp_path / "out" and isinstance(layer.gens_root, Path)
    with pytest.raises(AttributeError, match="has no data root"):
        layer.data_root  # noqa: B018
    with pytest.raises(AttributeError, match="a legacy `Paths` needs a data root"):
        layer.paths  # noqa: B018
    for name in ("gens_root", "data_root", "other"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(layer, name, Path("elsewhere"))
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(layer, name)
    assert layer.gens_root == tmp_path / "out"
    assert isinstance(layer, GensDataLayer)


def test_equality_hash_and_repr(tmp_path: Path) -> None:
    gens = tmp_path / "gens"
    layer = GensDataLayer.from_gens_root(gens)
    same = [GensDataLayer.from_gens_root(str(gens)), GensDataLayer.from_gens_root(f"{gens}/")]
    for other in same:
        assert other == layer and hash(other) == hash(layer)
    assert len({layer, *same}) == 1
    assert layer != GensDataLayer.from_gens_root(tmp_path / "other")
    # The same folder reached from its data root: another kind of layer, never equal.
    root_keyed = GensDataLayer.from_root(tmp_path)
    assert root_keyed.gens_root == layer.gens_root
    assert layer != root_keyed and root_keyed != layer
    assert len({layer, root_keyed}) == 2
    assert layer != gens
    assert repr(layer) == f"GensDataLayer.from_gens_root({gens!r})"
    assert repr(GensDataLayer.from_gens_root("x")) == f"GensDataLayer.from_gens_root({Path('x')!r})"
    assert GensDataLayer.from_gens_root("") == GensDataLayer.from_gens_root(".")


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip(tmp_path: Path, protocol: int) -> None:
    layer = GensDataLayer.from_gens_root(tmp_path / "out")
    copied = pickle.loads(pickle.dumps(layer, protocol=protocol))
    assert copied == layer and type(copied) is type(layer) and repr(copied) == repr(layer)
    assert copied.raw_path(STAGE, GEN) == layer.raw_path(STAGE, GEN)


def test_copy_and_deepcopy(tmp_path: Path) -> None:
    layer = GensDataLayer.from_gens_root(tmp_path / "out")
    assert copy.copy(layer) == layer and copy.deepcopy(layer) == layer


def test_gens_root_property_of_both_local_kinds(tmp_path: Path) -> None:
    assert GensDataLayer.from_root(".").gens_root == Path("gens")
    assert str(GensDataLayer.from_root(".").gens_root) == "gens"
    assert GensDataLayer.from_root("d/").gens_root == Path("d", "gens")
    assert GensDataLayer.from_root(tmp_path).gens_root == tmp_path / "gens"
    assert GensDataLayer.from_gens_root(tmp_path / "out").gens_root == tmp_path / "out"
    layer = GensDataLayer.from_root(tmp_path)
    assert layer.raw_path(STAGE, GEN) == layer.gens_root / STAGE / GEN / "raw.txt"


def test_gens_root_property_of_the_remote_layer() -> None:
    pytest.importorskip("upath")
    from upath import UPath

    layer = GensDataLayer.from_root("memory://gens-root-test/data")
    assert isinstance(layer.gens_root, UPath)
    assert layer.gens_root == UPath("memory://gens-root-test/data/gens")
    assert str(layer.raw_path(STAGE, GEN)) == str(layer.gens_root / STAGE / GEN / "raw.txt")


# A gens folder not named `gens`: files land exactly under it, nothing else is created.


def test_a_folder_not_named_gens(tmp_path: Path) -> None:
    layer = GensDataLayer.from_gens_root(tmp_path / "out")
    written = layer.write_raw(STAGE, GEN, "x")
    assert written == tmp_path / "out" / STAGE / GEN / "raw.txt"
    assert tree(tmp_path) == {
        "out": None,
        f"out/{STAGE}": None,
        f"out/{STAGE}/{GEN}": None,
        f"out/{STAGE}/{GEN}/raw.txt": b"x",
    }
    layer.write_main_metadata(STAGE, GEN, {"parent_gen_id": "p"})
    layer.reserve_generation(STAGE, "other")
    assert layer.list_generations(STAGE) == ["e-42", "other"]
    assert layer.exists(STAGE, "other") and not layer.exists(STAGE, "missing")
    assert layer.load_generation(STAGE, GEN)["parent_gen_id"] == "p"
    assert layer.load_generations(STAGE, [GEN, "other"])[1]["raw_text"] == ""
    layer.delete_generation(STAGE, "other")
    assert sorted(os.listdir(tmp_path)) == ["out"]
    assert sorted(os.listdir(tmp_path / "out" / STAGE)) == [GEN]


def test_the_current_folder_as_gens_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for root in (".", ""):
        layer = GensDataLayer.from_gens_root(root)
        assert layer.write_raw(STAGE, GEN, "x") == Path(STAGE, GEN, "raw.txt")
        assert layer.list_generations(STAGE) == [GEN]
        assert layer.read_raw(STAGE, GEN) == "x"
        with pytest.raises(FileNotFoundError) as caught:
            layer.read_raw(STAGE, "missing")
        assert caught.value.filename == str(layer.raw_path(STAGE, "missing"))
        assert caught.value.filename == os.path.join(STAGE, "missing", "raw.txt")
    assert tree(tmp_path) == {
        STAGE: None,
        f"{STAGE}/{GEN}": None,
        f"{STAGE}/{GEN}/raw.txt": b"x",
    }


@pytest.mark.parametrize("root", [".", "out"])
@pytest.mark.parametrize(
    ("stage", "gen_id"),
    [(STAGE, ".."), (STAGE, "a/b"), (STAGE, ".hidden"), ("..", GEN), ("a/b", GEN), ("", GEN)],
)
def test_ids_are_validated_before_anything_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, root: str, stage: str, gen_id: str
) -> None:
    monkeypatch.chdir(tmp_path)
    layer = GensDataLayer.from_gens_root(root)
    calls: list[Callable[[], object]] = [
        lambda: layer.write_raw(stage, gen_id, "x"),
        lambda: layer.write_prompt(stage, gen_id, "x"),
        lambda: layer.write_parsed(stage, gen_id, "x"),
        lambda: layer.write_main_metadata(stage, gen_id, {}),
        lambda: layer.write_raw_metadata(stage, gen_id, {}),
        lambda: layer.write_parsed_metadata(stage, gen_id, {}),
        lambda: layer.reserve_generation(stage, gen_id),
        lambda: layer.load_generation(stage, gen_id),
        lambda: layer.delete_generation(stage, gen_id),
        lambda: layer.raw_path(stage, gen_id),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="must be one plain path component"):
            call()
    assert tree(tmp_path) == {}


def test_a_linked_gens_folder_is_read_and_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "link").symlink_to(outside, target_is_directory=True)
    layer = GensDataLayer.from_gens_root(tmp_path / "link")
    layer.write_raw(STAGE, GEN, "through")
    assert (outside / STAGE / GEN / "raw.txt").read_text(encoding="utf-8") == "through"
    assert layer.list_generations(STAGE) == [GEN]
    layer.delete_generation(STAGE, GEN)
    assert (tmp_path / "link").is_symlink() and os.listdir(outside / STAGE) == []


# The same as `from_root(R.parent)` when R is named `gens`, method by method.

Op = Callable[[GensDataLayer], object]
OPERATIONS: list[tuple[str, Op]] = [
    ("list (no stage)", lambda layer: layer.list_generations(STAGE)),
    ("exists (nothing)", lambda layer: layer.exists(STAGE, GEN)),
    ("load (nothing)", lambda layer: layer.load_generation(STAGE, GEN)),
    ("reserve", lambda layer: layer.reserve_generation(STAGE, "reserved")),
    ("reserve, no create", lambda layer: layer.reserve_generation(STAGE, "r2", create=False)),
    ("write_prompt", lambda layer: layer.write_prompt(STAGE, GEN, TEXT)),
    ("write_raw", lambda layer: layer.write_raw(STAGE, GEN, TEXT)),
    ("write_parsed", lambda layer: layer.write_parsed(STAGE, GEN, TEXT)),
    ("write_main_metadata", lambda layer: layer.write_main_metadata(STAGE, GEN, METADATA)),
    ("write_raw_metadata", lambda layer: layer.write_raw_metadata(STAGE, 7, {"a": 1})),
    ("write_parsed_metadata", lambda layer: layer.write_parsed_metadata(STAGE, 7, {})),
    ("read_prompt", lambda layer: layer.read_prompt(STAGE, GEN)),
    ("read_raw", lambda layer: layer.read_raw(STAGE, GEN)),
    ("read_parsed", lambda layer: layer.read_parsed(STAGE, GEN)),
    ("read_main_metadata", lambda layer: layer.read_main_metadata(STAGE, GEN)),
    ("read_raw_metadata", lambda layer: layer.read_raw_metadata(STAGE, 7)),
    ("read_parsed_metadata", lambda layer: layer.read_parsed_metadata(STAGE, 7)),
    ("read missing", lambda layer: layer.read_raw(STAGE, "missing")),
    ("exists", lambda layer: layer.exists(STAGE, GEN)),
    ("list", lambda layer: layer.list_generations(STAGE)),
    ("load", lambda layer: layer.load_generation(STAGE, GEN)),
    ("load int", lambda layer: layer.load_generation(STAGE, 7)),
    ("loads", lambda layer: layer.load_generations(STAGE, [GEN, 7, "missing"])),
    ("generation_dir", lambda layer: layer.generation_dir(STAGE, GEN)),
    *[
        (helper, lambda layer, helper=helper: getattr(layer, helper)(STAGE, GEN))
        for helper in PATH_HELPERS
    ],
    ("bad id", lambda layer: layer.write_raw(STAGE, "..", "x")),
    ("bad stage", lambda layer: layer.list_generations("a/b")),
    ("delete", lambda layer: layer.delete_generation(STAGE, "reserved")),
    ("delete missing", lambda layer: layer.delete_generation(STAGE, "reserved")),
    ("list after delete", lambda layer: layer.list_generations(STAGE)),
    ("corrupt metadata", lambda layer: layer.raw_metadata_path(STAGE, 7).write_text("{no")),
    ("load corrupt", lambda layer: layer.read_raw_metadata(STAGE, 7)),
]


def outcome(layer: GensDataLayer, operation: Op) -> tuple[str, Any]:
    """The result, or the exception's type and message."""
    try:
        return "ok", operation(layer)
    except Exception as error:
        return type(error).__name__, str(error)


@pytest.mark.parametrize("form", ["absolute", "relative", "dot-relative-slash"])
def test_same_as_from_root_of_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    """Both layers over the same folder, one after the other (results and messages name
    paths, so they must be the same folder): every outcome and the final tree are equal."""
    monkeypatch.chdir(tmp_path)
    gens = {"absolute": tmp_path / "gens", "relative": "gens", "dot-relative-slash": "./gens/"}
    root = gens[form]
    by_gens = GensDataLayer.from_gens_root(root)
    by_root = GensDataLayer.from_root(Path(root).parent)
    results = []
    trees = []
    for layer in (by_root, by_gens):
        results.append([(name, outcome(layer, operation)) for name, operation in OPERATIONS])
        trees.append(tree(tmp_path))
        for entry in os.listdir(tmp_path):
            import shutil

            shutil.rmtree(tmp_path / entry)
    assert results[1] == results[0]
    assert trees[1] == trees[0]
    kinds = {kind for _, (kind, _) in results[0]}
    assert kinds == {"ok", "FileNotFoundError", "ValueError", "JSONDecodeError"}


# Against the legacy helpers: for every form of R, the same files (bytes) and the same results.

R_FORMS: dict[str, Callable[[Path], str | Path]] = {
    "absolute-path": lambda base: base / "gens",
    "absolute-str": lambda base: str(base / "gens"),
    "absolute-trailing-slash": lambda base: f"{base / 'out'}/",
    "relative-str": lambda base: "gens",
    "relative-path": lambda base: Path("run", "out"),
    "relative-trailing-slash": lambda base: "out/",
    "dot": lambda base: ".",
    "dot-slash": lambda base: "./",
    "empty": lambda base: "",
    "dot-path": lambda base: Path("."),
}

WRITERS: list[Any] = [
    pytest.param(LEGACY.write_gen_raw, "write_raw", TEXT, id="raw"),
    pytest.param(LEGACY.write_gen_parsed, "write_parsed", TEXT, id="parsed"),
    pytest.param(LEGACY.write_gen_prompt, "write_prompt", TEXT, id="prompt"),
    pytest.param(LEGACY.write_gen_metadata, "write_main_metadata", METADATA, id="metadata"),
]


def comparable(value: Any, base: Path) -> Any:
    """A returned path relative to `base` when absolute (each side has its own base)."""
    if isinstance(value, Path) and value.is_absolute():
        return ("absolute", value.relative_to(base))
    return value


@pytest.fixture
def bases(tmp_path: Path) -> tuple[Path, Path]:
    legacy, layer = tmp_path / "legacy", tmp_path / "layer"
    legacy.mkdir()
    layer.mkdir()
    return legacy, layer


@pytest.mark.parametrize("form", R_FORMS)
@pytest.mark.parametrize(("legacy_writer", "method", "value"), WRITERS)
@pytest.mark.parametrize(("stage", "gen_id"), [(STAGE, GEN), (3, 4)], ids=["str", "int"])
def test_writers_equal_the_legacy_helpers(
    bases: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    legacy_writer: Callable[..., Path],
    method: str,
    value: Any,
    stage: Any,
    gen_id: Any,
) -> None:
    legacy_base, layer_base = bases
    monkeypatch.chdir(legacy_base)
    legacy_root = R_FORMS[form](legacy_base)
    returned = legacy_writer(legacy_root, stage, gen_id, value)
    monkeypatch.chdir(layer_base)
    layer_root = R_FORMS[form](layer_base)
    written = getattr(GensDataLayer.from_gens_root(layer_root), method)(stage, gen_id, value)
    # The codemod's `.parent`: the legacy helper's return value.
    assert comparable(written.parent, layer_base) == comparable(returned, legacy_base)
    assert written == Path(layer_root) / str(stage) / str(gen_id) / written.name
    assert tree(layer_base) == tree(legacy_base)
    assert tree(layer_base)  # something was written


@pytest.mark.parametrize("form", R_FORMS)
@pytest.mark.parametrize(
    "state",
    ["nothing", "raw-only", "everything", "metadata-not-an-object", "malformed-metadata"],
)
def test_load_generation_equals_the_legacy_helper(
    bases: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, form: str, state: str
) -> None:
    outcomes = []
    for base in bases:
        monkeypatch.chdir(base)
        root = R_FORMS[form](base)
        folder = Path(root) / STAGE / GEN
        if state != "nothing":
            folder.mkdir(parents=True)
            (folder / "raw.txt").write_text(TEXT, encoding="utf-8")
        if state == "everything":
            (folder / "parsed.txt").write_text("p", encoding="utf-8")
            (folder / "prompt.txt").write_text("q", encoding="utf-8")
            (folder / "metadata.json").write_text(json.dumps(METADATA), encoding="utf-8")
        elif state == "metadata-not-an-object":
            (folder / "metadata.json").write_text("[1, 2]", encoding="utf-8")
        elif state == "malformed-metadata":
            (folder / "metadata.json").write_text("{nope", encoding="utf-8")
        try:
            if base == bases[0]:
                outcomes.append(LEGACY.load_generation(root, STAGE, GEN))
            else:
                outcomes.append(GensDataLayer.from_gens_root(root).load_generation(STAGE, GEN))
        except json.JSONDecodeError as error:
            outcomes.append(type(error))
    assert outcomes[1] == outcomes[0]
    if state == "malformed-metadata":
        assert outcomes[0] is json.JSONDecodeError
    else:
        assert outcomes[0]["raw_text"] == ("" if state == "nothing" else "line ü 1\nline 2\n")
    assert tree(bases[1]) == tree(bases[0])


def test_constructors_asked_through_its_type_build_what_they_say(tmp_path: Path) -> None:
    # `type(layer).from_root(x)` is a root-keyed layer on x, not a gens-folder one.
    folder_layer = GensDataLayer.from_gens_root(tmp_path / "out")
    kind = type(folder_layer)
    assert kind.from_root(tmp_path) == GensDataLayer.from_root(tmp_path)
    assert kind.from_root(tmp_path).data_root == tmp_path
    context = SimpleNamespace(resources=SimpleNamespace(data_root=str(tmp_path)))
    assert kind.from_context(context) == GensDataLayer.from_root(tmp_path)
    assert kind.from_gens_root(tmp_path / "x") == GensDataLayer.from_gens_root(tmp_path / "x")
