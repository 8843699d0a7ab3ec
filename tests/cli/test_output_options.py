"""The options CI systems and editors use: output formats, statistics, exit-zero, quiet/verbose,
--version and stdin, on the guard and on `data-layer-migrate` (real codemods)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_helpers import write

from codemods import cli, guard

LEGACY = "from daydreaming_dagster.config.paths import Paths\n"
RELATIVE = "from ..config.paths import RAW_FILENAME\n"
HUMAN = "from daydreaming_dagster.config.paths import *\n"
PYPROJECT = '[project]\nname = "p"\n\n[tool.data-layer-migrate]\nsource-roots = ["src"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write(tmp_path / "pyproject.toml", PYPROJECT)
    write(tmp_path / "src" / "daydreaming_dagster" / "assets" / "job.py", LEGACY)
    write(tmp_path / "src" / "daydreaming_dagster" / "assets" / "star.py", HUMAN)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


# -- the guard ---------------------------------------------------------------------------------


def test_guard_github_annotations(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert guard.main(["--output-format", "github", "src"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("::")[1] for line in lines] == [
        "error file=src/daydreaming_dagster/assets/job.py,line=1,col=1,endLine=1,endColumn=51,"
        "title=DLM001",
        "error file=src/daydreaming_dagster/assets/star.py,line=1,col=1,endLine=1,endColumn=47,"
        "title=DLM001",
    ]


def test_guard_json_has_replacements(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert guard.main(["--output-format", "json", "src"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    first = document["findings"][0]
    assert first["path"] == "src/daydreaming_dagster/assets/job.py"
    assert first["replacement"] == "from data_layer.paths import Paths"
    assert (first["line"], first["column"], first["end_line"], first["end_column"]) == (1, 1, 1, 51)


def test_guard_sarif_is_valid(
    project: Path, capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any]
) -> None:
    assert guard.main(["--output-format", "sarif", "src"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, sarif_schema)
    run = document["runs"][0]
    assert run["tool"]["driver"]["name"] == "data-layer-guard"
    assert {result["ruleId"] for result in run["results"]} == {"DLM001"}
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == project.as_uri() + "/"


def test_guard_statistics_exit_zero_and_quiet(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guard.main(["--statistics", "--exit-zero", "-q", "src"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "2\tDLM001\treference to the legacy module\n"
    assert captured.err == ""


def test_guard_verbose_counts_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert guard.main(["-v", "src"]) == 1
    err = capsys.readouterr().err
    assert "data-layer-guard: checked 2 files (.)" in err
    assert "Found 2 problems in 2 files." in err


def test_guard_quiet_and_verbose_exclude_each_other(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guard.main(["-q", "-v", "src"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_guard_reads_stdin_with_its_filename(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The relative import resolves only through the filename's module name and the project's
    # source roots.
    stdin(monkeypatch, RELATIVE)
    name = "src/daydreaming_dagster/assets/new.py"
    assert guard.main(["-", "--stdin-filename", name]) == 1
    assert capsys.readouterr().out.startswith(f"{name}:1:1: DLM001 ")


def test_guard_stdin_without_a_reference(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, "from data_layer.paths import Paths\n")
    assert guard.main(["-", "--stdin-filename", "src/x.py"]) == 0
    assert capsys.readouterr().out == ""


def test_guard_stdin_cannot_mix_with_paths(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guard.main(["-", "src"]) == 2
    assert "cannot be combined" in capsys.readouterr().err


@pytest.mark.parametrize("main", [guard.main, cli.main], ids=["guard", "migrate"])
def test_version(main: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.split()[-1] == version("data-layer-migrate")


# -- data-layer-migrate -------------------------------------------------------------------------


def test_check_takes_the_guards_options(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--output-format", "github", "--exit-zero", "src"]) == 0
    assert capsys.readouterr().out.count("::error ") == 2


def test_all_github_lists_rewritten_and_left_sites(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["all", "--check", "--no-progress", "--output-format", "github", "src"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("::notice ") and "title=DLM001" in line for line in lines)
    assert any(line.startswith("::error ") and "title=DLM101" in line for line in lines)


def test_report_sarif_is_valid_with_the_codemods_rules(
    project: Path, capsys: pytest.CaptureFixture[str], sarif_schema: dict[str, Any]
) -> None:
    assert cli.main(["report", "--no-progress", "--output-format", "sarif", "."]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, sarif_schema)
    rules = {rule["id"] for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert {"DLM001", "DLM101", "DLM201", "DLM903"} <= rules
    results = document["runs"][0]["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {
        ("DLM001", "note"),
        ("DLM101", "warning"),
    }


def test_report_format_alias_gives_versioned_json(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["report", "--no-progress", "--format", "json", "."]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert document["summary"]["needs_human"] == 1
    assert [f["code"] for f in document["findings"]] == ["DLM001", "DLM101"]


def test_all_rewrites_stdin_to_stdout(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, "import os\n" + RELATIVE)
    name = "src/daydreaming_dagster/assets/new.py"
    assert cli.main(["all", "-", "--stdin-filename", name]) == 0
    captured = capsys.readouterr()
    # The rewritten import joins its own (third-party) section, as isort would put it.
    assert captured.out == "import os\n\nfrom data_layer.paths import RAW_FILENAME\n"
    assert captured.err == ""
    assert not (project / name).exists()


def test_all_stdin_reports_sites_left_on_stderr(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, HUMAN)
    assert cli.main(["all", "-", "--stdin-filename", "src/x.py"]) == 1
    captured = capsys.readouterr()
    assert captured.out == HUMAN
    assert captured.err.startswith("src/x.py:1:1: DLM101 ")


def test_all_stdin_check_writes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, LEGACY)
    assert cli.main(["all", "-", "--check", "--stdin-filename", "src/x.py"]) == 1
    assert capsys.readouterr().out == ""
    stdin(monkeypatch, "x = 1\n")
    assert cli.main(["all", "-", "--check"]) == 0


def test_all_stdin_diff(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin(monkeypatch, LEGACY)
    assert cli.main(["all", "-", "--diff", "--stdin-filename", "src/x.py"]) == 0
    patch = capsys.readouterr().out
    assert "-" + LEGACY in patch and "+from data_layer.paths import Paths\n" in patch


def test_all_stdin_leaves_migrated_code_byte_for_byte(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    migrated = "import os\n\nfrom data_layer.paths import Paths  # keep\n"
    stdin(monkeypatch, migrated)
    assert cli.main(["all", "-", "--stdin-filename", "src/x.py"]) == 0
    captured = capsys.readouterr()
    assert captured.out == migrated
    assert captured.err == ""


def test_all_stdin_cannot_mix_with_paths(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["all", "-", "src"]) == 2
    assert "cannot be combined" in capsys.readouterr().err
