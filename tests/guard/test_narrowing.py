"""The guard's byte-level narrowing (skip unparsed, visit only lines with the basename) never
changes what it finds: checked against the exhaustive scan on the corpus and generated programs."""

from __future__ import annotations

import ast
import textwrap

import pytest
from guard_corpus import CORPUS, Snippet
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from codemods.legacy.references import check_source
from codemods.module_names import module_for_file

from codemod_testing import CONFIG


def both(source: bytes, module_path: str) -> tuple[list[str], list[str]]:
    path = str(CONFIG.source_roots[0] / module_path)
    location = module_for_file(path, CONFIG.source_roots)
    narrowed = check_source(source, path, location, CONFIG)
    exhaustive = check_source(source, path, location, CONFIG, exhaustive=True)
    return [f.format() for f in narrowed], [f.format() for f in exhaustive]


def in_function(code: str) -> str:
    return '@decorate(\n    "x",\n)\ndef wrapper():\n' + textwrap.indent(code, "    ") + "\n"


def in_class(code: str) -> str:
    return "@dataclass\nclass Wrapper:\n    @staticmethod\n" + textwrap.indent(
        in_function(code), "    "
    )


WRAPPERS = {
    "module": lambda code: code,
    "function": in_function,
    "class": in_class,
    "if-try": lambda code: (
        "if flag:\n    try:\n"
        + textwrap.indent(code, "        ")
        + "\n    except ImportError:\n        pass\n"
    ),
    "crlf": lambda code: code.replace("\n", "\r\n"),
    "lone-cr": lambda code: code.replace("\n", "\r"),
}


@pytest.mark.parametrize("wrapper", list(WRAPPERS))
@pytest.mark.parametrize("snippet", CORPUS, ids=lambda snippet: snippet.id)
def test_narrowing_agrees_with_exhaustive_scan(snippet: Snippet, wrapper: str) -> None:
    narrowed, exhaustive = both(WRAPPERS[wrapper](snippet.code).encode(), snippet.module_path)
    assert narrowed == exhaustive


FRAGMENTS = [snippet.code for snippet in CORPUS if "*" not in snippet.code] + [
    "x = 1\n",
    "paths = [p for p in all_paths]\n",
    "@mock.patch(\n    'daydreaming_dagster.config.paths.Paths',\n)\n",
    "@pytest.fixture\n",
    "def f(\n    a: 'daydreaming_dagster.config.paths.Paths',\n):\n    pass\n",
    "value = (\n    config\n    .paths\n)\n",
    "from daydreaming_dagster import config\n",
    "class C:\n    pass\n",
    "text = '''\npaths\n'''\n",
]


@st.composite
def programs(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        code = draw(st.sampled_from(FRAGMENTS))
        wrapper = draw(st.sampled_from(["module", "function", "class", "if-try"]))
        parts.append(WRAPPERS[wrapper](code))
    # A decorator fragment needs a definition after it: end with one.
    return "".join(parts) + "def tail():\n    pass\n"


@settings(max_examples=80, deadline=None)
@given(programs(), st.sampled_from(["crlf", "module", "lone-cr"]))
def test_narrowing_agrees_on_generated_programs(program: str, endings: str) -> None:
    source = WRAPPERS[endings](program).encode()
    try:
        ast.parse(source)
    except SyntaxError:
        # An unparsable file that cannot spell a reference is skipped unparsed by design.
        assume(False)
    narrowed, exhaustive = both(source, "daydreaming_dagster/assets/generated.py")
    assert narrowed == exhaustive
