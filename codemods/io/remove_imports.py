"""Removing the imports the IO codemod's rewrites leave unused: LibCST's RemoveImportsVisitor
with a cheaper test of "unused", visiting only the import statements it edits."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor

from codemods.imports.edits import alias_binding
from codemods.io.apply import with_ancestors
from codemods.speedups.tree_index import TreeIndex


class RemoveUnspelledImports(RemoveImportsVisitor):
    """RemoveImportsVisitor with a cheaper and stricter test of "unused": the import's local name
    is spelled nowhere outside import statements (any identifier in a string literal counts, for
    string annotations and `__all__`). LibCST's own test re-runs scope analysis on the whole
    module, which costs several times the rest of this codemod. It is visited directly, so the
    metadata it declares is never resolved."""

    def __init__(
        self,
        context: CodemodContext,
        unused_imports: Sequence[tuple[str, str | None, str | None]],
        *,
        spelled: set[str],
        index: TreeIndex | None = None,
    ) -> None:
        super().__init__(context, unused_imports)
        self._for_file(spelled, index)

    def reuse(
        self,
        context: CodemodContext,
        unused_imports: Sequence[tuple[str, str | None, str | None]],
        *,
        spelled: set[str],
        index: TreeIndex | None = None,
    ) -> None:
        """Make this instance what `__init__` with the same arguments would:
        the per-file state RemoveImportsVisitor sets up, without the scan of the class's methods
        every LibCST visitor does when built (several times this visitor's own work)."""
        self.context = context
        self.metadata = {}
        unused = [*RemoveImportsVisitor._get_imports_from_context(context), *unused_imports]
        self.unused_module_imports = {module: alias for module, obj, alias in unused if obj is None}
        self.unused_obj_imports = {}
        for module, obj, alias in unused:
            if obj is not None:
                self.unused_obj_imports.setdefault(module, set()).add((obj, alias))
        self._unused_imports = {}
        self._for_file(spelled, index)

    def _for_file(self, spelled: set[str], index: TreeIndex | None) -> None:
        #: `bound_or_read_names(tree, include_imports=False)` of the tree being visited.
        self.spelled = spelled
        #: The walk of the tree being visited, when the caller has it.
        self.index = index
        #: The import statements that may lose names, and every node above them.
        self._path: set[cst.CSTNode] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        # Only the imports to edit and the nodes above them are visited (and rebuilt): the
        # other subtrees are kept as they are, which is what visiting them would produce.
        if isinstance(node, cst.Module) or node in self._path:
            return super().on_visit(node)
        return False

    def on_leave(  # type: ignore[override]  # LibCST types this per node type
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        if isinstance(original_node, cst.Module) or original_node in self._path:
            return super().on_leave(original_node, updated_node)
        return updated_node

    def visit_Module(self, node: cst.Module) -> None:
        spelled = self.spelled
        unused: dict[cst.ImportAlias, cst.Import | cst.ImportFrom] = {}
        index = self.index
        if index is None or not index.nodes or index.nodes[0] is not node:
            index = TreeIndex(node)
        for statement in index.nodes:
            if type(statement) is cst.Import:
                for alias in statement.names:
                    if alias_binding(alias, from_import=False) not in spelled:
                        unused[alias] = statement
            elif type(statement) is cst.ImportFrom and not isinstance(
                statement.names, cst.ImportStar
            ):
                for alias in statement.names:
                    if alias_binding(alias, from_import=True) not in spelled:
                        unused[alias] = statement
        self._unused_imports = unused
        self._path = with_ancestors(unused.values(), index.parents)

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        result = super().leave_ImportFrom(original_node, updated_node)
        if isinstance(result, cst.ImportFrom):
            return _keep_last_comment(updated_node, result)
        return result


def _keep_last_comment(before: cst.ImportFrom, after: cst.ImportFrom) -> cst.ImportFrom:
    """When the last name of a parenthesised import is removed, LibCST drops the new last
    name's comma together with the comment after it; keep both (black's one-name-per-line
    layout, trailing comma before the closing parenthesis)."""
    if isinstance(before.names, cst.ImportStar) or isinstance(after.names, cst.ImportStar):
        return after
    removed, last = before.names[-1], after.names[-1]
    if (
        last.evaluated_name == removed.evaluated_name
        and last.evaluated_alias == removed.evaluated_alias
    ):
        return after
    original = next(
        (
            alias
            for alias in before.names
            if alias.evaluated_name == last.evaluated_name
            and alias.evaluated_alias == last.evaluated_alias
        ),
        None,
    )
    if (
        original is None
        or not isinstance(original.comma, cst.Comma)
        or not isinstance(removed.comma, cst.Comma)
        or not isinstance(original.comma.whitespace_after, cst.ParenthesizedWhitespace)
        or not isinstance(removed.comma.whitespace_after, cst.ParenthesizedWhitespace)
    ):
        return after
    kept_line = original.comma.whitespace_after
    closing = removed.comma.whitespace_after.with_changes(
        first_line=kept_line.first_line,
        empty_lines=[*kept_line.empty_lines, *removed.comma.whitespace_after.empty_lines],
    )
    comma = original.comma.with_changes(whitespace_after=closing)
    return after.with_changes(names=[*after.names[:-1], last.with_changes(comma=comma)])


def local_name(removal: tuple[str, str | None, str | None]) -> str:
    """The name an import scheduled for removal binds: its alias, object, or top package."""
    module, obj, alias = removal
    return alias or obj or module.split(".")[0]
