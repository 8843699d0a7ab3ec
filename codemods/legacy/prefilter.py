"""Decide from a file's raw bytes, before any parsing, whether it can refer to the legacy module.

Every spelling of a reference to `pkg.config.paths` contains the word `paths` (`pkg.config.paths`,
`from . import paths`, `from .paths import X`, `getattr(config, "paths")`, `"pkg.config.paths.X"`),
so a file without that word is skipped unparsed. Occurrences that are only the new module's own
dotted name (`data_layer.paths`) do not count, when that name cannot also spell the legacy one.
`ReferenceNarrowing` narrows further for the detection: whether a file can hold a reference at
all, and on which lines. Pure Python (no LibCST import): the guard runs this on every commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from codemods.config import MigrateConfig
from codemods.legacy.text import dotted_bytes, word_bytes
from codemods.module_names import ModuleLocation, is_same_or_inside


@dataclass(frozen=True)
class LegacyPrefilter:
    """`may_mention(source)` is False only when `source` provably cannot refer to the legacy module."""

    basename: bytes
    word: re.Pattern[bytes]
    new_module: re.Pattern[bytes] | None

    def may_mention(self, source: bytes) -> bool:
        # A substring search runs at memory speed; the regex (with its look-behind) only on the
        # few files that hold the basename at all.
        if self.basename not in source:
            return False
        found = len(self.word.findall(source))
        if not found:
            return False
        if self.new_module is None:
            return True
        return found > len(self.new_module.findall(source))


def prefilter_for(config: MigrateConfig) -> LegacyPrefilter:
    """The prefilter for `config`'s legacy module (cached: the guard builds it once per run)."""
    return _build(config.legacy_module, config.paths_module)


@lru_cache(maxsize=8)
def _build(legacy_module: str, paths_module: str) -> LegacyPrefilter:
    basename = legacy_module.rpartition(".")[2]
    word = word_bytes(basename)
    new_module: re.Pattern[bytes] | None = None
    new_parts = paths_module.split(".")
    # Discounting `data_layer.paths` is safe only when no spelling of the legacy module can
    # contain it: the new name must end with the legacy basename and share no other part with it.
    if (
        len(new_parts) > 1
        and new_parts[-1] == basename
        and not set(new_parts[:-1]) & set(legacy_module.split("."))
    ):
        # A leading dot means a relative spelling: count it as a possible legacy mention.
        new_module = re.compile(rb"(?<![\w.])" + re.escape(paths_module.encode()) + rb"(?!\w)")
    return LegacyPrefilter(basename.encode(), word, new_module)


class ReferenceNarrowing:
    """Byte patterns that narrow, before parsing, where a reference can be.

    Every flagged form spells the legacy basename either right after a dot (`pkg.config.paths`,
    `from .paths import`, `"pkg.config.paths.X"`, `cfg.paths`) or as an imported name whose
    package is spelled with the legacy package's last part (`from pkg.config import paths`,
    `from ..config import (paths)`, `fromlist=["paths"]` with `"pkg.config"`); only inside the
    legacy package can a relative import (`from . import paths`) name it without that part.
    """

    __slots__ = ("basename", "dotted", "legacy_package", "new_module", "package_part")

    def __init__(
        self,
        *,
        basename: re.Pattern[bytes],
        dotted: re.Pattern[bytes],
        package_part: re.Pattern[bytes],
        new_module: re.Pattern[bytes] | None,
        legacy_package: str,
    ) -> None:
        self.basename = basename
        self.dotted = dotted
        self.package_part = package_part
        self.new_module = new_module
        self.legacy_package = legacy_package

    def may_reference(self, source: bytes, location: ModuleLocation | None) -> bool:
        dotted = len(self.dotted.findall(source))
        if dotted and (self.new_module is None or dotted > len(self.new_module.findall(source))):
            return True
        if location is None or is_same_or_inside(location.package, self.legacy_package):
            # Inside the legacy package, or where relative imports cannot be placed,
            # `from . import paths` may name it without spelling the package.
            return self.basename.search(source) is not None
        return (
            self.basename.search(source) is not None
            and self.package_part.search(source) is not None
        )

    def lines_with_basename(self, source: bytes) -> list[int] | None:
        """Sorted 1-based lines holding the basename; None when a lone `\\r` breaks lines
        (the parser counts it, counting `\\n` would not)."""
        if b"\r" in source and source.count(b"\r") != source.count(b"\r\n"):
            return None
        lines: list[int] = []
        line, position = 1, 0
        for match in self.basename.finditer(source):
            line += source.count(b"\n", position, match.start())
            position = match.start()
            if not lines or lines[-1] != line:
                lines.append(line)
        return lines


@lru_cache(maxsize=8)
def narrowing_for(config: MigrateConfig) -> ReferenceNarrowing:
    package, _, basename = config.legacy_module.rpartition(".")
    return ReferenceNarrowing(
        basename=word_bytes(basename),
        dotted=dotted_bytes(basename),
        package_part=word_bytes(package.rpartition(".")[2]),
        # The new module's own name (`data_layer.paths`) is not a reference: the prefilter knows
        # when discounting it is safe.
        new_module=prefilter_for(config).new_module,
        legacy_package=package,
    )
