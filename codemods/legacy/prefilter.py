"""Decide from a file's raw bytes, before any parsing, whether it can refer to the legacy module.

Every spelling of a reference to `pkg.config.paths` contains the word `paths` (`pkg.config.paths`,
`from . import paths`, `from .paths import X`, `getattr(config, "paths")`, `"pkg.config.paths.X"`),
so a file without that word is skipped unparsed. Occurrences that are only the new module's own
dotted name (`data_layer.paths`) do not count, when that name cannot also spell the legacy one.
Pure Python (no LibCST import): the guard runs this on every commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from codemods.config import MigrateConfig
from codemods.legacy.text import word_bytes


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
