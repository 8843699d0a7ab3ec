from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

import daydreaming_dagster.config.paths
from daydreaming_dagster.assets.reporting import stage_report
from daydreaming_dagster.cohorts import REQUIRED_FILES, cohort_members, missing_files
from daydreaming_dagster.config.resources import DataRootResource
from daydreaming_dagster.utils.templates import default_paths, prompt_file_name, template_text


def test_stage_report(data_root: Path) -> None:
    assert stage_report(str(data_root), "essay", ["a", "b"]) == [
        {"gen_id": "a", "parsed": "parsed.txt", "file": "parsed.txt"},
        {"gen_id": "b", "parsed": "parsed.txt", "file": "parsed.txt"},
    ]


def test_cohorts(data_root: Path) -> None:
    membership = data_root / "cohorts/c1/membership.csv"
    membership.parent.mkdir(parents=True)
    membership.write_text("gen_id\ng1\ng2\n", encoding="utf-8")
    assert cohort_members(data_root, "c1") == ["g1", "g2"]
    assert REQUIRED_FILES == ("prompt.txt", "raw.txt")
    assert missing_files(data_root) == ["prompt.txt", "raw.txt"]


def test_resource_and_templates(data_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = DataRootResource(str(data_root)).paths()
    assert paths == default_paths(str(data_root))
    monkeypatch.delenv("GEN_TEMPLATES_ROOT", raising=False)
    template = data_root / "1_raw/templates/draft/t1.txt"
    template.parent.mkdir(parents=True)
    template.write_text("Hello {name}", encoding="utf-8")
    assert template_text(paths, "draft", "t1") == "Hello {name}"
    assert prompt_file_name() == "prompt.txt"


def test_templates_root_can_be_patched(data_root: Path, tmp_path: Path) -> None:
    with mock.patch(
        "daydreaming_dagster.config.paths.Paths.templates_root", return_value=tmp_path / "t"
    ):
        paths = daydreaming_dagster.config.paths.Paths(data_root)
        assert paths.template_dir("draft") == tmp_path / "t/draft"
