"""Files written by the legacy helpers read back through the layer, and the other way round."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from legacy import legacy_generation, legacy_paths

from data_layer import GensDataLayer
from data_layer import generation as compat

LEGACY = legacy_generation()
LegacyPaths = legacy_paths().Paths

STAGE = "essay"
GEN = "e-42"
TEXTS = {"prompt": "Write about ü.\n", "raw": "raw\r\nbody ✓\n", "parsed": "parsed body"}
METADATA = {"parent_gen_id": "d-7", "template_id": "t1", "usage": {"tokens": 12}, "ü": "日本"}

# Which files a generation holds, for the load_generation comparison table.
STATES = [
    pytest.param({}, id="nothing"),
    pytest.param({"raw": "r"}, id="raw-only"),
    pytest.param({"parsed": "p", "prompt": "q"}, id="no-raw"),
    pytest.param({"metadata": {"a": 1}}, id="metadata-without-parent"),
    pytest.param({"metadata": {"parent_gen_id": None}}, id="null-parent"),
    pytest.param({"metadata": {"parent_gen_id": 17}}, id="int-parent"),
    pytest.param({"metadata": [1, 2]}, id="metadata-not-an-object"),
    pytest.param({"raw": "", "parsed": "", "prompt": ""}, id="empty-files"),
    pytest.param({**TEXTS, "metadata": METADATA}, id="everything"),
]


def legacy_write_all(gens_root: Path, stage: Any, gen_id: Any) -> Path:
    LEGACY.write_gen_prompt(gens_root, stage, gen_id, TEXTS["prompt"])
    LEGACY.write_gen_raw(gens_root, stage, gen_id, TEXTS["raw"])
    LEGACY.write_gen_parsed(gens_root, stage, gen_id, TEXTS["parsed"])
    folder: Path = LEGACY.write_gen_metadata(gens_root, stage, gen_id, METADATA)
    return folder


def layer_write_all(layer: GensDataLayer, stage: Any, gen_id: Any) -> None:
    layer.write_prompt(stage, gen_id, TEXTS["prompt"])
    layer.write_raw(stage, gen_id, TEXTS["raw"])
    layer.write_parsed(stage, gen_id, TEXTS["parsed"])
    layer.write_main_metadata(stage, gen_id, METADATA)


@pytest.mark.parametrize(("stage", "gen_id"), [(STAGE, GEN), (3, 4)], ids=["str", "int"])
def test_legacy_writes_layer_reads(tmp_path: Path, stage: Any, gen_id: Any) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    folder = legacy_write_all(LegacyPaths(tmp_path).gens_root, stage, gen_id)
    assert folder == layer.generation_dir(stage, gen_id)
    assert layer.read_prompt(stage, gen_id) == TEXTS["prompt"]
    assert layer.read_raw(stage, gen_id) == "raw\nbody ✓\n"  # universal newlines, like read_text
    assert layer.read_parsed(stage, gen_id) == TEXTS["parsed"]
    assert layer.read_main_metadata(stage, gen_id) == METADATA
    assert layer.list_generations(stage) == [str(gen_id)]


@pytest.mark.parametrize(("stage", "gen_id"), [(STAGE, GEN), (3, 4)], ids=["str", "int"])
def test_layer_writes_legacy_reads(tmp_path: Path, stage: Any, gen_id: Any) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    layer_write_all(layer, stage, gen_id)
    loaded = LEGACY.load_generation(LegacyPaths(tmp_path).gens_root, stage, gen_id)
    assert loaded["stage"] == stage
    assert loaded["gen_id"] == gen_id
    assert loaded["parent_gen_id"] == "d-7"
    assert loaded["prompt_text"] == TEXTS["prompt"]
    assert loaded["raw_text"] == "raw\nbody ✓\n"
    assert loaded["parsed_text"] == TEXTS["parsed"]
    assert loaded["metadata"] == METADATA
    assert set(loaded) == {
        "stage",
        "gen_id",
        "parent_gen_id",
        "raw_text",
        "parsed_text",
        "prompt_text",
        "metadata",
    }


WRITER_PAIRS: list[Any] = [
    pytest.param(LEGACY.write_gen_prompt, GensDataLayer.write_prompt, "prompt.txt", id="prompt"),
    pytest.param(LEGACY.write_gen_raw, GensDataLayer.write_raw, "raw.txt", id="raw"),
    pytest.param(LEGACY.write_gen_parsed, GensDataLayer.write_parsed, "parsed.txt", id="parsed"),
    pytest.param(
        LEGACY.write_gen_metadata, GensDataLayer.write_main_metadata, "metadata.json", id="metadata"
    ),
]


@pytest.mark.parametrize(("legacy_writer", "layer_writer", "filename"), WRITER_PAIRS)
def test_same_bytes_as_the_legacy_writers(
    tmp_path: Path,
    legacy_writer: Callable[..., Path],
    layer_writer: Callable[..., Path],
    filename: str,
) -> None:
    value: Any = METADATA if filename.endswith(".json") else "line 1\nline ü 2\r\n"
    legacy_folder = legacy_writer(tmp_path / "legacy" / "gens", STAGE, GEN, value)
    written = layer_writer(GensDataLayer.from_root(tmp_path / "layer"), STAGE, GEN, value)
    assert written.name == filename
    assert written.read_bytes() == (legacy_folder / filename).read_bytes()


def write_state(gens_root: Path, state: dict[str, Any]) -> None:
    folder = gens_root / STAGE / GEN
    folder.mkdir(parents=True, exist_ok=True)
    for kind in ("raw", "parsed", "prompt"):
        if kind in state:
            (folder / f"{kind}.txt").write_text(state[kind], encoding="utf-8")
    if "metadata" in state:
        (folder / "metadata.json").write_text(json.dumps(state["metadata"]), encoding="utf-8")


@pytest.mark.parametrize("state", STATES)
def test_load_generation_equals_legacy(tmp_path: Path, state: dict[str, Any]) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    gens_root = LegacyPaths(tmp_path).gens_root
    write_state(gens_root, state)
    expected = LEGACY.load_generation(gens_root, STAGE, GEN)
    assert layer.load_generation(STAGE, GEN) == expected
    assert compat.load_generation(gens_root, STAGE, GEN) == expected
    assert compat.load_generation(str(gens_root), STAGE, GEN) == expected


def test_load_generation_keeps_the_arguments_as_given(tmp_path: Path) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    layer.write_raw(1, 2, "x")
    expected = LEGACY.load_generation(LegacyPaths(tmp_path).gens_root, 1, 2)
    assert layer.load_generation(1, 2) == expected
    assert (expected["stage"], expected["gen_id"]) == (1, 2)


def test_load_generation_with_malformed_metadata_raises_like_legacy(tmp_path: Path) -> None:
    layer = GensDataLayer.from_root(tmp_path)
    layer.reserve_generation(STAGE, GEN)
    layer.main_metadata_path(STAGE, GEN).write_text("{nope", encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        LEGACY.load_generation(LegacyPaths(tmp_path).gens_root, STAGE, GEN)
    with pytest.raises(json.JSONDecodeError):
        layer.load_generation(STAGE, GEN)


def test_compat_module_has_the_legacy_signature() -> None:
    import inspect

    assert list(inspect.signature(compat.load_generation).parameters) == list(
        inspect.signature(LEGACY.load_generation).parameters
    )
