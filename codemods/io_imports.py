"""Import-block layout after the IO codemod's import edits: the names a new variable must avoid,
no blank lines left at the top of a file, and isort's blank line after the standard library."""

from __future__ import annotations

import difflib
import re
import sys

import libcst as cst

from codemods.io_receivers import LAYER_CLASS, walk

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


def bound_or_read_names(tree: cst.Module, *, include_imports: bool = True) -> set[str]:
    """Every name the module binds or reads, in any scope: a new variable must avoid them all.
    Module paths in imports, attribute names and keyword-argument names do not count.

    With `include_imports=False` the names bound by import statements are left out, and every
    identifier inside a string literal counts (string annotations, `__all__`): a name missing
    from the result is provably unused outside its import.
    """
    skipped: set[int] = set()
    names: set[str] = set()
    for node in walk(tree):
        if isinstance(node, cst.Import | cst.ImportFrom) and not include_imports:
            skipped.update(id(part) for part in walk(node))
        elif isinstance(node, cst.ImportFrom) and node.module is not None:
            skipped.update(id(part) for part in walk(node.module))
        elif isinstance(node, cst.Import):
            for alias in node.names:
                skipped.update(id(part) for part in walk(alias.name))
                names.add(alias.evaluated_alias or alias.evaluated_name.split(".")[0])
        elif isinstance(node, cst.Attribute):
            skipped.add(id(node.attr))
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            skipped.add(id(node.keyword))
        elif isinstance(node, cst.Name) and id(node) not in skipped:
            names.add(node.value)
        elif isinstance(node, cst.SimpleString) and not include_imports:
            names.update(_IDENTIFIER.findall(node.value))
    return names


def tidy_top(original: cst.Module, tree: cst.Module) -> cst.Module:
    """Removing a file's first import must not leave blank lines at the top of the file."""
    if not tree.body or not original.body:
        return tree
    first = tree.body[0]
    if first.deep_equals(original.body[0]) or any(
        line.comment is not None for line in first.leading_lines
    ):
        return tree
    if original.body[0].leading_lines or not first.leading_lines:
        return tree
    return tree.with_changes(body=[first.with_changes(leading_lines=()), *tree.body[1:]])


def separate_from_stdlib(original: cst.Module, tree: cst.Module) -> cst.Module:
    """Put a blank line between the standard library imports and a layer import that
    AddImportsVisitor placed right after them (isort's grouping)."""
    old = {original.code_for_node(statement) for statement in original.body}
    body = list(tree.body)
    for index, statement in enumerate(body):
        if (
            index == 0
            or statement.leading_lines
            or not _imports_name(statement, LAYER_CLASS)
            or tree.code_for_node(statement) in old
        ):
            continue
        if _is_stdlib_import(body[index - 1]):
            body[index] = statement.with_changes(leading_lines=[cst.EmptyLine()])
            return tree.with_changes(body=body)
    return tree


def _imports_name(statement: cst.CSTNode, name: str) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    node = statement.body[0]
    return (
        isinstance(node, cst.ImportFrom)
        and not isinstance(node.names, cst.ImportStar)
        and any(alias.evaluated_name == name for alias in node.names)
    )


def _is_stdlib_import(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    node = statement.body[0]
    if isinstance(node, cst.Import):
        top = node.names[0].evaluated_name.split(".")[0]
    elif isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative:
        top = (cst.helpers.get_full_name_for_node(node.module) or "").split(".")[0]
    else:
        return False
    return top in sys.stdlib_module_names or top == "__future__"


def keep_blank_lines(before: cst.Module, after: cst.Module) -> cst.Module:
    """A removed top-level statement hands its leading blank lines (and comments) to the next
    statement that has none, so removing an import keeps the import groups apart."""
    old = [before.code_for_node(statement) for statement in before.body]
    new = [after.code_for_node(statement) for statement in after.body]
    body = list(after.body)
    changed = False
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, start, end, target, _ in matcher.get_opcodes():
        if tag != "delete" or target >= len(body):
            continue
        lines = next((s.leading_lines for s in before.body[start:end] if s.leading_lines), ())
        if lines and not body[target].leading_lines:
            body[target] = body[target].with_changes(leading_lines=lines)
            changed = True
    return after.with_changes(body=body) if changed else after
