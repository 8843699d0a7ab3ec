"""Property tests: any text, any JSON-able dict, survives a write and a read unchanged."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from legacy import legacy_generation

from data_layer import GensDataLayer

LEGACY = legacy_generation()
SETTINGS = settings(max_examples=60, deadline=None)
_ids = itertools.count()

# Newline characters are over-represented: they are where text-mode IO could differ.
TEXT = st.one_of(
    st.text(),
    st.text(alphabet="a\r\n\u2028\x85é\ufeff"),
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=12,
)
METADATA = st.dictionaries(st.text(), JSON_VALUES, max_size=6)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


@SETTINGS
@given(text=TEXT)
def test_any_text_reads_back_as_read_text_would(root: Path, text: str) -> None:
    gen_id = f"t{next(_ids)}"
    layer = GensDataLayer.from_root(root / "layer")
    written = layer.write_parsed("draft", gen_id, text)
    plain = root / f"{gen_id}.txt"
    plain.write_text(text, encoding="utf-8")
    # Not `== text`: universal newlines turn "\r" and "\r\n" into "\n" on the way back.
    assert written.read_bytes() == plain.read_bytes()
    assert layer.read_parsed("draft", gen_id) == plain.read_text(encoding="utf-8")


@SETTINGS
@given(metadata=METADATA)
def test_any_json_dict_round_trips(root: Path, metadata: dict[str, Any]) -> None:
    gen_id = f"m{next(_ids)}"
    layer = GensDataLayer.from_root(root / "layer")
    written = layer.write_raw_metadata("draft", gen_id, metadata)
    assert layer.read_raw_metadata("draft", gen_id) == json.loads(json.dumps(metadata))
    assert layer.read_raw_metadata("draft", gen_id) == metadata
    # Byte for byte what the legacy helper writes.
    legacy_folder = LEGACY.write_gen_metadata(root / "legacy", "draft", gen_id, metadata)
    assert (legacy_folder / "metadata.json").read_bytes() == written.read_bytes()


@SETTINGS
@given(gen_id=st.text(min_size=1))
def test_components_are_accepted_exactly_when_plain(root: Path, gen_id: str) -> None:
    layer = GensDataLayer.from_root(root / "components")
    plain = not gen_id.startswith(".") and not any(char in gen_id for char in "/\\\x00")
    if plain:
        assert layer.raw_path("draft", gen_id).parent.name == gen_id
        assert layer.raw_path("draft", gen_id).parent.parent == layer.data_root / "gens" / "draft"
    else:
        with pytest.raises(ValueError):
            layer.raw_path("draft", gen_id)
