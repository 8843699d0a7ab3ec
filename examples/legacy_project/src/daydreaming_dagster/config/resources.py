"""Resources the assets share: the data root, checked once."""

from __future__ import annotations

from dataclasses import dataclass

from . import paths


@dataclass(frozen=True)
class DataRootResource:
    data_root: str

    def paths(self) -> paths.Paths:
        return paths.Paths.from_str(self.data_root)
