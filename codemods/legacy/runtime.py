"""Strings Python resolves to a module at run time: the one table of the calls that take them,
and the pure rules (on names, not on trees) that both the detection (`ast`) and the import
codemod (LibCST) apply to what they read.
"""

from __future__ import annotations

from codemods.legacy.names import Names
from codemods.module_names import ModuleLocation, is_module_name, resolve_relative

#: Roles of a run-time string: a dotted target patched or resolved (module or member), a module
#: imported by name, `__import__`'s name (its result is the top package), `module:attr` resolved.
PATCH = "patch"
IMPORT = "import"
DUNDER_IMPORT = "__import__"
RESOLVE = "resolve"

#: Callee's last name -> (role, keyword naming the same argument, only as an attribute).
#: Matched on the last name so `mock.patch`, `unittest.mock.patch`, `mocker.patch` and a bare
#: `patch` all count; `setattr`/`delattr` only as methods (`monkeypatch.setattr("a.b.C", v)`),
#: since the builtins take an object first.
RUNTIME_TARGET_CALLS: dict[str, tuple[str, str, bool]] = {
    "patch": (PATCH, "target", False),
    "multiple": (PATCH, "target", False),
    "setattr": (PATCH, "", True),
    "delattr": (PATCH, "", True),
    "import_module": (IMPORT, "name", False),
    "importorskip": (IMPORT, "name", False),
    "find_spec": (IMPORT, "name", False),
    "__import__": (DUNDER_IMPORT, "name", False),
    # pkgutil.resolve_name("pkg.mod:Attr") or ("pkg.mod.Attr"): entry-point style targets.
    "resolve_name": (RESOLVE, "name", False),
}
#: `import_module(name, package)`: the package a relative `name` starts from.
IMPORT_MODULE_PACKAGE_ARG = ("package", 1)
#: `__import__(name, globals, locals, fromlist)`.
FROMLIST_ARG = ("fromlist", 3)


def runtime_role(
    callee: str | None, is_attribute: bool, first: bool, keyword: str | None
) -> str | None:
    """The role of a string passed to `callee` (first positional when `first`, else by
    `keyword`), or None when the call does not resolve it."""
    entry = RUNTIME_TARGET_CALLS.get(callee or "")
    if entry is None:
        return None
    role, name, attribute_only = entry
    if attribute_only and not is_attribute:
        return None
    if first or (name and keyword == name):
        return role
    return None


def legacy_target(value: str, names: Names) -> str | None:
    """The dotted name a string resolves to when it names the legacy module or a member of it,
    as a whole: `pkg.config.paths[.X]` or the `module:attr` form of entry points, pkgutil and
    configuration files (`pkg.config.paths:Paths`, `pkg.config:paths`); else None."""
    module, colon, attribute = value.partition(":")
    if not colon:
        return value if names.names_legacy(value) else None
    if not (module and attribute and is_module_name(module) and is_module_name(attribute)):
        return None
    dotted = f"{module}.{attribute}"
    return dotted if names.names_legacy(dotted) else None


def loads_itself(value: str, role: str | None, names: Names) -> bool:
    """Whether a string naming the legacy module (or a member) is imported by the call that
    resolves it (`import_module`, `__import__`, patch targets, `resolve_name` of a name inside
    it): then what the file imports does not change what it does. Any other use (a
    `sys.modules` key, `resolve_name("pkg.config:paths")` which only reads the package's
    attribute, a string of unknown role) needs the legacy module imported already."""
    if role in (IMPORT, DUNDER_IMPORT, PATCH):
        return True
    return role == RESOLVE and names.names_legacy(value.partition(":")[0])


def relative_module(value: str, package: str | None) -> str | None:
    """The module `import_module(value, package)` imports for a relative `value` (`.paths`)."""
    if not package or not is_module_name(package):
        return None
    stripped = value.lstrip(".")
    level = len(value) - len(stripped)
    return resolve_relative(ModuleLocation(package, True), level, stripped or None)


def unresolvable_may_name(
    names: Names, module: str | None, imported: set[str] | frozenset[str]
) -> bool:
    """A relative import the source roots cannot place (`from .config.paths import X`,
    `from . import paths`) may import the legacy module: neither the guard nor the codemod can
    tell, so both report it."""
    basename = names.basename
    return (module or "").rpartition(".")[2] == basename or basename in imported
