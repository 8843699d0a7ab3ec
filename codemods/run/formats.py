"""Findings in the formats CI systems and editors read natively, as ruff's `--output-format`:
`text` (one `path:line:col: CODE message` a line), `json` (a versioned document, `docs/output-formats.md`),
`github` (Actions workflow commands, shown as annotations on the pull request) and `sarif`
(SARIF 2.1.0, for code-scanning uploads).

Pure functions (no LibCST import): findings, the codes' descriptions and the project root in,
one string out. Paths in `json` and `sarif` are relative to the project root, with `/`.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from codemods.findings import Finding

if TYPE_CHECKING:
    from codemods.codes import Code

#: `--output-format` choices, in the order `--help` lists them.
OUTPUT_FORMATS = ("text", "json", "github", "sarif")
#: Bumped when a key of the `json` format changes meaning or goes away (adding keys does not).
JSON_VERSION = 1

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_URI = "https://pypi.org/project/data-layer-migrate/"
#: The `uriBaseId` every SARIF location is relative to.
ROOT_BASE_ID = "PROJECTROOT"


def add_output_arguments(parser: argparse.ArgumentParser, *, alias: str | None = None) -> None:
    """`--output-format` (and an older spelling kept as its alias)."""
    parser.add_argument(
        "--output-format",
        *([alias] if alias else []),
        dest="output_format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="text for people, json (docs/output-formats.md), github (Actions annotations) or "
        "sarif (code scanning) (default: text)",
    )


def render(
    findings: Sequence[Finding],
    output_format: str,
    *,
    root: Path,
    codes: Mapping[str, Code],
    tool: str,
    version: str,
    summary: Mapping[str, int] | None = None,
) -> str:
    """`findings` in `output_format` (one of OUTPUT_FORMATS); "" for text with no finding.
    `summary` (a run's counts) joins the json document."""
    ordered = sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code, f.message))
    if output_format == "text":
        return "\n".join(finding.format() for finding in ordered)
    if output_format == "github":
        return "\n".join(_github(finding) for finding in ordered)
    if output_format == "json":
        return _json(ordered, root, summary)
    if output_format == "sarif":
        return _sarif(ordered, root, codes, tool, version)
    raise ValueError(f"unknown output format {output_format!r}")


def statistics(findings: Sequence[Finding], codes: Mapping[str, Code]) -> str:
    """`--statistics`: one line per code, most frequent first, as ruff prints them."""
    counts = Counter(finding.code for finding in findings)
    width = len(str(max(counts.values(), default=0)))
    return "\n".join(
        f"{count:>{width}}\t{code}\t{codes[code].description if code in codes else ''}".rstrip()
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def relative_to_root(path: str, root: Path) -> str:
    """`path` (as displayed, relative to the current folder or absolute) relative to `root`,
    with `/`; unchanged when it lies outside `root`."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


# -- json ------------------------------------------------------------------------------------


def _json(findings: Sequence[Finding], root: Path, summary: Mapping[str, int] | None) -> str:
    document: dict[str, Any] = {
        "version": JSON_VERSION,
        "findings": [
            {
                "path": relative_to_root(finding.path, root),
                "line": finding.line,
                "column": finding.column,
                "end_line": finding.end_line or finding.line,
                "end_column": finding.end_column or finding.column,
                "code": finding.code,
                "message": finding.message,
                "fixed": finding.fixed,
                "replacement": finding.replacement,
            }
            for finding in findings
        ],
    }
    if summary is not None:
        document["summary"] = dict(summary)
    return json.dumps(document, indent=2, ensure_ascii=False)


# -- github ----------------------------------------------------------------------------------


def _github(finding: Finding) -> str:
    # Workflow-command escaping: the message escapes %, CR and LF; properties also `:` and `,`.
    level = "notice" if finding.fixed else "error"
    properties = [
        f"file={_property(Path(finding.path).as_posix())}",
        f"line={finding.line}",
        f"col={finding.column}",
    ]
    if finding.end_line:
        properties.append(f"endLine={finding.end_line}")
    if finding.end_column:
        properties.append(f"endColumn={finding.end_column}")
    properties.append(f"title={_property(finding.code)}")
    return f"::{level} {','.join(properties)}::{_data(finding.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


# -- sarif -----------------------------------------------------------------------------------


def _sarif(
    findings: Sequence[Finding], root: Path, codes: Mapping[str, Code], tool: str, version: str
) -> str:
    from codemods.codes import sarif_rules

    rules = sarif_rules(codes)
    for code in sorted({finding.code for finding in findings} - set(codes)):
        rules.append({"id": code, "shortDescription": {"text": code}})  # unregistered: still valid
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    levels = {
        rule["id"]: rule.get("defaultConfiguration", {}).get("level", "warning") for rule in rules
    }
    driver: dict[str, Any] = {
        "name": tool,
        "version": version,
        "informationUri": TOOL_URI,
        "rules": rules,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {ROOT_BASE_ID: {"uri": Path(os.path.abspath(root)).as_uri() + "/"}},
        "results": [
            _sarif_result(finding, root, index[finding.code], levels[finding.code])
            for finding in findings
        ],
        "columnKind": "unicodeCodePoints",
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _sarif_result(finding: Finding, root: Path, rule_index: int, level: str) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line or finding.line,
    }
    if finding.end_column:
        region["endColumn"] = finding.end_column
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        # A site the codemods rewrote is information, whatever its code's level.
        "level": "note" if finding.fixed else level,
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": relative_to_root(finding.path, root),
                        "uriBaseId": ROOT_BASE_ID,
                    },
                    "region": region,
                }
            }
        ],
    }
