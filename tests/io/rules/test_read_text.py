"""The read_text rule (codemods/io/rules/read_text.py): `path.read_text(encoding="utf-8")` ->
`L.read_<kind>(s, g)`, `json.loads(path.read_text(...))` -> `L.read_<kind>_metadata(s, g)`."""

from __future__ import annotations

from pathlib import Path

import pytest
from io_cases import (
    Case,
    Noop,
    check_codes,
    check_rewrite,
    check_same_store,
    check_unchanged,
    params,
    runnable,
)

from codemods.io.rules.read_text import ReadText

REWRITES: tuple[Case, ...] = (
    Case(
        "reads",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id):
                paths = Paths.from_context(context)
                raw = paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
                parsed = paths.parsed_path(stage, gen_id).read_text("utf-8")
                meta = json.loads(paths.parsed_metadata_path(stage, gen_id).read_text(encoding="utf-8"))
                return raw, parsed, meta
        """,
        """\
            from data_layer import GensDataLayer


            def run(context, stage, gen_id):
                data_layer = GensDataLayer.from_context(context)
                raw = data_layer.read_raw(stage, gen_id)
                parsed = data_layer.read_parsed(stage, gen_id)
                meta = data_layer.read_parsed_metadata(stage, gen_id)
                return raw, parsed, meta
        """,
        ((7, "DLM207", True), (8, "DLM203", True), (9, "DLM203", True), (10, "DLM204", True)),
    ),
)

NOOPS: tuple[Noop, ...] = (
    Noop(
        "metadata-as-text",
        """\
            import json

            from daydreaming_dagster.config.paths import Paths


            def run(context, stage, gen_id, blob):
                paths = Paths.from_context(context)
                paths.metadata_path(stage, gen_id).write_text(blob, encoding="utf-8")
                return paths.raw_metadata_path(stage, gen_id).read_text(encoding="utf-8")
        """,
        ((8, "DLM232"), (9, "DLM232")),
    ),
)


@pytest.mark.parametrize("case", params(REWRITES))
def test_rewrites(case: Case) -> None:
    check_rewrite(case)


@pytest.mark.parametrize("case", params(NOOPS))
def test_noops(case: Noop) -> None:
    check_unchanged(case)


@pytest.mark.usefixtures("legacy_on_path")
@pytest.mark.parametrize("case", runnable(REWRITES))
def test_same_store_and_results(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_same_store(case, tmp_path, monkeypatch)


def test_codes_are_exercised() -> None:
    check_codes(ReadText.CODES, REWRITES, NOOPS)
