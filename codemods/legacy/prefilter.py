"""Decide from a file's raw bytes, before any parsing, whether it can refer to the legacy module.

Every spelling of a reference to `pkg.config.paths` contains the word `paths` (`pkg.config.paths`,
`from . import paths`, `from .paths import X`, `getattr(config, "paths")`, `"pkg.config.paths.X"`),
so a file without that word is skipped unparsed. Occurrences that are only the new module's own
dotted name (`data_layer.paths`) do not count, when that name cannot also spell the legacy one.
The same patterns narrow further for the detection: whether a file can hold a reference at all,
and on which lines. The word regex runs once per file (`word_starts`); the other checks take its
result. Pure Python (no LibCST import): the guard runs this on every commit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from codemods.config import MigrateConfig
from codemods.legacy.text import dotted_bytes, has_lone_cr, word_bytes
from codemods.module_names import ModuleLocation, is_same_or_inside


class LegacyPrefilter:
    """Byte patterns that narrow, before parsing, whether and where a reference can be.

    Every flagged form spells the legacy basename either right after a dot (`pkg.config.paths`,
    `from .paths import`, `"pkg.config.paths.X"`, `cfg.paths`) or as an imported name whose
    package is spelled with the legacy package's last part (`from pkg.config import paths`,
    `from ..config import (paths)`, `fromlist=["paths"]` with `"pkg.config"`); only inside the
    legacy package can a relative import (`from . import paths`) name it without that part.
    """

    __slots__ = ("basename", "dotted", "legacy_package", "new_module", "package_part", "word")

    def __init__(
        self,
        *,
        basename: bytes,
        word: re.Pattern[bytes],
        dotted: re.Pattern[bytes],
        package_part: re.Pattern[bytes],
        new_module: re.Pattern[bytes] | None,
        legacy_package: str,
    ) -> None:
        self.basename = basename
        self.word = word
        self.dotted = dotted
        self.package_part = package_part
        self.new_module = new_module
        self.legacy_package = legacy_package

    def word_starts(self, source: bytes) -> list[int]:
        """Where the basename stands as a whole word in `source`: the one run of the word regex
        per file, handed to the checks below."""
        # A substring search runs at memory speed; the regex (with its look-behind) only on the
        # few files that hold the basename at all.
        if self.basename not in source:
            return []
        return [match.start() for match in self.word.finditer(source)]

    def may_mention(self, source: bytes, starts: Sequence[int] | None = None) -> bool:
        """False only when `source` provably cannot refer to the legacy module. `starts`:
        `word_starts(source)`, when already known."""
        if starts is None:
            starts = self.word_starts(source)
        if not starts:
            return False
        if self.new_module is None:
            return True
        return len(starts) > len(self.new_module.findall(source))

    def may_reference(
        self, source: bytes, location: ModuleLocation | None, starts: Sequence[int]
    ) -> bool:
        """False only when the detection cannot find a reference in `source`; `starts` is
        `word_starts(source)`."""
        # `.paths` is also the word `paths`: without the word there is nothing dotted either.
        if not starts:
            return False
        dotted = len(self.dotted.findall(source))
        if dotted and (self.new_module is None or dotted > len(self.new_module.findall(source))):
            return True
        if location is None or is_same_or_inside(location.package, self.legacy_package):
            # Inside the legacy package, or where relative imports cannot be placed,
            # `from . import paths` may name it without spelling the package.
            return True
        return self.package_part.search(source) is not None

    def lines_with_basename(self, source: bytes, starts: Sequence[int]) -> list[int] | None:
        """Sorted 1-based lines of `starts` (`word_starts(source)`); None when a lone `\\r`
        breaks lines (the parser counts it, counting `\\n` would not)."""
        if has_lone_cr(source):
            return None
        lines: list[int] = []
        line, position = 1, 0
        for start in starts:
            line += source.count(b"\n", position, start)
            position = start
            if not lines or lines[-1] != line:
                lines.append(line)
        return lines


def prefilter_for(config: MigrateConfig) -> LegacyPrefilter:
    """The prefilter for `config`'s legacy module: built once per (legacy module, new module)
    pair, so projects that share them share it, however many there are."""
    return _build(config.legacy_module, config.paths_module)


@cache  # keyed by two module names: a handful per process
def _build(legacy_module: str, paths_module: str) -> LegacyPrefilter:
    package, _, basename = legacy_module.rpartition(".")
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
    return LegacyPrefilter(
        basename=basename.encode(),
        word=word_bytes(basename),
        dotted=dotted_bytes(basename),
        package_part=word_bytes(package.rpartition(".")[2]),
        new_module=new_module,
        legacy_package=package,
    )
