"""Where an import sorter (isort, ruff's `I` rules with their defaults) puts an import in a
module's top-level import block: the one rule both codemods place the imports they write by.

A block is a run of top-level statements that are only imports (code such as `sys.path.insert`
ends one). Sections in order: `__future__`, standard library, third party, first party (the
file's own top-level package, and packages under the source roots or the project root), local
(relative); blank line between sections; within one, `import x` before `from x import y`, each
by module name, case folded. Names in a `from` import: constants, classes, then the rest.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import libcst as cst

from codemods.config import MigrateConfig
from codemods.imports import edits
from codemods.module_names import ModuleLocation

FUTURE, STDLIB, THIRD_PARTY, FIRST_PARTY, LOCAL = range(5)

#: A statement of a module's body (what `cst.Module.body` holds).
Statement = cst.SimpleStatementLine | cst.BaseCompoundStatement


class Sections:
    """The section of an import in one file."""

    __slots__ = ("first_party", "roots")

    def __init__(self, config: MigrateConfig | None, location: ModuleLocation | None) -> None:
        own = location.name.partition(".")[0] if location is not None else ""
        self.first_party = frozenset({own} - {""})
        roots: tuple[Path, ...] = ()
        if config is not None:
            roots = (config.project_root, *config.source_roots)
        self.roots = roots

    def of(self, module: str, level: int) -> int:
        if level:
            return LOCAL
        top = module.partition(".")[0]
        if top == "__future__":
            return FUTURE
        if top in sys.stdlib_module_names:
            return STDLIB
        if top in self.first_party or any(_holds(root, top) for root in self.roots):
            return FIRST_PARTY
        return THIRD_PARTY


@lru_cache(maxsize=256)
def _holds(root: Path, top: str) -> bool:
    return (root / top).is_dir() or (root / f"{top}.py").is_file()


def single_import(statement: cst.CSTNode) -> cst.Import | cst.ImportFrom | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        node = statement.body[0]
        if isinstance(node, (cst.Import, cst.ImportFrom)):
            return node
    return None


def is_import_line(statement: cst.CSTNode) -> bool:
    """A line holding only imports (one or several, `;`-separated)."""
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body
    )


def blocks(body: Sequence[Statement]) -> list[range]:
    """The top-level import blocks of `body`, as index ranges."""
    found: list[range] = []
    start: int | None = None
    for index, statement in enumerate(body):
        if is_import_line(statement):
            if start is None:
                start = index
        elif start is not None:
            found.append(range(start, index))
            start = None
    if start is not None:
        found.append(range(start, len(body)))
    return found


def member_key(name: str) -> tuple[int, str]:
    """isort's `order-by-type`: CONSTANTS, then Classes, then the rest."""
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return kind, name.lower()


def key(node: cst.Import | cst.ImportFrom, sections: Sections) -> tuple[int, int, str, str]:
    """The sort key of one import statement: section, straight before from, module, first name."""
    if isinstance(node, cst.Import):
        module = edits.dotted_name(node.names[0].name) or ""
        return sections.of(module, 0), 0, module.lower(), ""
    level, module_name = edits.from_module(node)
    module = module_name or ""
    first = ""
    if not isinstance(node.names, cst.ImportStar) and node.names:
        first = edits.dotted_name(node.names[0].name) or ""
    # Relative: furthest first (`..x` before `.x`).
    spelled = "." * (9 - level) + module if level else module
    return sections.of(module, level), 1, spelled.lower(), member_key(first)[1]


def insertion(
    body: Sequence[Statement],
    block: range,
    new: tuple[int, int, str, str],
    sections: Sections,
    skip: cst.CSTNode | None = None,
) -> int:
    """The index in `body` (within `block`, or right after it) where an import keyed `new`
    goes: after the last import of the block that sorts before it. `skip`: a statement of the
    block being moved (it does not count)."""
    position = block.start
    for index in block:
        statement = body[index]
        if statement is skip:
            continue
        node = single_import(statement)
        if node is None:
            continue  # several imports on one line: no key; what sorts before it stays before
        if key(node, sections) <= new:
            position = index + 1
    return position


