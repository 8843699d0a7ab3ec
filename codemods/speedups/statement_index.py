"""Find the LibCST statements that hold given source lines, with the stdlib `ast` as the index.

LibCST nodes carry no line numbers, and computing them for a whole module (PositionProvider)
costs about twice the parse itself. `ast` parses five times faster and knows every statement's
lines, so walking both trees in step finds the few statements worth a LibCST visit, and their
positions are computed for those statements alone.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

from codemods.legacy.text import parse

_AnyFunction = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class Unit:
    """One simple-statement line, or a compound statement without its indented bodies.

    `path` runs from the Module down to `node` (inclusive); `statements` are the `ast` statements
    `node` holds (one for a compound statement); `lines` the source lines it covers (for a
    compound statement, those of its nested units excepted, see `line_map`).
    """

    path: tuple[cst.CSTNode, ...]
    statements: tuple[ast.stmt, ...]
    indent: tuple[str | None, ...]
    first_line: int
    last_line: int
    depth: int

    @property
    def node(self) -> cst.CSTNode:
        return self.path[-1]

    @property
    def header_only(self) -> bool:
        """A compound statement: its indented bodies are other units."""
        return not isinstance(self.node, cst.SimpleStatementLine)


def units(module: cst.Module, tree: ast.Module) -> list[Unit]:
    """Every unit of `module`, outermost first (so a later unit covering a line is deeper)."""
    found: list[Unit] = []
    _walk(module.body, tree.body, (module,), (), 0, found)
    return found


def line_map(all_units: Sequence[Unit]) -> list[Unit | None]:
    """For every line, the deepest unit holding it (entry `line`; None outside every unit)."""
    last = max((unit.last_line for unit in all_units), default=0)
    found: list[Unit | None] = [None] * (last + 2)
    # Units come outermost first, so a later unit covering a line is the deeper one.
    for unit in all_units:
        for line in range(unit.first_line, unit.last_line + 1):
            held = found[line]
            if held is None or unit.depth >= held.depth:
                found[line] = unit
    return found


def _walk(
    body: Sequence[cst.BaseStatement],
    statements: Sequence[ast.stmt],
    path: tuple[cst.CSTNode, ...],
    indent: tuple[str | None, ...],
    depth: int,
    found: list[Unit],
) -> None:
    position = 0
    for node in body:
        if isinstance(node, cst.SimpleStatementLine):
            mine = tuple(statements[position : position + len(node.body)])
            position += len(node.body)
            found.append(
                Unit(
                    (*path, node),
                    mine,
                    indent,
                    mine[0].lineno,
                    max(s.end_lineno or s.lineno for s in mine),
                    depth,
                )
            )
            continue
        statement = statements[position]
        position += 1
        _compound(node, statement, path, indent, depth, found)


def _first_line(node: ast.stmt) -> int:
    if isinstance(node, (*_AnyFunction, ast.ClassDef)) and node.decorator_list:
        return min(d.lineno for d in node.decorator_list)
    return node.lineno


def _compound(
    node: cst.CSTNode,
    statement: ast.stmt,
    path: tuple[cst.CSTNode, ...],
    indent: tuple[str | None, ...],
    depth: int,
    found: list[Unit],
) -> None:
    here = (*path, node)
    found.append(
        Unit(
            here,
            (statement,),
            indent,
            _first_line(statement),
            statement.end_lineno or statement.lineno,
            depth,
        )
    )
    # `case` clauses sit one indentation deeper than their `match`.
    outer = (*indent, node.indent) if isinstance(node, cst.Match) else indent
    for suite_path, suite, statements in _suites(node, statement):
        inner = (*here, *suite_path, suite)
        if isinstance(suite, cst.IndentedBlock):
            # None: the module's default indentation.
            _walk(suite.body, statements, inner, (*outer, suite.indent), depth + 1, found)


def _suites(
    node: cst.CSTNode, statement: ast.stmt
) -> Iterator[tuple[tuple[cst.CSTNode, ...], cst.BaseSuite, Sequence[ast.stmt]]]:
    """Each indented body of a compound statement, with the nodes between them and the `ast`
    statements it holds. An `elif` is walked as a compound statement of its own."""
    if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.With)):
        yield (), node.body, statement.body  # type: ignore[attr-defined]
    elif isinstance(node, (cst.For, cst.While)):
        yield (), node.body, statement.body  # type: ignore[attr-defined]
        orelse = node.orelse
        if orelse is not None:
            yield (orelse,), orelse.body, statement.orelse  # type: ignore[attr-defined]
    elif isinstance(node, cst.If):
        assert isinstance(statement, ast.If)
        yield (), node.body, statement.body
        if isinstance(node.orelse, cst.Else):
            yield (node.orelse,), node.orelse.body, statement.orelse
        elif isinstance(node.orelse, cst.If):
            # An `elif` belongs to the first `if`'s header unit; its body is walked from here.
            for inner_path, suite, statements in _suites(node.orelse, statement.orelse[0]):
                yield (node.orelse, *inner_path), suite, statements
    elif isinstance(node, (cst.Try, cst.TryStar)):
        assert isinstance(statement, (ast.Try, ast.TryStar))
        yield (), node.body, statement.body
        handlers: Sequence[cst.ExceptHandler | cst.ExceptStarHandler] = node.handlers
        for handler, ast_handler in zip(handlers, statement.handlers, strict=True):
            yield (handler,), handler.body, ast_handler.body
        if node.orelse is not None:
            yield (node.orelse,), node.orelse.body, statement.orelse
        if node.finalbody is not None:
            yield (node.finalbody,), node.finalbody.body, statement.finalbody
    elif isinstance(node, cst.Match):
        assert isinstance(statement, ast.Match)
        for case, ast_case in zip(node.cases, statement.cases, strict=True):
            yield (case,), case.body, ast_case.body


def local_positions(
    module: cst.Module, unit: Unit, into: dict[cst.CSTNode, CodeRange], *, header: bool = False
) -> None:
    """Add to `into` the positions (as PositionProvider computes them on the whole module) of
    every node of `unit`, by printing only the unit. With `header`, a function or class is
    printed without its body: its header nodes get their positions, the definition and its body
    none."""
    provider = PositionProvider()
    indent = [module.default_indent if token is None else token for token in unit.indent]
    state = PositionProvidingCodegenState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        provider=provider,
        indent_tokens=indent,
    )
    node = unit.node
    printed = node
    skipped: tuple[cst.CSTNode, ...] = ()
    if header and isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        # Same header nodes, a one-line body: what follows the header moves nothing before it.
        printed = node.with_changes(body=cst.IndentedBlock(body=()))
        skipped = (printed, printed.body)
    printed._codegen(state)
    computed = cast(Mapping[cst.CSTNode, CodeRange], provider._computed)
    anchor, anchor_line = _anchor(node, unit.statements[0])
    shift = anchor_line - computed[anchor].start.line
    for item, where in computed.items():
        if item in skipped:  # the stand-in definition and body are not in the module
            continue
        into[item] = CodeRange(
            (where.start.line + shift, where.start.column),
            (where.end.line + shift, where.end.column),
        )


def _anchor(node: cst.CSTNode, statement: ast.stmt) -> tuple[cst.CSTNode, int]:
    """A node of `node` whose line `ast` knows: the first small statement, a definition's name,
    else the compound statement itself (its position starts at its keyword)."""
    if isinstance(node, cst.SimpleStatementLine):
        return node.body[0], statement.lineno
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return node.name, statement.lineno
    return node, statement.lineno


class ModuleStatements:
    """A module's `ast` and its units, each computed once on first use, for the consumers of one
    tree (the IO codemod's positions and its scope module). `source` must be `module`'s code.
    `tree()` is None and `units()` empty when `ast` cannot parse the source or the two trees
    disagree."""

    def __init__(self, module: cst.Module, source: str) -> None:
        self.module = module
        self.source = source
        self._tree: ast.Module | None = None
        self._units: list[Unit] | None = None

    def tree(self) -> ast.Module | None:
        if self._units is None:
            self._index()
        return self._tree

    def units(self) -> list[Unit]:
        if self._units is None:
            self._index()
        assert self._units is not None
        return self._units

    def _index(self) -> None:
        self._units = []
        try:
            tree = parse(self.source)
            self._units = units(self.module, tree)
        except (SyntaxError, ValueError, RecursionError, MemoryError, IndexError, AssertionError):
            return  # the trees disagree or `ast` cannot parse: no index
        self._tree = tree


class UnitPositions(Mapping[cst.CSTNode, CodeRange]):
    """PositionProvider's mapping for `statements.module`, computed one statement at a time on
    first use.

    A codemod that needs the positions of a few nodes (the sites it reports) pays for printing
    the statements that hold them, not the whole module. `parents` map each node of the module
    to its parent. A node outside every statement, or a file `ast` cannot index, falls back to
    PositionProvider over the whole module.
    """

    def __init__(
        self, statements: ModuleStatements, parents: Mapping[cst.CSTNode, cst.CSTNode]
    ) -> None:
        self._module = statements.module
        self._statements = statements
        self._parents = parents
        self._known: dict[cst.CSTNode, CodeRange] = {}
        self._units: dict[int, Unit] | None = None
        self._whole: Mapping[cst.CSTNode, CodeRange] | None = None

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        found = self._known.get(node)
        if found is None:
            unit = self._unit_of(node)
            if unit is not None:
                # A definition's header (its name, a parameter) without its body, first.
                local_positions(self._module, unit, self._known, header=True)
                found = self._known.get(node)
                if found is None and isinstance(unit.node, (cst.FunctionDef, cst.ClassDef)):
                    local_positions(self._module, unit, self._known)
                    found = self._known.get(node)
            if found is None:
                found = self._whole_module()[node]  # KeyError for a node not in the module
        return found

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._whole_module())

    def __len__(self) -> int:
        return len(self._whole_module())

    def _unit_of(self, node: cst.CSTNode) -> Unit | None:
        """The innermost unit holding `node` (None when there is none, or no index)."""
        if self._units is None:
            self._units = {id(unit.node): unit for unit in self._statements.units()}
        current: cst.CSTNode | None = node
        while current is not None:
            unit = self._units.get(id(current))
            if unit is not None:
                return unit
            current = self._parents.get(current)
        return None

    def _whole_module(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self._whole is None:
            wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
            self._whole = wrapper.resolve(PositionProvider)
        return self._whole
