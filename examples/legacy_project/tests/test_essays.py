from __future__ import annotations

import json
from pathlib import Path

import pytest

from daydreaming_dagster.assets.essays import essay_location, essay_metadata, essay_parsed
from daydreaming_dagster.utils.generation import write_gen_metadata, write_gen_raw


@pytest.mark.parametrize(("mode", "expected"), [("plain", "a calm essay"), ("shout", "A CALM ESSAY")])
def test_essay_parsed(context, data_root: Path, mode: str, expected: str) -> None:
    gens = data_root / "gens"
    write_gen_raw(gens, "essay", "e1", "  a calm essay\n")
    write_gen_metadata(gens, "essay", "e1", {"mode": mode})
    assert essay_parsed(context, "essay", "e1") == expected
    folder = gens / "essay/e1"
    assert (folder / "parsed.txt").read_text(encoding="utf-8") == expected
    assert json.loads((folder / "parsed_metadata.json").read_text(encoding="utf-8")) == {
        "from": "raw.txt",
        "to": "parsed.txt",
        "chars": len(expected),
    }
    assert essay_metadata(context, "essay", "e1") == {"mode": mode}


def test_essay_location_is_absolute(context, data_root: Path) -> None:
    location = essay_location(context, "essay", "e9")
    assert location == str((data_root / "gens/essay/e9/parsed.txt").resolve())