def insert(
    body: list[Statement],
    index: int,
    statement: cst.SimpleStatementLine,
    block: range,
    sections: Sections,
) -> None:
    """Insert the import `statement` at `index` in `body` (inside `block`, or right after it)
    with isort's blank lines: one between sections, none within one. The first import of a
    block takes the blank lines above the block; comments stay with the import below them."""
    node = single_import(statement)
    assert node is not None
    section = key(node, sections)[0]
    leading: list[cst.EmptyLine] = []
    following = body[index] if index < block.stop else None
    if index == block.start:
        assert following is not None, "an import goes into a block of one import or more"
        lines = list(following.leading_lines)
        blanks = 0
        while blanks < len(lines) and lines[blanks].comment is None:
            blanks += 1
        leading, rest = lines[:blanks], lines[blanks:]
        body[index] = following = following.with_changes(leading_lines=rest)
    else:
        before = single_import(body[index - 1])
        if before is None or key(before, sections)[0] != section:
            leading = [cst.EmptyLine()]
    if following is not None:
        after = single_import(following)
        lines = list(following.leading_lines)
        blanks = 0
        while blanks < len(lines) and lines[blanks].comment is None:
            blanks += 1
        if after is not None and key(after, sections)[0] == section:
            lines = lines[blanks:]
        elif blanks == 0:
            lines = [cst.EmptyLine(), *lines]
        body[index] = following.with_changes(leading_lines=lines)
    body.insert(index, statement.with_changes(leading_lines=leading))


def resort(
    before: Sequence[Statement], after: Sequence[Statement], sections: Sections
) -> list[Statement]:
    """`after` (the module body once rewritten) with each rewritten top-level import moved,
    within its own block, to where an import sorter puts it: the new module's name may sort
    into another section than the legacy one did. A block the file did not keep sorted is left
    alone, and so is an import with comment lines above it, binding a name another import of
    the block binds (their order would matter) or that would move down (a module imported
    before it may read its names back, circularly). No code runs between a block's imports."""
    body = list(after)
    kept = {id(statement) for statement in before}
    left = {id(statement) for statement in after}
    for block in blocks(before):
        replaced = [before[i] for i in block if id(before[i]) not in left]
        if replaced and not _sorted(before, block, (), sections):
            return body  # the file does not keep its imports sorted: nothing to keep up
    for block in blocks(body):
        moved = [body[i] for i in block if id(body[i]) not in kept]
        if not moved or len(block) < 2 or not _sorted(body, block, moved, sections):
            continue
        for statement in moved:
            node = single_import(statement)
            if (
                node is None
                or any(line.comment is not None for line in statement.leading_lines)
                or _binds_shared(body, block, statement)
            ):
                continue
            assert isinstance(statement, cst.SimpleStatementLine)
            index = next(i for i in block if body[i] is statement)
            unmoved = list(body)
            removed = body.pop(index)
            if index < block.stop - 1 and not body[index].leading_lines:
                body[index] = body[index].with_changes(leading_lines=removed.leading_lines)
            # One statement fewer: the block ends one earlier while it is out.
            shorter = range(block.start, block.stop - 1)
            at = insertion(body, shorter, key(node, sections), sections)
            if at > index:
                # Later, a module imported before it could find its names unbound (a circular
                # import reading them from this module): only ever move an import up.
                body = unmoved
                continue
            insert(body, at, statement, shorter, sections)
    return body


def _sorted(
    body: Sequence[Statement], block: range, moved: Sequence[Statement], sections: Sections
) -> bool:
    keys = [
        key(node, sections)
        for i in block
        if not any(body[i] is m for m in moved) and (node := single_import(body[i])) is not None
    ]
    return all(a <= b for a, b in pairwise(keys))


def _binds_shared(body: Sequence[Statement], block: range, statement: Statement) -> bool:
    assert isinstance(statement, cst.SimpleStatementLine)
    names = edits.bound_names(statement.body[0])
    for i in block:
        other = body[i]
        if other is statement or not isinstance(other, cst.SimpleStatementLine):
            continue
        if any(edits.bound_names(small) & names for small in other.body):
            return True
    return False
