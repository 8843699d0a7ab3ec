"""The `ast` statement index (import codemod, IO codemod positions): units match LibCST's
statements, and positions computed for one unit alone, or on demand through `UnitPositions`,
equal those PositionProvider computes for the whole module."""

from __future__ import annotations

import ast
import contextlib
import inspect
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from codemods.speedups.statement_index import (
    ModuleStatements,
    UnitPositions,
    line_map,
    local_positions,
    units,
)
from codemods.speedups.tree_index import TreeIndex

REPO = Path(__file__).resolve().parents[2]
SOURCES = [
    *sorted((REPO / "examples" / "legacy_project").rglob("*.py")),
    *sorted((REPO / "tests" / "fixtures" / "imports").glob("*.py")),
    Path(inspect.getfile(textwrap)),
    Path(inspect.getfile(contextlib)),
]

SHAPES = """\
@decorator(
    "arg",
)
class A(Base, metaclass=M):  # comment
    '''Doc.'''

    if x:
        pass
    elif y:  # elif
        def f(a: "T" = 1) -> None: return a
    else:
        try:
            import os; from . import paths
        except (ImportError, ValueError) as error:
            raise
        else:
            pass
        finally:
            del x
    for i in range(3):
        while True: break
    else:
        with open(f) as h, open(g):
            match h:
                case [1, *rest]:
                    pass
                case {"k": v, **others} if v:
                    pass


async def g():
    async with a:
        async for b in c:
            await b


def h():
\tif x:
\t\tfrom ..config.paths import Paths  # tab-indented block
"""


def _check(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    all_units = units(module, ast.parse(source))
    lines = line_map(all_units)
    assert all_units or not module.body
    for unit in all_units:
        computed: dict[cst.CSTNode, CodeRange] = {}
        local_positions(module, unit, computed)
        assert computed
        for node, where in computed.items():
            assert where == expected[node], (unit.first_line, type(node).__name__)
        for line in range(unit.first_line, unit.last_line + 1):
            held = lines[line]
            assert held is not None and held.depth >= unit.depth
    # On demand, innermost nodes first (each asks for its own statement), then every node.
    index = TreeIndex(module)
    on_demand = UnitPositions(ModuleStatements(module, source), index.parents)
    for node in reversed(index.nodes):
        assert on_demand[node] == expected[node], type(node).__name__


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_unit_positions_match_the_whole_module(path: Path) -> None:
    _check(path.read_text(encoding="utf-8"))


def test_statement_shapes() -> None:
    # Every compound statement; one function indented with tabs, the rest with spaces.
    _check(SHAPES)


def test_crlf_newlines() -> None:
    _check("import os\r\nif x:\r\n    from . import paths\r\n")


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("x = 1\n", id="plain"),
        pytest.param("x = (\n", id="ast-cannot-parse"),
    ],
)
def test_unit_positions_fall_back_to_the_whole_module(source: str) -> None:
    # The module node is in no statement; a source `ast` rejects has no statements at all.
    module = cst.parse_module("x = 1\n")
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    index = TreeIndex(module)
    on_demand = UnitPositions(ModuleStatements(module, source), index.parents)
    assert on_demand[module] == expected[module]
    assert all(on_demand[node] == expected[node] for node in index.nodes)
    assert len(on_demand) == len(expected)
    with pytest.raises(KeyError):
        on_demand[cst.Name("elsewhere")]
