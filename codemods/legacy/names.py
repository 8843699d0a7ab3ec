"""The migration's module names, split once: what the detection and the import codemod compare.

Plain class, not a dataclass: this module is imported by the guard on every commit, and each
dataclass costs start-up time.
"""

from __future__ import annotations

from codemods.config import MigrateConfig
from codemods.module_names import ModuleLocation, is_same_or_inside


class Names:
    """The legacy and new module names (with their packages and basenames), the file's own
    location, and the names the new module exports (what may follow its name)."""

    __slots__ = (
        "basename",
        "exports",
        "legacy",
        "location",
        "new",
        "new_basename",
        "new_package",
        "package",
    )

    def __init__(
        self,
        legacy: str,
        new: str,
        location: ModuleLocation | None = None,
        exports: frozenset[str] = frozenset(),
    ) -> None:
        self.legacy = legacy
        self.new = new
        self.location = location
        self.exports = exports
        self.package, _, self.basename = legacy.rpartition(".")
        self.new_package, _, self.new_basename = new.rpartition(".")

    @classmethod
    def of(
        cls,
        config: MigrateConfig,
        location: ModuleLocation | None = None,
        exports: frozenset[str] = frozenset(),
    ) -> Names:
        return cls(config.legacy_module, config.paths_module, location, exports)

    def names_legacy(self, dotted: str) -> bool:
        """`dotted` is the legacy module or lies inside it (`pkg.config.paths.Paths`)."""
        return is_same_or_inside(dotted, self.legacy)

    def member_ok(self, dotted: str, prefix: str) -> str | None:
        """For `dotted` == `prefix` or `prefix.X...`: None when fine, else the offending `X`."""
        if dotted == prefix:
            return None
        member = dotted[len(prefix) + 1 :].partition(".")[0]
        return None if member in self.exports else member
