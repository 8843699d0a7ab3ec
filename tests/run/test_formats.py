"""The output formats: exact text for text/github/json, SARIF valid against the OASIS schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest

from codemods.codes import build
from codemods.findings import Finding
from codemods.run.formats import JSON_VERSION, relative_to_root, render, statistics


class _Imports:
    CODES: ClassVar[dict[str, str]] = {"DLM104": "dynamic or ambiguous reference"}


RULES = build([("imports", _Imports)], tools={"DLM001": "reference to the legacy module"})


def findings(root: Path) -> list[Finding]:
    return [
        Finding(str(root / "src" / "b.py"), 3, 1, "DLM104", "c.paths: ambiguous, 100%"),
        Finding(
            str(root / "src" / "a,b:c.py"),
            1,
            6,
            "DLM001",
            "imports the legacy module\nsecond line",
            end_line=1,
            end_column=40,
            replacement="from data_layer.paths import Paths",
        ),
        Finding(str(root / "src" / "a.py"), 2, 1, "DLM001", "rewritten", fixed=True),
    ]


def _render(output_format: str, root: Path) -> str:
    return render(
        findings(root),
        output_format,
        root=root,
        codes=RULES,
        tool="data-layer-migrate",
        version="1.2.3",
    )


def test_text_is_path_line_col_code_message_in_path_order(tmp_path: Path) -> None:
    src = tmp_path / "src"
    # One finding a line: a message's line break becomes a space (json keeps it).
    assert _render("text", tmp_path).split("\n") == [
        f"{src}/a,b:c.py:1:6: DLM001 imports the legacy module second line",
        f"{src}/a.py:2:1: DLM001 rewritten",
        f"{src}/b.py:3:1: DLM104 c.paths: ambiguous, 100%",
    ]


def test_github_annotations_escape_data_and_properties(tmp_path: Path) -> None:
    lines = _render("github", tmp_path).splitlines()
    a = (tmp_path / "src").as_posix().replace(":", "%3A").replace(",", "%2C")
    assert lines == [
        f"::error file={a}/a%2Cb%3Ac.py,line=1,col=6,endLine=1,endColumn=40,title=DLM001"
        "::imports the legacy module%0Asecond line",
        f"::notice file={a}/a.py,line=2,col=1,title=DLM001::rewritten",
        f"::error file={a}/b.py,line=3,col=1,title=DLM104::c.paths: ambiguous, 100%25",
    ]


def test_json_document_is_versioned_and_relative(tmp_path: Path) -> None:
    document = json.loads(_render("json", tmp_path))
    assert document["version"] == JSON_VERSION == 1
    assert document["findings"][0] == {
        "path": "src/a,b:c.py",
        "line": 1,
        "column": 6,
        "end_line": 1,
        "end_column": 40,
        "code": "DLM001",
        "message": "imports the legacy module\nsecond line",
        "fixed": False,
        "replacement": "from data_layer.paths import Paths",
    }
    # Without a known end, the end is the start.
    assert document["findings"][2]["end_line"] == 3
    assert document["findings"][2]["end_column"] == 1
    assert [f["fixed"] for f in document["findings"]] == [False, True, False]


def test_sarif_is_valid_against_the_schema(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    document = json.loads(_render("sarif", tmp_path))
    jsonschema.validate(document, sarif_schema)
    (run,) = document["runs"]
    assert run["tool"]["driver"]["name"] == "data-layer-migrate"
    assert run["tool"]["driver"]["version"] == "1.2.3"
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == ["DLM001", "DLM104"]
    assert rules[0]["shortDescription"]["text"] == "reference to the legacy module"
    assert rules[0]["help"]["text"].startswith("A reference to the legacy module")
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == tmp_path.as_uri() + "/"
    first = run["results"][0]
    assert first["ruleId"] == "DLM001" and first["ruleIndex"] == 0 and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "src/a,b:c.py", "uriBaseId": "PROJECTROOT"}
    assert location["region"] == {"startLine": 1, "startColumn": 6, "endLine": 1, "endColumn": 40}
    assert run["results"][1]["level"] == "note"  # rewritten
    assert run["results"][2]["level"] == "warning"  # left for a human
    assert "fixes" not in first


def test_sarif_with_no_finding_is_valid(tmp_path: Path, sarif_schema: dict[str, Any]) -> None:
    document = json.loads(render([], "sarif", root=tmp_path, codes=RULES, tool="t", version="0"))
    jsonschema.validate(document, sarif_schema)
    assert document["runs"][0]["results"] == []


def test_statistics_most_frequent_first(tmp_path: Path) -> None:
    assert statistics(findings(tmp_path), RULES).splitlines() == [
        "2\tDLM001\treference to the legacy module",
        "1\tDLM104\tdynamic or ambiguous reference",
    ]


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        render([], "xml", root=tmp_path, codes=RULES, tool="t", version="0")


@pytest.mark.parametrize(
    ("path", "expected"),
    [("src/a.py", "src/a.py"), ("/elsewhere/a.py", "/elsewhere/a.py")],
    ids=["inside", "outside"],
)
def test_paths_relative_to_the_root(
    path: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert relative_to_root(path, tmp_path) == expected
    assert relative_to_root(str(tmp_path / path.lstrip("/")), tmp_path) == path.lstrip("/")


def test_relative_paths_are_taken_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert relative_to_root("../src/a.py", tmp_path) == "src/a.py"


def test_sarif_with_an_unregistered_code_is_still_valid(
    tmp_path: Path, sarif_schema: dict[str, Any]
) -> None:
    found = [Finding(str(tmp_path / "a.py"), 1, 1, "DLM999", "unknown")]
    document = json.loads(render(found, "sarif", root=tmp_path, codes=RULES, tool="t", version="0"))
    jsonschema.validate(document, sarif_schema)
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert rules[document["runs"][0]["results"][0]["ruleIndex"]]["id"] == "DLM999"
