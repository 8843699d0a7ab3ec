"""The forms the guard and the import codemod used to read differently (issue 10), each through
both: the guard's findings (`check_source`) and the codemod's rewrite or report.

Pins: implicit concatenation, `module:attr` targets (`pkgutil.resolve_name`, entry points), a
chain's root shadowed by a parameter or local, `# noqa: DLM001` (one meaning: neither flagged,
nor rewritten, nor reported) and a noqa-looking text inside a string (not a comment).
"""

from __future__ import annotations

import textwrap

import pytest

from codemods.findings import LEGACY_REFERENCE
from codemods.imports.legacy_imports import AMBIGUOUS, NOT_EXPORTED, LegacyImportsCodemod
from codemods.legacy.noqa import noqa_lines
from codemods.legacy.references import check_source
from codemods.module_names import module_for_file

from codemod_testing import CONFIG, FILENAME, check_noop, check_transformed, run_codemod


def guard_lines(source: str) -> list[int]:
    code = textwrap.dedent(source)
    location = module_for_file(FILENAME, CONFIG.source_roots)
    findings = check_source(code.encode(), FILENAME, location, CONFIG)
    assert all(finding.code == LEGACY_REFERENCE for finding in findings), findings
    return [finding.line for finding in findings]


def codemod_codes(source: str) -> list[tuple[int, str]]:
    _code, findings = run_codemod(LegacyImportsCodemod, source)
    return sorted((finding.line, finding.code) for finding in findings if not finding.fixed)


# -- 1. implicit concatenation ---------------------------------------------------------------

CONCATENATED = """\
import importlib

module = importlib.import_module(
    "daydreaming_dagster.config"
    ".paths"
)
"""


def test_concatenation_is_one_string_for_both() -> None:
    assert guard_lines(CONCATENATED) == [4]
    # Reported (which part to change is a human's call), never silent nor rewritten.
    assert codemod_codes(CONCATENATED) == [(4, AMBIGUOUS)]
    assert run_codemod(LegacyImportsCodemod, CONCATENATED)[0] == textwrap.dedent(CONCATENATED)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('x = ("see " "daydreaming_dagster.config" ".paths")\n', id="prose-concat"),
        pytest.param('x = ("daydreaming_dagster.config" ".paths_extra")\n', id="look-alike"),
    ],
)
def test_concatenation_noop(source: str) -> None:
    assert guard_lines(source) == []
    assert [code for _line, code in codemod_codes(source) if code != "DLM103"] == []


# -- 2. `module:attr` targets ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            'cls = pkgutil.resolve_name("daydreaming_dagster.config.paths:Paths")\n',
            'cls = pkgutil.resolve_name("data_layer.paths:Paths")\n',
            id="resolve-name-colon",
        ),
        pytest.param(
            "cls = resolve_name(name='daydreaming_dagster.config.paths:Paths.from_str')\n",
            "cls = resolve_name(name='data_layer.paths:Paths.from_str')\n",
            id="resolve-name-keyword-attribute-chain",
        ),
        pytest.param(
            'cls = pkgutil.resolve_name("daydreaming_dagster.config.paths.Paths")\n',
            'cls = pkgutil.resolve_name("data_layer.paths.Paths")\n',
            id="resolve-name-dotted",
        ),
    ],
)
def test_resolve_name_rewritten(before: str, after: str) -> None:
    assert guard_lines(before) == [1]
    check_transformed(LegacyImportsCodemod, before, after)
    assert guard_lines(after) == []


@pytest.mark.parametrize(
    ("source", "code"),
    [
        pytest.param(
            'TARGET = "daydreaming_dagster.config.paths:Paths"\n', AMBIGUOUS, id="entry-point"
        ),
        pytest.param(
            'm = pkgutil.resolve_name("daydreaming_dagster.config:paths")\n',
            AMBIGUOUS,
            id="module-as-package-attribute",
        ),
        pytest.param(
            'm = pkgutil.resolve_name("daydreaming_dagster.config.paths:Missing")\n',
            NOT_EXPORTED,
            id="not-exported",
        ),
        pytest.param(
            'mock.patch("daydreaming_dagster.config.paths:Paths")\n',
            AMBIGUOUS,
            id="colon-in-a-patch-target",
        ),
    ],
)
def test_module_attr_reported_not_prose(source: str, code: str) -> None:
    assert guard_lines(source) == [1]
    assert codemod_codes(source) == [(1, code)]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param('x = "daydreaming_dagster.config.paths_extra:Paths"\n', id="look-alike"),
        pytest.param('x = "daydreaming_dagster.config:other"\n', id="other-attribute"),
        pytest.param('x = "daydreaming_dagster.config.paths:"\n', id="no-attribute"),
        pytest.param('x = "a:daydreaming_dagster.config.paths"\n', id="colon-before"),
    ],
)
def test_module_attr_noop(source: str) -> None:
    assert guard_lines(source) == []
    check_noop(LegacyImportsCodemod, source)


# -- 3. a chain's root shadowed in its function ----------------------------------------------

