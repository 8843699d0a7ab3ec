"""Per-class caching of the method scans LibCST's visitors do on every instantiation.

`MatcherDecoratableTransformer.__init__` (the base of every codemod and of LibCST's own
`AddImportsVisitor`, `RemoveImportsVisitor` and `Gather*Visitor`s) walks `dir(self)` three times
(about a thousand attributes) to find `@m.visit`/`@m.leave`/`@m.call_if_inside` decorated
methods. Measured: about 20 ms per instance, seven instances per file, so most of the time the
IO codemod spends on a small file. The decorators are class-level, so the scan's outcome depends
only on the class: `install()` caches the attribute names per class and binds them per instance,
giving the same mapping (same keys, same order, same bound methods). Metadata providers'
`BatchableCSTVisitor.get_visitors` (an `inspect.getmembers` per provider per file) is cached the
same way.

A class whose instances carry decorated callables of their own (not seen in LibCST or here) is
scanned the original way, as is everything when LibCST's private helpers are not where expected.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from inspect import ismethod
from typing import Any

_installed = False
#: LibCST's own functions, kept for the tests that compare them with the cached ones.
ORIGINALS: dict[str, Callable[..., Any]] = {}


def install() -> bool:
    """Patch LibCST's method scans with cached ones (idempotent). False when not possible."""
    global _installed
    if _installed:
        return True
    try:
        # Typed as Any: these are LibCST internals, checked here rather than by mypy.
        visitors: Any = importlib.import_module("libcst.matchers._visitors")
        batched: Any = importlib.import_module("libcst._batched_visitor")
        gather_matchers = visitors._gather_matchers
        gather_visit = visitors._gather_constructed_visit_funcs
        gather_leave = visitors._gather_constructed_leave_funcs
        positive = visitors.VISIT_POSITIVE_MATCHER_ATTR
        negative = visitors.VISIT_NEGATIVE_MATCHER_ATTR
        visit_attr = visitors.CONSTRUCTED_VISIT_MATCHER_ATTR
        leave_attr = visitors.CONSTRUCTED_LEAVE_MATCHER_ATTR
        is_property = visitors.is_property
        get_visitors = batched.BatchableCSTVisitor.get_visitors
    except (ImportError, AttributeError):  # pragma: no cover - another LibCST layout
        return False
    ORIGINALS.update(
        gather_matchers=gather_matchers,
        gather_visit=gather_visit,
        gather_leave=gather_leave,
        get_visitors=get_visitors,
    )
    visitors._gather_matchers = _cached_gating(gather_matchers, (positive, negative), is_property)
    visitors._gather_constructed_visit_funcs = _cached_constructed(
        gather_visit, visit_attr, is_property
    )
    visitors._gather_constructed_leave_funcs = _cached_constructed(
        gather_leave, leave_attr, is_property
    )
    batched.BatchableCSTVisitor.get_visitors = _cached_get_visitors(get_visitors)
    _installed = True
    return True


def _cached_get_visitors(
    original: Callable[[Any], Mapping[str, Any]],
) -> Callable[[Any], Mapping[str, Any]]:
    cache: dict[type, tuple[str, ...]] = {}

    def get_visitors(self: Any) -> Mapping[str, Any]:
        instance = getattr(self, "__dict__", {})
        if any(name.startswith(("visit_", "leave_")) for name in instance):
            return original(self)
        names = cache.get(type(self))
        if names is None:
            names = cache[type(self)] = tuple(original(self))
        return {name: getattr(self, name) for name in names}

    get_visitors.__doc__ = original.__doc__
    return get_visitors


def _has_own_decorated(obj: object, attrs: Sequence[str]) -> bool:
    instance = getattr(obj, "__dict__", {})
    return any(hasattr(value, attr) for value in instance.values() for attr in attrs)


def _cached_gating(
    original: Callable[[object], dict[Any, Any]],
    attrs: Sequence[str],
    is_property: Callable[[object, str], bool],
) -> Callable[[object], dict[Any, Any]]:
    cache: dict[type, tuple[Any, ...]] = {}

    def gather(obj: object) -> dict[Any, Any]:
        if _has_own_decorated(obj, attrs):
            return original(obj)
        matchers = cache.get(type(obj))
        if matchers is None:
            found: dict[Any, None] = {}
            for name in dir(obj):
                if not is_property(obj, name):
                    func = getattr(obj, name)
                    for attr in attrs:
                        for matcher in getattr(func, attr, []):
                            found[matcher] = None
            matchers = cache[type(obj)] = tuple(found)
        return dict.fromkeys(matchers)

    return gather


def _cached_constructed(
    original: Callable[[object], dict[Any, Any]],
    attr: str,
    is_property: Callable[[object, str], bool],
) -> Callable[[object], dict[Any, Any]]:
    cache: dict[type, tuple[tuple[Any, tuple[str, ...]], ...]] = {}

    def gather(obj: object) -> dict[Any, Any]:
        if _has_own_decorated(obj, (attr,)):
            return original(obj)
        plan = cache.get(type(obj))
        if plan is None:
            names: dict[Any, tuple[str, ...]] = {}
            # Run the original once, so its checks (a decorator on a concrete visit_* method)
            # still raise, then record which attribute each function came from.
            original(obj)
            for name in dir(obj):
                if is_property(obj, name):
                    continue
                func = getattr(obj, name)
                if not ismethod(func):
                    continue
                for matcher in getattr(func, attr, []):
                    names[matcher] = (*names.get(matcher, ()), name)
            plan = cache[type(obj)] = tuple(names.items())
        return {matcher: tuple(getattr(obj, name) for name in names) for matcher, names in plan}

    return gather
