"""Small edits of import statements that keep their comments, commas and parentheses.

LibCST's `AddImportsVisitor` only adds module-level imports after the last one and reformats the
names it merges; the import codemod rewrites statements where they stand (in functions,
`if TYPE_CHECKING:`, `try:`), so it edits alias lists itself with these helpers.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst


def dotted_expr(name: str) -> cst.Attribute | cst.Name:
    """`a.b.c` as an expression (also the `module` of an ImportFrom, and an ImportAlias name)."""
    first, *rest = name.split(".")
    node: cst.Attribute | cst.Name = cst.Name(first)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node


def dotted_name(node: cst.BaseExpression | None) -> str | None:
    """The dotted text of a Name/Attribute chain (`a.b.c`), None for anything else."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def from_module(node: cst.ImportFrom) -> tuple[int, str | None]:
    """`(level, module)` of `from <level dots><module> import ...`."""
    module = dotted_name(node.module) if node.module is not None else None
    return len(node.relative), module


def with_module(node: cst.ImportFrom, level: int, module: str | None) -> cst.ImportFrom:
    """`node` importing from `<level dots><module>` instead, everything else kept."""
    whitespace_after_from = node.whitespace_after_from
    if level == 0 and not whitespace_after_from.value:
        # `from .x` has no space after `from`; an absolute module needs one.
        whitespace_after_from = cst.SimpleWhitespace(" ")
    return node.with_changes(
        relative=[cst.Dot() for _ in range(level)],
        module=dotted_expr(module) if module else None,
        whitespace_after_from=whitespace_after_from,
    )


def alias_binding(alias: cst.ImportAlias, *, from_import: bool) -> str:
    """The local name an alias binds: its `as` name, else the name (the root for `import a.b`)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = dotted_name(alias.name) or ""
    return name if from_import else name.partition(".")[0]


def bound_names(statement: cst.BaseSmallStatement) -> set[str]:
    """Names an import statement binds (empty for anything else, and for `import *`)."""
    if isinstance(statement, cst.Import):
        return {alias_binding(alias, from_import=False) for alias in statement.names}
    if isinstance(statement, cst.ImportFrom) and not isinstance(statement.names, cst.ImportStar):
        return {alias_binding(alias, from_import=True) for alias in statement.names}
    return set()


def alias_key(alias: cst.ImportAlias) -> tuple[str | None, str | None]:
    """What an alias imports and binds, for spotting duplicates."""
    asname = alias.asname.name if alias.asname is not None else None
    return dotted_name(alias.name), dotted_name(asname) if asname is not None else None


def has_comment(node: cst.CSTNode) -> bool:
    """True when a comment lies anywhere inside `node` (removing it would lose the comment)."""
    finder = _CommentFinder()
    node.visit(finder)
    return finder.found


class _CommentFinder(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def visit_Comment(self, node: cst.Comment) -> bool:
        self.found = True
        return False


def _is_multiline(node: cst.ImportFrom) -> bool:
    return node.lpar is not None and isinstance(
        node.lpar.whitespace_after, cst.ParenthesizedWhitespace
    )


def _comma_comment(alias: cst.ImportAlias) -> cst.Comment | None:
    comma = alias.comma
    if isinstance(comma, cst.Comma) and isinstance(
        comma.whitespace_after, cst.ParenthesizedWhitespace
    ):
        return comma.whitespace_after.first_line.comment
    return None


def _uncommented(whitespace: cst.ParenthesizedWhitespace) -> cst.ParenthesizedWhitespace:
    return whitespace.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())


def append_aliases(node: cst.ImportFrom, extra: Sequence[cst.ImportAlias]) -> cst.ImportFrom:
    """`node` with `extra` aliases added at the end, in the statement's own layout."""
    if not extra or isinstance(node.names, cst.ImportStar):
        return node
    names = list(node.names)
    last = names[-1]
    if not _is_multiline(node):
        trailing = last.comma
        sep = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        names[-1] = last.with_changes(comma=sep)
        names += [alias.with_changes(comma=sep) for alias in extra[:-1]]
        names.append(extra[-1].with_changes(comma=trailing))
        return node.with_changes(names=names)
    assert node.lpar is not None
    # The whitespace between two items: after the first item's comma, else after `(`.
    between = node.lpar.whitespace_after
    first_comma = names[0].comma
    if len(names) > 1 and isinstance(first_comma, cst.Comma):
        between = first_comma.whitespace_after
    assert isinstance(between, cst.ParenthesizedWhitespace)
    item_sep = cst.Comma(whitespace_after=_uncommented(between))
    closing = last.comma
    if isinstance(closing, cst.Comma) and isinstance(
        closing.whitespace_after, cst.ParenthesizedWhitespace
    ):
        # `B,  # note\n)`: B keeps its note, the new last item takes the comma before `)`.
        kept = closing.whitespace_after
        names[-1] = last.with_changes(
            comma=cst.Comma(
                whitespace_after=kept.with_changes(
                    indent=between.indent, last_line=between.last_line
                )
            )
        )
        final_comma: cst.Comma | cst.MaybeSentinel = cst.Comma(whitespace_after=_uncommented(kept))
    elif node.rpar is not None and isinstance(
        node.rpar.whitespace_before, cst.ParenthesizedWhitespace
    ):
        # `B  # note\n)`: the newline (and B's note) sit before `)`; B keeps the note.
        kept = node.rpar.whitespace_before
        names[-1] = last.with_changes(
            comma=cst.Comma(
                whitespace_after=kept.with_changes(
                    indent=between.indent, last_line=between.last_line
                )
            )
        )
        node = node.with_changes(rpar=node.rpar.with_changes(whitespace_before=_uncommented(kept)))
        final_comma = closing
    else:
        names[-1] = last.with_changes(comma=item_sep)
        final_comma = closing
    names += [alias.with_changes(comma=item_sep) for alias in extra[:-1]]
    names.append(extra[-1].with_changes(comma=final_comma))
    return node.with_changes(names=names)


def without_aliases(
    node: cst.ImportFrom, removed: Sequence[int]
) -> tuple[cst.ImportFrom, list[cst.Comment]]:
    """`node` without the aliases at indices `removed` (at least one alias must stay), and the
    comments that rode on the removed aliases' commas (the caller puts them elsewhere)."""
    assert not isinstance(node.names, cst.ImportStar)
    names = list(node.names)
    comments: list[cst.Comment] = []
    kept: list[cst.ImportAlias] = []
    for index, alias in enumerate(names):
        if index in removed:
            comment = _comma_comment(alias)
            if comment is not None:
                comments.append(comment)
            continue
        kept.append(alias)
    assert kept, "without_aliases must keep one alias"
    last_original = names[-1]
    if kept[-1] is not last_original:
        # The old last item carried the closing layout (trailing comma or not, newline before `)`).
        new_last = kept[-1]
        if isinstance(last_original.comma, cst.Comma):
            closing = last_original.comma
            own = _comma_comment(new_last)
            if own is not None and isinstance(
                closing.whitespace_after, cst.ParenthesizedWhitespace
            ):
                closing = closing.with_changes(
                    whitespace_after=closing.whitespace_after.with_changes(
                        first_line=cst.TrailingWhitespace(
                            whitespace=cst.SimpleWhitespace("  "), comment=own
                        )
                    )
                )
            kept[-1] = new_last.with_changes(comma=closing)
        elif _comma_comment(new_last) is None:
            kept[-1] = new_last.with_changes(comma=cst.MaybeSentinel.DEFAULT)
        # else: a trailing comma carrying a comment stays (valid inside parentheses).
    return node.with_changes(names=kept), comments
