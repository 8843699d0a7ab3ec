"""The cached LibCST method scans give exactly what LibCST's own scans give."""

from __future__ import annotations

from typing import Any

import libcst as cst
import libcst.matchers as m
import pytest
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import (
    AddImportsVisitor,
    GatherExportsVisitor,
    GatherImportsVisitor,
    RemoveImportsVisitor,
)
from libcst.matchers import _visitors as visitors
from libcst.metadata import ParentNodeProvider, ScopeProvider

from codemods import matcher_cache
from codemods.legacy_imports import LegacyImportsCodemod
from codemods.paths_io import PathsIOCodemod

from codemod_testing import CONFIG

matcher_cache.install()


class Decorated(m.MatcherDecoratableTransformer):
    @m.call_if_inside(m.FunctionDef())
    @m.leave(m.Name("a") | m.Name("b"))
    def rename(self, original: cst.Name, updated: cst.Name) -> cst.Name:
        return updated.with_changes(value="z")

    @m.visit(m.Name("a"))
    def seen(self, node: cst.Name) -> None:
        self.count = getattr(self, "count", 0) + 1

    @m.call_if_not_inside(m.ClassDef())
    @m.visit(m.Name("a"))
    def seen_again(self, node: cst.Name) -> None:
        pass


def instances() -> list[Any]:
    context = CodemodContext(filename="/project/src/pkg/mod.py")
    return [
        Decorated(),
        AddImportsVisitor(context),
        RemoveImportsVisitor(context),
        GatherImportsVisitor(context),
        GatherExportsVisitor(context),
        LegacyImportsCodemod(context, CONFIG),
        PathsIOCodemod(context, CONFIG),
    ]


@pytest.mark.parametrize("obj", instances(), ids=lambda obj: type(obj).__name__)
def test_same_scan_results(obj: Any) -> None:
    originals = matcher_cache.ORIGINALS
    scans: list[tuple[str, Any]] = [
        ("gather_matchers", visitors._gather_matchers),
        ("gather_visit", visitors._gather_constructed_visit_funcs),
        ("gather_leave", visitors._gather_constructed_leave_funcs),
    ]
    for name, cached in scans:
        expected = originals[name](obj)
        first, again = cached(obj), cached(obj)
        assert list(first.items()) == list(expected.items()) == list(again.items()), name


@pytest.mark.parametrize(
    "provider", [ScopeProvider(), ParentNodeProvider()], ids=lambda p: type(p).__name__
)
def test_same_batched_visitors(provider: Any) -> None:
    expected = matcher_cache.ORIGINALS["get_visitors"](provider)
    assert provider.get_visitors() == expected
    assert provider.get_visitors() == expected


def test_decorated_transformer_behaves_the_same() -> None:
    module = cst.parse_module("def f():\n    a = b\nclass C:\n    a = 1\n")
    visitor = Decorated()
    assert module.visit(visitor).code == "def f():\n    z = z\nclass C:\n    a = 1\n"
    assert visitor.count == 2
