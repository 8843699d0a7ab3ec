"""Canonical filesystem paths for the DayDreaming pipeline.

Every asset and script builds its file locations through `Paths` so the on-disk layout lives in
one place:

    data/
      1_raw/            inputs (concepts, models, templates)
      2_tasks/          selected combinations
      5_parsing/        aggregated scores
      6_summary/
      7_cross_experiment/
      cohorts/<cohort_id>/
      gens/<stage>/<gen_id>/{prompt.txt, raw.txt, parsed.txt, metadata.json, ...}
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROMPT_FILENAME = "prompt.txt"
RAW_FILENAME = "raw.txt"
PARSED_FILENAME = "parsed.txt"
METADATA_FILENAME = "metadata.json"
RAW_METADATA_FILENAME = "raw_metadata.json"
PARSED_METADATA_FILENAME = "parsed_metadata.json"

__all__ = [
    "Paths",
    "PROMPT_FILENAME",
    "RAW_FILENAME",
    "PARSED_FILENAME",
    "METADATA_FILENAME",
    "RAW_METADATA_FILENAME",
    "PARSED_METADATA_FILENAME",
]


@dataclass(frozen=True)
class Paths:
    data_root: Path

    def __post_init__(self):
        if self.data_root is None:
            raise ValueError("Paths requires a data_root")
        if isinstance(self.data_root, str) and not self.data_root.strip():
            raise ValueError("Paths requires a non-empty data_root")
        object.__setattr__(self, "data_root", Path(self.data_root))

    # ---- top-level folders -------------------------------------------------
    @property
    def gens_root(self) -> Path:
        return self.data_root / "gens"

    @property
    def raw_dir(self) -> Path:
        return self.data_root / "1_raw"

    @property
    def tasks_dir(self) -> Path:
        return self.data_root / "2_tasks"

    @property
    def parsing_dir(self) -> Path:
        return self.data_root / "5_parsing"

    @property
    def summary_dir(self) -> Path:
        return self.data_root / "6_summary"

    @property
    def cross_experiment_dir(self) -> Path:
        return self.data_root / "7_cross_experiment"

    @property
    def cohorts_dir(self) -> Path:
        return self.data_root / "cohorts"

    @property
    def combo_mappings_csv(self) -> Path:
        return self.data_root / "combo_mappings.csv"

    # ---- gens store --------------------------------------------------------
    def generation_dir(self, stage: str, gen_id: str) -> Path:
        return self.gens_root / str(stage) / str(gen_id)

    def prompt_path(self, stage: str, gen_id: str) -> Path:
        return self.generation_dir(stage, gen_id) / PROMPT_FILENAME

    def raw_path(self, stage: str, gen_id: str) -> Path:
        return self.generation_dir(stage, gen_id) / RAW_FILENAME

    def parsed_path(self, stage: str, gen_id: str) -> Path:
        return self.generation_dir(stage, gen_id) / PARSED_FILENAME

    def metadata_path(self, stage: str, gen_id: str) -> Path:
        return self.generation_dir(stage, gen_id) / METADATA_FILENAME

    def raw_metadata_path(self, stage: str, gen_id: str) -> Path:
        return self.generation_dir(stage, gen_id) / RAW_METADATA_FILENAME

    def parsed_metadata_path(self, stage: str, gen_id: str) -> Path:
        return self.generation_dir(stage, gen_id) / PARSED_METADATA_FILENAME

    # ---- templates ---------------------------------------------------------
    def templates_root(self) -> Path:
        # GEN_TEMPLATES_ROOT lets experiments point at a template set outside the data folder.
        env_root = os.environ.get("GEN_TEMPLATES_ROOT")
        if env_root:
            return Path(env_root)
        return self.raw_dir / "templates"

    def template_dir(self, stage: str) -> Path:
        return self.templates_root() / str(stage)

    def template_file(self, stage: str, template_id: str) -> Path:
        return self.template_dir(stage) / f"{template_id}.txt"

    # ---- raw inputs --------------------------------------------------------
    @property
    def concepts_csv(self) -> Path:
        return self.raw_dir / "concepts_metadata.csv"

    @property
    def llm_models_csv(self) -> Path:
        return self.raw_dir / "llm_models.csv"

    def stage_templates_csv(self, stage: str) -> Path:
        return self.raw_dir / f"{stage}_templates.csv"

    # ---- tasks, cohorts, results ---------------------------------------------
    @property
    def selected_combo_mappings_csv(self) -> Path:
        return self.tasks_dir / "selected_combo_mappings.csv"

    def cohort_dir(self, cohort_id: str) -> Path:
        return self.cohorts_dir / str(cohort_id)

    def cohort_membership_csv(self, cohort_id: str) -> Path:
        return self.cohort_dir(cohort_id) / "membership.csv"

    def cohort_manifest_json(self, cohort_id: str) -> Path:
        return self.cohort_dir(cohort_id) / "manifest.json"

    @property
    def aggregated_scores_csv(self) -> Path:
        return self.parsing_dir / "aggregated_scores.csv"

    # ---- constructors --------------------------------------------------------
    @classmethod
    def from_context(cls, context) -> "Paths":
        resources = getattr(context, "resources", None)
        data_root = getattr(resources, "data_root", None)
        if data_root is None:
            raise ValueError("Paths.from_context: context.resources.data_root is not set")
        return cls(data_root)

    @classmethod
    def from_str(cls, data_root: str) -> "Paths":
        return cls(Path(data_root))
