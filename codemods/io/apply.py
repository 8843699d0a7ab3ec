"""Applying the IO codemod's planned edits to the tree, visiting only the nodes above them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import libcst as cst

from codemods.io.receivers import Builder


class Applier(cst.CSTTransformer):
    """Apply the planned edits, keyed by original node: a builder replaces the updated node,
    statements are inserted before or after. A removed statement hands its leading blank lines
    and comments to the statement that follows it."""

    def __init__(
        self,
        edits: Mapping[cst.CSTNode, Builder],
        before: Mapping[cst.CSTNode, list[cst.BaseStatement]],
        after: Mapping[cst.CSTNode, list[cst.BaseStatement]],
        parents: Mapping[cst.CSTNode, cst.CSTNode],
    ) -> None:
        super().__init__()
        self.edits = edits
        self.before = before
        self.after = after
        self.inserted = {id(s) for group in (*before.values(), *after.values()) for s in group}
        self.removed: set[int] = set()
        #: Only nodes above an edited one are visited (and rebuilt); the edited nodes themselves
        #: are still left (`on_leave`), with their subtrees as they were.
        keys = (*edits, *before, *after)
        self.above = with_ancestors((parents[node] for node in keys if node in parents), parents)

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node in self.above

    def on_leave(  # type: ignore[override]  # LibCST types this per node type; we edit any node
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        result: cst.CSTNode | cst.RemovalSentinel = updated_node
        if isinstance(original_node, cst.Module | cst.IndentedBlock) and isinstance(
            updated_node, cst.Module | cst.IndentedBlock
        ):
            result = self._hand_down_blank_lines(original_node, updated_node)
        builder = self.edits.get(original_node)
        if builder is not None:
            result = builder(updated_node)
            if isinstance(result, cst.RemovalSentinel):
                self.removed.add(id(original_node))
        before = self.before.get(original_node, [])
        after = self.after.get(original_node, [])
        if before or after:
            kept = [result] if isinstance(result, cst.CSTNode) else []
            return cst.FlattenSentinel([*before, *kept, *after])
        return result

    def _hand_down_blank_lines(
        self,
        original: cst.Module | cst.IndentedBlock,
        updated: cst.Module | cst.IndentedBlock,
    ) -> cst.Module | cst.IndentedBlock:
        if not any(id(statement) in self.removed for statement in original.body):
            return updated
        body = list(updated.body)
        index = 0
        pending: Sequence[cst.EmptyLine] = ()
        for statement in original.body:
            while index < len(body) and id(body[index]) in self.inserted:
                index += 1
            if id(statement) in self.removed:
                pending = pending or _leading_lines(statement)
                continue
            if index < len(body):
                if pending and not _leading_lines(body[index]):
                    body[index] = body[index].with_changes(leading_lines=pending)
                pending = ()
                index += 1
        return updated.with_changes(body=body)


def with_ancestors(
    nodes: Iterable[cst.CSTNode], parents: Mapping[cst.CSTNode, cst.CSTNode]
) -> set[cst.CSTNode]:
    """`nodes` and every node above them."""
    found: set[cst.CSTNode] = set()
    for node in nodes:
        current: cst.CSTNode | None = node
        while current is not None and current not in found:
            found.add(current)
            current = parents.get(current)
    return found


def _leading_lines(statement: cst.CSTNode) -> Sequence[cst.EmptyLine]:
    if isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return statement.leading_lines
    return ()
