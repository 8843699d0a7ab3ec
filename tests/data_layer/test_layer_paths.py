"""`data_layer.paths.Paths` and the layer's path helpers give what the legacy `Paths` gives."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from legacy import legacy_paths

import data_layer
from data_layer import GensDataLayer, Paths
from data_layer import paths as new_paths_module

LEGACY = legacy_paths()

CONSTANTS = {
    "PROMPT_FILENAME": "prompt.txt",
    "RAW_FILENAME": "raw.txt",
    "PARSED_FILENAME": "parsed.txt",
    "METADATA_FILENAME": "metadata.json",
    "RAW_METADATA_FILENAME": "raw_metadata.json",
    "PARSED_METADATA_FILENAME": "parsed_metadata.json",
}

ROOTS = [
    pytest.param("data", id="relative-str"),
    pytest.param(Path("data"), id="relative-path"),
    pytest.param("/srv/data", id="absolute"),
    pytest.param("/srv/data/", id="trailing-slash"),
    pytest.param(".", id="dot"),
    pytest.param("./data/../data", id="unnormalised"),
    pytest.param("/", id="filesystem-root"),
    pytest.param("dåta dir", id="unicode-and-space"),
]

PROPERTIES = [
    "data_root",
    "gens_root",
    "raw_dir",
    "tasks_dir",
    "parsing_dir",
    "summary_dir",
    "cross_experiment_dir",
    "cohorts_dir",
    "combo_mappings_csv",
    "concepts_csv",
    "llm_models_csv",
    "selected_combo_mappings_csv",
    "aggregated_scores_csv",
]

# (method, args): every legacy method, with ints and odd-but-legal values among the arguments.
METHOD_CALLS = [
    pytest.param("generation_dir", ("draft", "g1"), id="generation_dir"),
    pytest.param("generation_dir", (1, 2), id="generation_dir-ints"),
    pytest.param("prompt_path", ("draft", "g1"), id="prompt_path"),
    pytest.param("raw_path", ("essay", "abc-123"), id="raw_path"),
    pytest.param("parsed_path", ("evaluation", "x y"), id="parsed_path"),
    pytest.param("metadata_path", ("draft", "g1"), id="metadata_path"),
    pytest.param("raw_metadata_path", ("draft", 7), id="raw_metadata_path"),
    pytest.param("parsed_metadata_path", ("draft", "ünï"), id="parsed_metadata_path"),
    pytest.param("templates_root", (), id="templates_root"),
    pytest.param("template_dir", ("draft",), id="template_dir"),
    pytest.param("template_file", ("draft", "t1"), id="template_file"),
    pytest.param("stage_templates_csv", ("essay",), id="stage_templates_csv"),
    pytest.param("cohort_dir", ("c1",), id="cohort_dir"),
    pytest.param("cohort_dir", (42,), id="cohort_dir-int"),
    pytest.param("cohort_membership_csv", ("c1",), id="cohort_membership_csv"),
    pytest.param("cohort_manifest_json", ("c1",), id="cohort_manifest_json"),
]


def test_constants_and_all_match_the_legacy_module() -> None:
    for name, value in CONSTANTS.items():
        assert getattr(new_paths_module, name) == getattr(LEGACY, name) == value
        assert getattr(data_layer, name) == value
    assert sorted(new_paths_module.__all__) == sorted(LEGACY.__all__)
    assert set(data_layer.__all__) == {*CONSTANTS, "Paths", "GensDataLayer"}


def test_paths_is_a_frozen_dataclass_with_one_field() -> None:
    assert [field.name for field in dataclasses.fields(Paths)] == ["data_root"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Paths("data").data_root = Path("other")  # type: ignore[misc]


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize("member", PROPERTIES)
def test_properties(root: Any, member: str) -> None:
    new = getattr(Paths(root), member)
    assert new == getattr(LEGACY.Paths(root), member)
    assert type(new) is type(getattr(LEGACY.Paths(root), member))


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize(("method", "args"), METHOD_CALLS)
def test_methods(root: Any, method: str, args: tuple[Any, ...]) -> None:
    assert getattr(Paths(root), method)(*args) == getattr(LEGACY.Paths(root), method)(*args)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param(None, Path("data/1_raw/templates/draft/t.txt"), id="unset"),
        pytest.param("", Path("data/1_raw/templates/draft/t.txt"), id="empty"),
        pytest.param("/opt/templates", Path("/opt/templates/draft/t.txt"), id="set"),
    ],
)
def test_templates_root_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: str | None, expected: Path
) -> None:
    if env is None:
        monkeypatch.delenv("GEN_TEMPLATES_ROOT", raising=False)
    else:
        monkeypatch.setenv("GEN_TEMPLATES_ROOT", env)
    assert Paths("data").template_file("draft", "t") == expected
    assert LEGACY.Paths("data").template_file("draft", "t") == expected


@pytest.mark.parametrize(
    "root",
    [
        pytest.param(None, id="none"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("\t\n", id="whitespace"),
    ],
)
def test_missing_root_is_refused_like_legacy(root: Any) -> None:
    with pytest.raises(ValueError):
        LEGACY.Paths(root)
    with pytest.raises(ValueError):
        Paths(root)
    with pytest.raises(ValueError):
        GensDataLayer(root)
    if root is not None:
        with pytest.raises(ValueError):
            GensDataLayer.from_root(root)


@pytest.mark.parametrize(
    "root",
    [
        pytest.param("data", id="str"),
        pytest.param(Path("/srv/data"), id="path"),
        pytest.param("", id="empty"),
    ],
)
def test_from_str_like_legacy(root: Any) -> None:
    # Legacy from_str wraps in Path first, so even "" is accepted (it means ".").
    assert Paths.from_str(root).data_root == LEGACY.Paths.from_str(root).data_root


@pytest.mark.parametrize(
    ("context", "ok"),
    [
        pytest.param(SimpleNamespace(resources=SimpleNamespace(data_root="data")), True, id="str"),
        pytest.param(
            SimpleNamespace(resources=SimpleNamespace(data_root=Path("d"))), True, id="path"
        ),
        pytest.param(SimpleNamespace(resources=SimpleNamespace(data_root=None)), False, id="none"),
        pytest.param(SimpleNamespace(resources=SimpleNamespace()), False, id="no-data-root"),
        pytest.param(SimpleNamespace(), False, id="no-resources"),
        pytest.param(object(), False, id="not-a-context"),
    ],
)
def test_from_context_like_legacy(context: Any, ok: bool) -> None:
    if ok:
        assert Paths.from_context(context) == Paths(LEGACY.Paths.from_context(context).data_root)
        assert (
            GensDataLayer.from_context(context).data_root == Paths.from_context(context).data_root
        )
    else:
        with pytest.raises(ValueError):
            LEGACY.Paths.from_context(context)
        with pytest.raises(ValueError, match="data_root"):
            Paths.from_context(context)
        with pytest.raises(ValueError, match=r"context\.resources\.data_root"):
            GensDataLayer.from_context(context)


LAYER_HELPERS = [
    pytest.param("generation_dir", "generation_dir", id="generation_dir"),
    pytest.param("prompt_path", "prompt_path", id="prompt_path"),
    pytest.param("raw_path", "raw_path", id="raw_path"),
    pytest.param("parsed_path", "parsed_path", id="parsed_path"),
    pytest.param("main_metadata_path", "metadata_path", id="main_metadata_path"),
    pytest.param("raw_metadata_path", "raw_metadata_path", id="raw_metadata_path"),
    pytest.param("parsed_metadata_path", "parsed_metadata_path", id="parsed_metadata_path"),
]

COMPONENTS = [
    pytest.param("draft", "g1", id="plain"),
    pytest.param(1, 2, id="ints"),
    pytest.param("essay", "abc.def", id="dot-inside"),
    pytest.param("...", "g", id="three-dots-stage"),
    pytest.param(".stage", "g", id="leading-dot-stage"),
    pytest.param("draft", " spaced id ", id="spaces"),
    pytest.param("ünïcödé", "日本", id="unicode"),
    pytest.param("draft", "a:b", id="colon"),
]


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize(("stage", "gen_id"), COMPONENTS)
@pytest.mark.parametrize(("layer_method", "legacy_method"), LAYER_HELPERS)
def test_layer_paths_equal_legacy_paths(
    root: Any, stage: Any, gen_id: Any, layer_method: str, legacy_method: str
) -> None:
    layer_path = getattr(GensDataLayer.from_root(root), layer_method)(stage, gen_id)
    legacy_path = getattr(LEGACY.Paths(root), legacy_method)(stage, gen_id)
    assert layer_path == legacy_path
    assert str(layer_path) == str(legacy_path)
    assert isinstance(layer_path, Path)


@pytest.mark.parametrize("gen_id", [".hidden", "...", ".raw.txt.0123.tmp"])
def test_gen_ids_starting_with_a_dot_are_refused(gen_id: str) -> None:
    # The legacy Paths builds the path; the layer refuses it (list_generations never lists
    # such a generation, so it could be written and found but not listed).
    assert LEGACY.Paths("data").raw_path("draft", gen_id) == Path(
        "data/gens/draft", gen_id, "raw.txt"
    )
    with pytest.raises(ValueError, match=r"^gen_id must be one plain path component"):
        GensDataLayer.from_root("data").raw_path("draft", gen_id)


@pytest.mark.parametrize("blank", ["", "   "])
def test_from_context_with_a_blank_root_is_refused_like_legacy(blank: str) -> None:
    context = SimpleNamespace(resources=SimpleNamespace(data_root=blank))
    with pytest.raises(ValueError):
        LEGACY.Paths.from_context(context)
    with pytest.raises(ValueError, match="non-empty"):
        Paths.from_context(context)
    with pytest.raises(ValueError, match=r"blank .* set it to '\.'") as caught:
        GensDataLayer.from_context(context)
    assert "current folder" in str(caught.value)
    # Only from_str takes "" for the current folder, in both.
    assert Paths.from_str(blank.strip()).data_root == LEGACY.Paths.from_str("").data_root


@pytest.mark.parametrize("root", ROOTS)
def test_layer_paths_property_is_a_paths(root: Any) -> None:
    assert GensDataLayer.from_root(root).paths == Paths(root)
