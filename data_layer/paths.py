"""`Paths`: the canonical locations of the pipeline's data, moved here from `config.paths`.

Behaves exactly like the legacy `daydreaming_dagster.config.paths.Paths` (same members, same
results, same errors), so switching the import changes nothing at run time. One addition: a URL
root (`s3://…`, `memory://…`) or a `UPath` is kept as a `UPath` (the `remote` extra), so code not
yet migrated keeps working once the store moves to object storage; the legacy class would turn
it into a local path named `s3:`.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from upath import UPath

PROMPT_FILENAME = "prompt.txt"
RAW_FILENAME = "raw.txt"
PARSED_FILENAME = "parsed.txt"
METADATA_FILENAME = "metadata.json"
RAW_METADATA_FILENAME = "raw_metadata.json"
PARSED_METADATA_FILENAME = "parsed_metadata.json"

__all__ = [
    "METADATA_FILENAME",
    "PARSED_FILENAME",
    "PARSED_METADATA_FILENAME",
    "PROMPT_FILENAME",
    "RAW_FILENAME",
    "RAW_METADATA_FILENAME",
    "Paths",
]


# Roots. Kept in this module, which imports nothing from its package: the import codemod's
# tests load it alone, and a project may vendor it. A string is a URL when it starts with
# `scheme://` (or an fsspec chain, `scheme::`); `file://` and `local://` URLs and local
# `UPath`s are local paths. A `UPath` can only exist once `upath` is imported, so it is
# recognised through `sys.modules`, and nothing here imports fsspec for a local root.
#: What to install for URL roots.
EXTRA = "pip install 'data-layer-migrate[remote]'"
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?:://|::)")
_LOCAL_PROTOCOLS = frozenset({"", "file", "local"})


def _scheme(text: str) -> str | None:
    match = _URL.match(text)
    return None if match is None else match.group().rstrip(":/").lower()


def is_remote(value: object) -> bool:
    """Whether `value` names a root that only fsspec can reach."""
    if isinstance(value, str):
        scheme = _scheme(value)
        return scheme is not None and scheme not in _LOCAL_PROTOCOLS
    if isinstance(value, PurePath):  # Path, and the local UPath classes that subclass it
        return False
    upath = sys.modules.get("upath")
    return (
        upath is not None
        and isinstance(value, upath.UPath)
        and value.protocol not in _LOCAL_PROTOCOLS
    )


def local_path(value: Any) -> Path:
    """`value` as a local `Path`: a `file://` or `local://` URL loses its scheme (as fsspec's
    local filesystem strips it), a local `UPath` gives its path."""
    if isinstance(value, str):
        if _scheme(value) in ("file", "local"):
            value = value.split("://", 1)[1] if "://" in value else value.split("::", 1)[1]
            if not value.strip():
                raise ValueError("GensDataLayer requires a non-empty data_root")
        return Path(value)
    if isinstance(value, PurePath):
        return Path(value)
    protocol = getattr(value, "protocol", None)
    if protocol in _LOCAL_PROTOCOLS and isinstance(getattr(value, "path", None), str):
        return Path(value.path)
    return Path(value)


def missing_extra(root: object, error: ImportError) -> ImportError:
    """The error for a URL root when the `remote` extra (or the store's fsspec package) is
    missing: it names the root and what to install."""
    return ImportError(
        f"the data root {str(root)!r} is a URL: object storage needs the optional "
        f"dependencies of data-layer-migrate ({EXTRA}); {error}",
        name=error.name,
    )


def to_upath(value: object) -> UPath:
    """`value` as a `UPath` (storage options kept), ImportError naming the extra without it."""
    try:
        from upath import UPath
    except ImportError as error:
        raise missing_extra(value, error) from error
    return value if isinstance(value, UPath) else UPath(str(value))


@dataclass(frozen=True)
class Paths:
    """Folders and files under one data root. `None` or a blank string is refused; a URL or a
    `UPath` is kept as a `UPath` (every member then returns `UPath`s); anything else is kept as
    `Path(data_root)` (a relative root stays relative)."""

    data_root: Path

    def __post_init__(self) -> None:
        # Callers pass str as often as Path (the annotation is the legacy one).
        value: object = self.data_root
        if value is None:
            raise ValueError("Paths requires a data_root")
        if isinstance(value, str) and not value.strip():
            raise ValueError("Paths requires a non-empty data_root")
        root = to_upath(value) if is_remote(value) else Path(self.data_root)
        object.__setattr__(self, "data_root", root)

    # Top-level folders.
    @property
    def gens_root(self) -> Path:
        """`data_root/gens`: the generation store."""
        return self.data_root / "gens"

    @property
    def raw_dir(self) -> Path:
        """`data_root/1_raw`."""
        return self.data_root / "1_raw"

    @property
    def tasks_dir(self) -> Path:
        """`data_root/2_tasks`."""
        return self.data_root / "2_tasks"

    @property
    def parsing_dir(self) -> Path:
        """`data_root/5_parsing`."""
        return self.data_root / "5_parsing"

    @property
    def summary_dir(self) -> Path:
        """`data_root/6_summary`."""
        return self.data_root / "6_summary"

    @property
    def cross_experiment_dir(self) -> Path:
        """`data_root/7_cross_experiment`."""
        return self.data_root / "7_cross_experiment"

    @property
    def cohorts_dir(self) -> Path:
        """`data_root/cohorts`."""
        return self.data_root / "cohorts"

    @property
    def combo_mappings_csv(self) -> Path:
        """`data_root/combo_mappings.csv`."""
        return self.data_root / "combo_mappings.csv"

    # The gens store. No validation here, as in the legacy class: GensDataLayer validates.
    def generation_dir(self, stage: object, gen_id: object) -> Path:
        """`gens_root/<stage>/<gen_id>` (both through `str()`)."""
        return self.gens_root / str(stage) / str(gen_id)

    def prompt_path(self, stage: object, gen_id: object) -> Path:
        """The generation's `prompt.txt`."""
        return self.generation_dir(stage, gen_id) / PROMPT_FILENAME

    def raw_path(self, stage: object, gen_id: object) -> Path:
        """The generation's `raw.txt`."""
        return self.generation_dir(stage, gen_id) / RAW_FILENAME

    def parsed_path(self, stage: object, gen_id: object) -> Path:
        """The generation's `parsed.txt`."""
        return self.generation_dir(stage, gen_id) / PARSED_FILENAME

    def metadata_path(self, stage: object, gen_id: object) -> Path:
        """The generation's `metadata.json` (the layer calls it "main metadata")."""
        return self.generation_dir(stage, gen_id) / METADATA_FILENAME

    def raw_metadata_path(self, stage: object, gen_id: object) -> Path:
        """The generation's `raw_metadata.json`."""
        return self.generation_dir(stage, gen_id) / RAW_METADATA_FILENAME

    def parsed_metadata_path(self, stage: object, gen_id: object) -> Path:
        """The generation's `parsed_metadata.json`."""
        return self.generation_dir(stage, gen_id) / PARSED_METADATA_FILENAME

    # Templates.
    def templates_root(self) -> Path:
        """`$GEN_TEMPLATES_ROOT` when set and non-empty, else `raw_dir/templates`."""
        env_root = os.environ.get("GEN_TEMPLATES_ROOT")
        if env_root:
            return Path(env_root)
        return self.raw_dir / "templates"

    def template_dir(self, stage: object) -> Path:
        """`templates_root()/<stage>`."""
        return self.templates_root() / str(stage)

    def template_file(self, stage: object, template_id: object) -> Path:
        """`template_dir(stage)/<template_id>.txt`."""
        return self.template_dir(stage) / f"{template_id}.txt"

    # Raw inputs.
    @property
    def concepts_csv(self) -> Path:
        """`raw_dir/concepts_metadata.csv`."""
        return self.raw_dir / "concepts_metadata.csv"

    @property
    def llm_models_csv(self) -> Path:
        """`raw_dir/llm_models.csv`."""
        return self.raw_dir / "llm_models.csv"

    def stage_templates_csv(self, stage: object) -> Path:
        """`raw_dir/<stage>_templates.csv`."""
        return self.raw_dir / f"{stage}_templates.csv"

    # Tasks, cohorts, results.
    @property
    def selected_combo_mappings_csv(self) -> Path:
        """`tasks_dir/selected_combo_mappings.csv`."""
        return self.tasks_dir / "selected_combo_mappings.csv"

    def cohort_dir(self, cohort_id: object) -> Path:
        """`cohorts_dir/<cohort_id>`."""
        return self.cohorts_dir / str(cohort_id)

    def cohort_membership_csv(self, cohort_id: object) -> Path:
        """`cohort_dir(cohort_id)/membership.csv`."""
        return self.cohort_dir(cohort_id) / "membership.csv"

    def cohort_manifest_json(self, cohort_id: object) -> Path:
        """`cohort_dir(cohort_id)/manifest.json`."""
        return self.cohort_dir(cohort_id) / "manifest.json"

    @property
    def aggregated_scores_csv(self) -> Path:
        """`parsing_dir/aggregated_scores.csv`."""
        return self.parsing_dir / "aggregated_scores.csv"

    # Constructors.
    @classmethod
    def from_context(cls, context: Any) -> Paths:
        """`Paths(context.resources.data_root)`; ValueError when the context has none."""
        resources = getattr(context, "resources", None)
        data_root = getattr(resources, "data_root", None)
        if data_root is None:
            raise ValueError("Paths.from_context: context.resources.data_root is not set")
        return cls(data_root)

    @classmethod
    def from_str(cls, data_root: str | os.PathLike[str]) -> Paths:
        """`Paths(Path(data_root))` (so an empty string means the current folder here); a URL or
        a `UPath` is kept as a `UPath`."""
        return cls(data_root if is_remote(data_root) else Path(data_root))  # type: ignore[arg-type]