PARENT = "from daydreaming_dagster import config\n\n\n"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("def g(config):\n    return config.paths\n", id="parameter"),
        pytest.param("def g(*, config=None):\n    return config.paths\n", id="keyword-only"),
        pytest.param("def g():\n    config = load()\n    return config.paths\n", id="local"),
        pytest.param(
            "def g():\n    for config in configs:\n        print(config.paths)\n", id="loop-target"
        ),
        pytest.param(
            "def g(config):\n    def h():\n        return config.paths\n\n    return h\n",
            id="closure-over-parameter",
        ),
        pytest.param("f = lambda config: config.paths\n", id="lambda-parameter"),
        pytest.param("x = [config.paths for config in configs]\n", id="comprehension-target"),
    ],
)
def test_shadowed_root_is_not_the_import(body: str) -> None:
    source = PARENT + body
    assert guard_lines(source) == []
    check_noop(LegacyImportsCodemod, source)


@pytest.mark.parametrize(
    ("body", "line"),
    [
        pytest.param("def g():\n    return config.paths\n", 5, id="module-level-import-used"),
        pytest.param(
            "def g():\n    global config\n    config = load()\n    return config.paths\n",
            7,
            id="global-declared",
        ),
        pytest.param(
            "def g(config=config.paths):\n    return config\n", 4, id="default-in-outer-scope"
        ),
        pytest.param("def g(other):\n    return config.paths\n", 5, id="other-parameter-name"),
    ],
)
def test_import_still_flagged(body: str, line: int) -> None:
    source = PARENT + body
    assert guard_lines(source) == [line]
    assert (line, AMBIGUOUS) in codemod_codes(source)


# -- 4. noqa DLM001: one meaning ----------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths  # noqa: DLM001\n", id="import"
        ),
        pytest.param(
            "from ..config.paths import (  # noqa: E402, DLM001\n    Paths,\n)\n",
            id="first-line-of-parenthesised",
        ),
        pytest.param(
            "from ..config.paths import (\n    Paths,\n)  # noqa: dlm001\n",
            id="last-line-lower-case",
        ),
        pytest.param(
            "from daydreaming_dagster.config import (\n    paths,\n)  # noqa:DLM001\n",
            id="module-binding-import",
        ),
        pytest.param('LEGACY = "daydreaming_dagster.config.paths"  # noqa: DLM001\n', id="string"),
        pytest.param(
            'mock.patch("daydreaming_dagster.config.paths.Paths")  # noqa: DLM001\n',
            id="patch-target",
        ),
        pytest.param('print("see daydreaming_dagster.config.paths")  # noqa: DLM001\n', id="prose"),
    ],
)
def test_noqa_neither_flagged_nor_rewritten_nor_reported(source: str) -> None:
    assert guard_lines(source) == []
    code, findings = run_codemod(LegacyImportsCodemod, source)
    assert code == textwrap.dedent(source)
    assert findings == []


def test_noqa_on_a_use_leaves_its_import() -> None:
    source = """\
    import daydreaming_dagster.config.paths

    a = daydreaming_dagster.config.paths.Paths("x")
    b = daydreaming_dagster.config.paths.RAW_FILENAME  # noqa: DLM001
    """
    # The guard flags the import; the codemod cannot rewrite it without the noqa'd use.
    assert guard_lines(source) == [1]
    code, findings = run_codemod(LegacyImportsCodemod, source)
    assert code == textwrap.dedent(source)
    assert {(f.line, f.code) for f in findings} == {(1, AMBIGUOUS)}


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths  # noqa: E402\n", id="other-code"
        ),
        pytest.param("from daydreaming_dagster.config.paths import Paths  # noqa\n", id="bare"),
        pytest.param(
            "# noqa: DLM001\nfrom daydreaming_dagster.config.paths import Paths\n",
            id="on-the-line-above",
        ),
    ],
)
def test_noqa_that_does_not_count(source: str) -> None:
    assert guard_lines(source) == [len(source.splitlines())]
    code, _findings = run_codemod(LegacyImportsCodemod, source)
    assert "data_layer.paths" in code


# -- 5. noqa is a comment token, never text in a string --------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            'x = "# noqa: DLM001"; from daydreaming_dagster.config.paths import Paths\n',
            id="string-before",
        ),
        pytest.param(
            'from ..config.paths import (Paths,\n    RAW_FILENAME); y = "# noqa: DLM001"\n',
            id="string-on-a-later-line",
        ),
        pytest.param(
            'm = import_module("daydreaming_dagster.config.paths"); """# noqa: DLM001"""\n',
            id="in-a-docstring-after",
        ),
    ],
)
def test_noqa_inside_a_string_does_not_count(source: str) -> None:
    assert guard_lines(source) == [1]


def test_noqa_inside_a_string_is_still_rewritten() -> None:
    check_transformed(
        LegacyImportsCodemod,
        'from ..config.paths import Paths; y = "# noqa: DLM001"\n',
        'from data_layer.paths import Paths; y = "# noqa: DLM001"\n',
    )


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        pytest.param("x = 1\n", frozenset(), id="none"),
        pytest.param("x = 1  # noqa: DLM001\n", frozenset({1}), id="one"),
        pytest.param("x = 1  # noqa: E501,DLM001\n", frozenset({1}), id="among-others"),
        pytest.param("x = 1  # noqa: DLM0011\n", frozenset(), id="other-code"),
        pytest.param('x = "# noqa: DLM001"\n', frozenset(), id="in-a-string"),
        pytest.param('x = """\n# noqa: DLM001\n"""\n', frozenset(), id="in-a-triple-quoted"),
        pytest.param("x = 1\r# noqa: DLM001\r", frozenset({2}), id="lone-carriage-return"),
    ],
)
def test_noqa_lines(text: str, lines: frozenset[int]) -> None:
    assert noqa_lines(text) == lines
