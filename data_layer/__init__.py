"""The generation store's data-access layer: `Paths` (moved from `config.paths`) and
`GensDataLayer` (every read and write of `<data_root>/gens/<stage>/<gen_id>/`)."""

from __future__ import annotations

from data_layer.gens_data_layer import GensDataLayer
from data_layer.paths import (
    METADATA_FILENAME,
    PARSED_FILENAME,
    PARSED_METADATA_FILENAME,
    PROMPT_FILENAME,
    RAW_FILENAME,
    RAW_METADATA_FILENAME,
    Paths,
)

__all__ = [
    "METADATA_FILENAME",
    "PARSED_FILENAME",
    "PARSED_METADATA_FILENAME",
    "PROMPT_FILENAME",
    "RAW_FILENAME",
    "RAW_METADATA_FILENAME",
    "GensDataLayer",
    "Paths",
]
