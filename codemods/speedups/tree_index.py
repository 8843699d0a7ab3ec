"""A cheap walk over a LibCST tree: every node in source order, and each node's parent.

`CSTNode.children` (and any `visit`) rebuilds every node it passes through, which makes a walk
cost about as much as a parse. The children of a node are its dataclass fields that hold nodes,
in the order the node's own `_visit_and_replace_children` visits them; that order depends only
on the node's class and on which of those fields are set, so it is learnt once per class and
pattern from `children` and replayed with plain attribute reads. A node whose children cannot be
matched to its fields (not seen in LibCST) falls back to `children`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

import libcst as cst

#: Per node class, the names of its dataclass fields.
_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}
#: Per (class, names of the fields holding nodes), those names in visiting order; None when the
#: children could not be matched to fields (use `children`).
_ORDER: dict[tuple[object, ...], tuple[str, ...] | None] = {}


def children(node: cst.CSTNode) -> Sequence[cst.CSTNode]:
    """`node.children`, without rebuilding `node`."""
    cls = type(node)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(field.name for field in dataclasses.fields(cls))
    held: dict[str, Sequence[cst.CSTNode]] = {}
    for name in names:
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            if value and _is_node(value[0]):
                held[name] = value
        elif _is_node(value):
            held[name] = (value,)
    key = (cls, *held)
    if key in _ORDER:
        order = _ORDER[key]
    else:
        order = _ORDER[key] = _learn(node, held)
    if order is None:
        return node.children
    if len(order) == 1:
        return held[order[0]]
    found: list[cst.CSTNode] = []
    for name in order:
        found.extend(held[name])
    return found


#: Per class, whether its instances are nodes: `isinstance` on LibCST's abstract base class goes
#: through `ABCMeta.__instancecheck__`, which costs more than the rest of a walk.
_NODE_CLASSES: dict[type, bool] = {}


def _is_node(value: object) -> bool:
    kind = type(value)
    found = _NODE_CLASSES.get(kind)
    if found is None:
        found = _NODE_CLASSES[kind] = isinstance(value, cst.CSTNode)
    return found


def _learn(node: cst.CSTNode, held: dict[str, Sequence[cst.CSTNode]]) -> tuple[str, ...] | None:
    """The order in which `node` visits the fields in `held`, from its `children`."""
    expected = node.children
    source = {id(child): name for name, values in held.items() for child in values}
    order: list[str] = []
    for child in expected:
        name = source.get(id(child))
        if name is None:
            return None
        if not order or order[-1] != name:
            if name in order:
                return None
            order.append(name)
    if len(order) != len(held) or sum(len(values) for values in held.values()) != len(expected):
        return None
    return tuple(order)


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under `node`, parents before children, in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


class TreeIndex:
    """One walk of `tree`: its nodes in source order, their parents, and whether some node
    object occurs twice (metadata keyed by node is then ambiguous: copy the tree first)."""

    def __init__(self, tree: cst.Module) -> None:
        nodes: list[cst.CSTNode] = []
        parents: dict[cst.CSTNode, cst.CSTNode] = {}
        stack: list[cst.CSTNode] = [tree]
        while stack:
            current = stack.pop()
            nodes.append(current)
            below = children(current)
            for child in below:
                parents[child] = current
            stack.extend(reversed(below))
        #: Every node, parents before children, in source order.
        self.nodes = nodes
        #: Each node's parent (the module has none).
        self.parents = parents
        #: True when a node object occurs more than once in the tree.
        self.has_duplicates = len(parents) != len(nodes) - 1
