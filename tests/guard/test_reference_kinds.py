"""The one detection classifies every reference it finds (`find_references`): the kinds the
guard flags, the codemod's index visits, and prose that neither blocks nor is rewritten."""

from __future__ import annotations

import ast
import textwrap

import pytest

from codemods.legacy import references
from codemods.legacy.names import Names
from codemods.module_names import ModuleLocation, module_for_file

from codemod_testing import CONFIG, FILENAME

LOCATION = module_for_file(FILENAME, CONFIG.source_roots)


def kinds(source: str, location: ModuleLocation | None = LOCATION) -> list[tuple[int, str]]:
    text = textwrap.dedent(source)
    found = references.find_references(ast.parse(text), text, Names.of(CONFIG, location))
    return [(reference.line, reference.kind) for reference in found]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("from ..config.paths import Paths\n", [(1, "import")], id="import-from"),
        pytest.param("from ..config.paths import *\n", [(1, "star")], id="star"),
        pytest.param(
            "import daydreaming_dagster.config.paths as p\n", [(1, "module-import")], id="module"
        ),
        pytest.param(
            "from daydreaming_dagster.config import (\n    paths,\n)\n",
            [(2, "module-import")],
            id="module-binding-alias-line",
        ),
        pytest.param(
            "from daydreaming_dagster import config\nx = config.paths\n",
            [(2, "dotted")],
            id="dotted",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\nimport daydreaming_dagster.config as c\n"
            "x = c.paths\n",
            [(1, "module-import"), (3, "covered")],
            id="covered-by-a-module-import",
        ),
        pytest.param(
            'mock.patch("daydreaming_dagster.config.paths.Paths")\n', [(1, "runtime")], id="patch"
        ),
        pytest.param(
            'x = "daydreaming_dagster.config.paths:Paths"\n', [(1, "runtime")], id="module-attr"
        ),
        pytest.param(
            'm = sys.modules["daydreaming_dagster.config.paths"]\n',
            [(1, "runtime")],
            id="sys-modules-key",
        ),
        pytest.param(
            "import sys\nif 'daydreaming_dagster.config.paths' in sys.modules:\n    pass\n",
            [(2, "runtime")],
            id="sys-modules-membership",
        ),
        pytest.param(
            'x = ("daydreaming_dagster.config"\n     ".paths")\n', [(1, "runtime")], id="concat"
        ),
        pytest.param(
            '"""Moved from daydreaming_dagster.config.paths."""\n', [(1, "prose")], id="docstring"
        ),
        pytest.param(
            'print(f"{x} daydreaming_dagster.config.paths")\n', [(1, "prose")], id="f-string"
        ),
        pytest.param('log("see daydreaming_dagster.config.paths")\n', [(1, "prose")], id="message"),
        pytest.param("# daydreaming_dagster.config.paths\n", [], id="comment-is-text-not-ast"),
        pytest.param("from data_layer.paths import Paths\n", [], id="new-module"),
        pytest.param(
            "from daydreaming_dagster import config\n\n\ndef g(config):\n    return config.paths\n",
            [],
            id="parameter-shadows",
        ),
    ],
)
def test_kinds(source: str, expected: list[tuple[int, str]]) -> None:
    assert kinds(source) == expected


def test_unresolvable_without_a_module_name() -> None:
    assert kinds("from . import paths\nfrom .other import x\n", None) == [(1, "unresolvable")]


def test_noqa_span_is_the_statement() -> None:
    text = "from daydreaming_dagster.config import (  # noqa: DLM001\n    paths,\n)\n"
    (reference,) = references.find_references(ast.parse(text), text, Names.of(CONFIG, LOCATION))
    assert (reference.line, reference.first, reference.last) == (2, 1, 3)


@pytest.mark.parametrize(
    ("source", "needed"),
    [
        pytest.param("from daydreaming_dagster import config\nx = config.paths.X\n", 2, id="chain"),
        pytest.param("m = sys.modules['daydreaming_dagster.config.paths']\n", 1, id="sys-modules"),
        pytest.param("from ..config.paths import Paths\nPaths('x')\n", None, id="import-only"),
        pytest.param('"""See daydreaming_dagster.config.paths."""\n', None, id="prose"),
        pytest.param("def (:\n", 1, id="unparsable-keeps"),
    ],
)
def test_needing_the_import(source: str, needed: int | None) -> None:
    """What an import of the legacy module must stay for (the IO codemod's removal asks)."""
    found = references.needing_the_import(source, Names.of(CONFIG, LOCATION))
    assert (found.line if found is not None else None) == needed


def test_warnings_of_the_users_code_do_not_turn_into_parse_failures() -> None:
    # `"\d"` warns when compiled; under `-W error` an unguarded ast.parse raised, and the file
    # came back as DLM902 with its real reference unreported.
    import warnings

    source = b'x = "\\d"\nfrom daydreaming_dagster.config.paths import Paths\n'
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = references.check_source(source, FILENAME, None, CONFIG)
        needed = references.needing_the_import(
            source.decode() + "import sys\n", Names.of(CONFIG, None)
        )
    assert [(f.line, f.code) for f in found] == [(2, "DLM001")]
    assert needed is None  # parsed: nothing needs the import (a failed parse keeps it)
