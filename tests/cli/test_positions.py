"""Findings of the second codemod point at the right line although the first one moved lines."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codemods.config import MigrateConfig
from codemods.findings import Finding
from codemods.imports.legacy_imports import LegacyImportsCodemod
from codemods.io.paths_io import PathsIOCodemod
from codemods.run.positions import LineMap
from codemods.run.runner import process_file

# The import codemod splits line 1 in two (sorted into two sections, a blank line between); the
# IO codemod then reports the write of line 7.
SOURCE = textwrap.dedent(
    """\
    from daydreaming_dagster.config import paths as p, settings
    from daydreaming_dagster.config.paths import Paths


    def store(context, stage, gen_id, text):
        paths = Paths.from_context(context)
        paths.raw_path(stage, gen_id).write_text(text)
    """
)
WRITE_LINE = "        paths.raw_path(stage, gen_id).write_text(text)"


def human_lines(tmp_path: Path, *, write: bool) -> tuple[list[int], list[str]]:
    module = tmp_path / "src/daydreaming_dagster/assets/store.py"
    module.parent.mkdir(parents=True)
    module.write_text(SOURCE, encoding="utf-8")
    config = MigrateConfig.for_root(tmp_path)
    result = process_file(module, config, [LegacyImportsCodemod, PathsIOCodemod], write=write)
    assert result.status == "changed"
    lines = [f.line for f in result.findings if not f.fixed and f.code == "DLM221"]
    return lines, module.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("write", [False, True], ids=["dry-run", "written"])
def test_second_codemod_positions_follow_the_file_on_disk(tmp_path: Path, write: bool) -> None:
    lines, on_disk = human_lines(tmp_path, write=write)
    assert len(lines) == 1
    assert on_disk[lines[0] - 1].strip() == WRITE_LINE.strip()
    assert lines[0] == (9 if write else 7)


@pytest.mark.parametrize(
    ("before", "after", "line", "expected"),
    [
        pytest.param(["a", "b", "c"], ["a", "b", "c"], 3, (3, 5), id="unchanged"),
        pytest.param(["a", "b", "c"], ["x", "y", "a", "b", "c"], 3, (5, 5), id="lines-added-above"),
        pytest.param(["a", "b", "c"], ["b", "c"], 3, (2, 5), id="line-removed-above"),
        pytest.param(["a", "b", "c"], ["a", "B", "c"], 2, (2, 5), id="edited-line"),
        pytest.param(["a", "b", "c"], ["a", "B", "B2", "c"], 2, (2, 1), id="edited-into-two"),
        pytest.param(["a", "b", "c"], ["a", "c"], 2, (2, 1), id="deleted-line"),
        pytest.param(["a", "b"], ["a"], 2, (1, 1), id="deleted-at-end"),
    ],
)
def test_line_map(
    before: list[str], after: list[str], line: int, expected: tuple[int, int]
) -> None:
    moved = LineMap(before, after).move(Finding("f.py", line, 5, "DLM000", "x"))
    assert (moved.line, moved.column) == expected
