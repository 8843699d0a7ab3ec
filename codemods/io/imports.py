"""Import-block layout after the IO codemod's import edits: the names a new variable must avoid,
no blank lines left at the top of a file, and isort's blank line after the standard library."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence

import libcst as cst
from libcst.metadata import ImportAssignment

from codemods.imports import edits, sorting
from codemods.io.receivers import LAYER_CLASS, ReceiverAnalysis
from codemods.module_names import ModuleLocation, is_same_or_inside, relative_import
from codemods.speedups.tree_index import walk

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
#: Sections without a project: enough to tell the standard library (and `__future__`) apart.
_NO_PROJECT = sorting.Sections(None, None)


def bound_or_read_names(
    tree: cst.Module,
    *,
    include_imports: bool = True,
    nodes: Iterable[cst.CSTNode] | None = None,
) -> set[str]:
    """Every name the module binds or reads, in any scope: a new variable must avoid them all.
    Module paths in imports, attribute names and keyword-argument names do not count.

    With `include_imports=False` the names bound by import statements are left out, and every
    identifier inside a string literal counts (string annotations, `__all__`): a name missing
    from the result is provably unused outside its import. `nodes`: `tree`'s nodes in source
    order, when already walked.
    """
    skipped: set[int] = set()
    names: set[str] = set()
    # Dispatch on the exact class (LibCST's node classes have no subclasses): `isinstance` on
    # them costs more than the walk, and a module has thousands of nodes.
    for node in walk(tree) if nodes is None else nodes:
        if type(node) is cst.Name:
            if id(node) not in skipped:
                names.add(node.value)
        elif type(node) is cst.Attribute:
            skipped.add(id(node.attr))
        elif type(node) is cst.Arg:
            if node.keyword is not None:
                skipped.add(id(node.keyword))
        elif type(node) is cst.SimpleString:
            if not include_imports:
                names.update(_IDENTIFIER.findall(node.value))
        elif type(node) is cst.Import or type(node) is cst.ImportFrom:
            _import_names(node, include_imports, skipped, names)
    return names


def _import_names(
    node: cst.Import | cst.ImportFrom, include_imports: bool, skipped: set[int], names: set[str]
) -> None:
    """`bound_or_read_names` for an import: its module path never counts; the names it binds
    count only with `include_imports` (those of `from ... import` come as its Name nodes)."""
    if not include_imports:
        skipped.update(id(part) for part in walk(node))
    elif isinstance(node, cst.ImportFrom):
        if node.module is not None:
            skipped.update(id(part) for part in walk(node.module))
    else:
        for alias in node.names:
            skipped.update(id(part) for part in walk(alias.name))
            names.add(edits.alias_binding(alias, from_import=False))


def imports_of(
    reference: cst.BaseExpression, receivers: ReceiverAnalysis
) -> set[tuple[str, str | None, str | None]]:
    """The imports `reference` (`json.dumps`, `write_gen_raw`) comes from, as
    RemoveImportsVisitor takes them: what to drop if the rewrite leaves them unused. An import
    of the legacy module stays while a use in the file finds the module only through it
    (`c.paths`, `sys.modules[...]`: the import codemod keeps it for them too)."""
    found = _imports_of(reference, receivers)
    config = receivers.config
    legacy = [
        item
        for item in found
        if is_same_or_inside(item[0], config.legacy_module)
        or (item[0], item[1]) == (config.legacy_package, config.legacy_basename)
    ]
    if legacy and receivers.needs_legacy_loaded():
        found.difference_update(legacy)
    return found


def _imports_of(
    reference: cst.BaseExpression, receivers: ReceiverAnalysis
) -> set[tuple[str, str | None, str | None]]:
    found: set[tuple[str, str | None, str | None]] = set()
    base = reference
    while isinstance(base, cst.Attribute):
        base = base.value
    if not isinstance(base, cst.Name):
        return found
    scope = receivers.scopes.get(base)
    if scope is None:
        return found
    for assignment in scope[base.value]:
        if not isinstance(assignment, ImportAssignment):
            continue
        node = assignment.node
        if isinstance(node, cst.Import):
            for alias in node.names:
                if edits.alias_binding(alias, from_import=False) == base.value:
                    found.add((alias.evaluated_name, None, alias.evaluated_alias))
        elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
            module = receivers.from_module(node)
            for alias in node.names:
                if module and edits.alias_binding(alias, from_import=True) == base.value:
                    found.add((module, alias.evaluated_name, alias.evaluated_alias))
    return found


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
    # Only a statement that imports the layer class can print like the new one: print those.
    old = {
        original.code_for_node(statement)
        for statement in original.body
        if _imports_name(statement, LAYER_CLASS)
    }
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
    node = sorting.single_import(statement)
    return (
        isinstance(node, cst.ImportFrom)
        and not isinstance(node.names, cst.ImportStar)
        and any(alias.evaluated_name == name for alias in node.names)
    )


def _is_stdlib_import(statement: cst.CSTNode) -> bool:
    node = sorting.single_import(statement)
    if node is None:
        return False
    return sorting.key(node, _NO_PROJECT)[0] in (sorting.FUTURE, sorting.STDLIB)


def keep_blank_lines(before: cst.Module, after: cst.Module) -> cst.Module:
    """A removed top-level statement hands its leading blank lines (and comments) to the next
    statement that has none, so removing an import keeps the import groups apart."""
    # A statement the edits left alone is the same object in both: print it once.
    printed: dict[int, str] = {}
    old = [_printed(before, statement, printed) for statement in before.body]
    new = [_printed(after, statement, printed) for statement in after.body]
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


def _printed(module: cst.Module, statement: cst.CSTNode, printed: dict[int, str]) -> str:
    code = printed.get(id(statement))
    if code is None:
        code = printed[id(statement)] = module.code_for_node(statement)
    return code


def layer_module_spelling(
    tree: cst.Module, module: str, location: ModuleLocation | None
) -> tuple[int, str]:
    """`(level, module)` for importing the layer in the style of the file's own imports: relative
    only when `module` lies in the file's top-level package and the file imports from that
    package relatively, never absolutely (a test folder without `__init__.py` is imported as
    top-level modules: there a relative import fails)."""
    relative = relative_import(module, location)
    if relative is None:
        return 0, module
    top = module.partition(".")[0]
    styles: set[bool] = set()
    for statement in tree.body:
        node = sorting.single_import(statement)
        if isinstance(node, cst.ImportFrom) and node.relative:
            styles.add(True)
        elif node is not None:
            names = (
                [edits.dotted_name(node.module) or ""]
                if isinstance(node, cst.ImportFrom)
                else [edits.dotted_name(alias.name) or "" for alias in node.names]
            )
            if any(name.partition(".")[0] == top for name in names):
                styles.add(False)
    if styles != {True}:
        return 0, module
    level, rest = relative
    return level, rest or ""


def add_from_import(
    tree: cst.Module, module: str, name: str, sections: sorting.Sections, level: int = 0
) -> cst.Module:
    """`tree` with `from <level dots><module> import <name>` ensured where an import sorter
    would put it: merged into a top-level import of `module` without aliases, else into the
    import block of its section (a block after `sys.path` manipulation when the module's other
    imports are there), sorted, with blank lines between sections."""
    body = list(tree.body)
    found = sorting.blocks(body)
    spelled = "." * level + module
    for existing in found:
        for index in existing:
            node = sorting.single_import(body[index])
            if not isinstance(node, cst.ImportFrom) or _spelled(node) != spelled:
                continue
            if isinstance(node.names, cst.ImportStar) or any(
                alias.asname is None and alias.evaluated_name == name for alias in node.names
            ):
                return tree
    new = cst.parse_statement(f"from {spelled} import {name}", config=tree.config_for_parsing)
    assert isinstance(new, cst.SimpleStatementLine)
    new_node = sorting.single_import(new)
    assert new_node is not None
    new_key = sorting.key(new_node, sections)
    block = _block_for(tree, body, found, new_key[0], name, sections)
    if block is None:
        return _insert_at_top(tree, body, new)
    for index in block:
        node = sorting.single_import(body[index])
        if (
            isinstance(node, cst.ImportFrom)
            and _spelled(node) == spelled
            and not isinstance(node.names, cst.ImportStar)
            and all(alias.asname is None for alias in node.names)
        ):
            # isort merges `from m import a` and `from m import b` (not `as` imports).
            line = body[index]
            assert isinstance(line, cst.SimpleStatementLine)
            body[index] = line.with_changes(body=[_with_member(node, name)])
            return tree.with_changes(body=body)
    if all(_noqa_e402(body[index]) for index in block):
        new = new.with_changes(
            trailing_whitespace=cst.TrailingWhitespace(
                whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment("# noqa: E402")
            )
        )
    at = sorting.insertion(body, block, new_key, sections)
    sorting.insert(body, at, new, block, sections)
    return tree.with_changes(body=body)


def _spelled(node: cst.ImportFrom) -> str:
    return "." * len(node.relative) + (edits.dotted_name(node.module) or "")


def _noqa_e402(statement: sorting.Statement) -> bool:
    comment = getattr(getattr(statement, "trailing_whitespace", None), "comment", None)
    return isinstance(comment, cst.Comment) and "E402" in comment.value


def _with_member(node: cst.ImportFrom, name: str) -> cst.ImportFrom:
    """`node` with `name` among its names at its sorted place (isort's order by type)."""
    assert not isinstance(node.names, cst.ImportStar)
    names = list(node.names)
    key = sorting.member_key(name)
    at = next(
        (i for i, alias in enumerate(names) if sorting.member_key(alias.evaluated_name) > key),
        len(names),
    )
    alias = cst.ImportAlias(name=cst.Name(name))
    if at == len(names):
        return edits.append_aliases(node, [alias])
    separator = names[at - 1].comma if at > 0 else names[at].comma
    if at == len(names) - 1 and at > 0:
        separator = names[0].comma
    if not isinstance(separator, cst.Comma):
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    elif isinstance(separator.whitespace_after, cst.ParenthesizedWhitespace):
        separator = separator.with_changes(
            whitespace_after=separator.whitespace_after.with_changes(
                first_line=cst.TrailingWhitespace(), empty_lines=()
            )
        )
    names.insert(at, alias.with_changes(comma=separator))
    return node.with_changes(names=names)


def _block_for(
    tree: cst.Module,
    body: Sequence[sorting.Statement],
    found: Sequence[range],
    section: int,
    name: str,
    sections: sorting.Sections,
) -> range | None:
    """The import block a new import of `section` goes to: the first holding an import of that
    section, else the first holding any import but the standard library's (a script imports
    its own modules after `sys.path.insert(...)`), else the first. Only blocks above every
    statement spelling `name` count (the import must run before it is used)."""
    usable: list[range] = []
    for block in found:
        if usable and _spells_between(tree, body, usable[-1].stop, block.start, name):
            break
        usable.append(block)
    if not usable:
        return None

    def holds(block: range, wanted: Callable[[int], bool]) -> bool:
        for index in block:
            node = sorting.single_import(body[index])
            if node is not None and wanted(sorting.key(node, sections)[0]):
                return True
        return False

    for wanted in (
        lambda s: s == section,
        lambda s: s not in (sorting.FUTURE, sorting.STDLIB),
    ):
        for block in usable:
            if holds(block, wanted):
                return block
    return usable[0]


def _spells_between(
    tree: cst.Module, body: Sequence[sorting.Statement], start: int, stop: int, name: str
) -> bool:
    pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    return any(pattern.search(tree.code_for_node(body[i])) for i in range(start, stop))


def _insert_at_top(
    tree: cst.Module, body: list[sorting.Statement], new: cst.SimpleStatementLine
) -> cst.Module:
    """A module without imports: the new one after its docstring (or `__strict__` flag), with
    a blank line before what follows."""
    start = 1 if _docstring_or_strict_first(body) else 0
    after = body[start:]
    if after:
        leading = after[0].leading_lines
        if not leading:
            after[0] = after[0].with_changes(leading_lines=(cst.EmptyLine(),))
        elif leading[0].comment is not None:
            after[0] = after[0].with_changes(leading_lines=(cst.EmptyLine(), *leading))
    if start and after:
        new = new.with_changes(leading_lines=after[0].leading_lines)
    return tree.with_changes(body=[*body[:start], new, *after])


def _docstring_or_strict_first(body: Sequence[sorting.Statement]) -> bool:
    if not body:
        return False
    first = body[0]
    if not isinstance(first, cst.SimpleStatementLine) or len(first.body) != 1:
        return False
    node = first.body[0]
    if isinstance(node, cst.Expr):
        return isinstance(node.value, cst.SimpleString)
    return (
        isinstance(node, cst.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0].target, cst.Name)
        and node.targets[0].target.value == "__strict__"
    )
