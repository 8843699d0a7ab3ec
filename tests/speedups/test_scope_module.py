"""Which top-level bodies the IO codemod's scope analysis leaves out (codemods/speedups/scope_module.py).
That the answers stay the same is shown by test_paths_io.py, which runs every case both ways."""

from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import libcst as cst
import pytest

from codemods.io.shapes import GENS_LOAD_HELPER, GENS_WRITE_HELPERS, PATH_HELPERS
from codemods.speedups.scope_module import scope_module
from codemods.speedups.statement_index import ModuleStatements

HELPERS = (*GENS_WRITE_HELPERS, GENS_LOAD_HELPER)

SITE = """\
from daydreaming_dagster.config.paths import Paths


def run(context, stage, gen_id):
    paths = Paths.from_context(context)
    return paths.raw_path(stage, gen_id).read_text(encoding="utf-8")
"""


def left_out(source: str) -> list[str] | None:
    """The names of the definitions whose bodies were left out; None for the tree itself."""
    source = textwrap.dedent(source)
    tree = cst.parse_module(source)
    scoped = scope_module(ModuleStatements(tree, source), PATH_HELPERS, HELPERS)
    if scoped is tree:
        return None
    assert scoped.code != source
    kept = [old is new for old, new in zip(tree.body, scoped.body, strict=True)]
    return [
        statement.name.value
        for statement, same in zip(tree.body, kept, strict=True)
        if not same and isinstance(statement, cst.FunctionDef | cst.ClassDef)
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(SITE, None, id="only-the-site-function"),
        pytest.param(
            SITE + "\n\ndef other(rows):\n    return sorted(rows)\n\n\n"
            "class Report:\n    def total(self):\n        return 1\n",
            ["other", "Report"],
            id="unrelated-function-and-class",
        ),
        pytest.param(
            SITE + "\n\n@decorate(option=1)\ndef other(rows=(seen := [])):\n    return rows\n",
            ["other"],
            id="header-kept-body-left-out",
        ),
        pytest.param(
            SITE + "\n\nclass Store:\n    def save(self, paths, stage, gen_id):\n"
            "        return paths.parsed_path(stage, gen_id)\n",
            None,
            id="a-method-spells-a-path-helper",
        ),
        pytest.param(
            "from daydreaming_dagster.utils.generation import write_gen_raw as save\n"
            + SITE
            + "\n\ndef store(root, stage, gen_id, text):\n    save(root, stage, gen_id, text)\n"
            "\n\ndef other():\n    return 1\n",
            ["other"],
            id="a-helper-through-an-alias-is-a-site",
        ),
        pytest.param(
            SITE + "\n\ndef counter():\n    count = 0\n\n    def bump():\n"
            "        nonlocal count\n        count += 1\n\n    return bump\n",
            None,
            id="nonlocal-kept",
        ),
        pytest.param(
            SITE + "\n\ndef setup():\n    global ROOT\n    ROOT = 1\n\n\ndef other():\n"
            "    return 2\n",
            None,
            id="global-anywhere-nothing-left-out",
        ),
        pytest.param(
            SITE + "\n\nRAW = Paths('/d').raw_path('s', 'g')\n\n\ndef other():\n    return 2\n",
            None,
            id="a-site-at-module-level-nothing-left-out",
        ),
        pytest.param(
            SITE + "\n\n@register(Paths('/d').raw_path)\ndef other():\n    return 2\n",
            None,
            id="a-site-in-a-decorator-nothing-left-out",
        ),
        pytest.param(
            SITE + "\n\nif DEBUG:\n    def other():\n        return 2\n",
            None,
            id="nested-definitions-are-not-left-out",
        ),
    ],
)
def test_left_out_bodies(source: str, expected: list[str] | None) -> None:
    assert left_out(source) == expected


def test_left_out_body_becomes_an_ellipsis_and_kept_nodes_are_the_same_objects() -> None:
    source = SITE + "\n\ndef other(rows):\n    return sorted(rows)\n"
    tree = cst.parse_module(source)
    scoped = scope_module(ModuleStatements(tree, source), PATH_HELPERS, HELPERS)
    assert scoped.code == source.replace("    return sorted(rows)\n", "    ...\n")
    assert all(new is old for new, old in zip(scoped.body[:-1], tree.body[:-1], strict=True))
    other = scoped.body[-1]
    assert isinstance(other, cst.FunctionDef)
    assert other.params is tree.body[-1].params  # type: ignore[attr-defined]


def test_source_ast_cannot_parse_keeps_the_tree() -> None:
    tree = cst.parse_module(SITE)
    assert scope_module(ModuleStatements(tree, "def (:\n"), PATH_HELPERS, HELPERS) is tree


def test_corpus_tool_runs_on_the_example_project(capsys: pytest.CaptureFixture[str]) -> None:
    # tools/scope_module_corpus.py: the same check on any folder of real code (too slow here).
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "_scope_module_corpus", root / "tools" / "scope_module_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.main([str(root / "examples" / "legacy_project" / "src"), "--files", "8"]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert int(summary.split()[0]) > 0 and " 0 differ " in summary, summary
