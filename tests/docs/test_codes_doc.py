"""The registry of finding codes (codemods/codes.py) against the code and the docs: docs/codes.md
is generated from it, every code the package spells is in it, and codes are unique and
well-formed."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from codemods import codes
from codemods.cli import main
from codemods.config import load_config
from codemods.registry import pipeline
from codemods.run.runner import process_file

ROOT = Path(__file__).resolve().parents[2]
CODE_MENTION = re.compile(r"\bDLM[0-9]{3}\b")
EXAMPLE = ROOT / "examples/legacy_project"


@pytest.fixture(scope="module")
def registry() -> dict[str, codes.Code]:
    return codes.registry()


def test_docs_codes_md_is_generated_from_the_registry(registry: dict[str, codes.Code]) -> None:
    written = (ROOT / "docs/codes.md").read_text(encoding="utf-8")
    assert written == codes.markdown(registry), (
        f"docs/codes.md is stale: run `{codes.GENERATE_COMMAND}`"
    )


def test_every_code_the_package_spells_is_registered(registry: dict[str, codes.Code]) -> None:
    # A code is a string constant (`CODE_X = "DLM2xx"`); comments and docstrings name codes too,
    # and a stale mention there misleads as much.
    constants: dict[str, str] = {}
    mentions: dict[str, str] = {}
    for path in sorted((ROOT / "codemods").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(text)):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and codes.CODE_PATTERN.fullmatch(node.value)
            ):
                constants[node.value] = where
        for code in CODE_MENTION.findall(text):
            mentions[code] = where
    assert len(constants) >= 30, "the scan must find the codes constants"
    assert {code: where for code, where in constants.items() if code not in registry} == {}
    assert {code: where for code, where in mentions.items() if code not in registry} == {}


def test_every_code_the_docs_mention_is_registered(registry: dict[str, codes.Code]) -> None:
    pages = [ROOT / "MIGRATION.md", ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    unknown = {
        (page.name, code)
        for page in pages
        for code in CODE_MENTION.findall(page.read_text(encoding="utf-8"))
        if code not in registry
    }
    assert unknown == set()


def test_codes_are_well_formed_and_documented(registry: dict[str, codes.Code]) -> None:
    assert list(registry) == sorted(registry)
    for code, entry in registry.items():
        assert codes.CODE_PATTERN.fullmatch(code), code
        assert entry.code == code
        assert entry.description and "\n" not in entry.description, code
        assert entry.emitters, code
        # Every real code has its own outcome and help text (a fake codemod's may not).
        assert entry.outcome is not None, f"{code}: add it to codes.HELP"
        assert entry.help != entry.description, code
    assert set(codes.HELP) == set(registry), "codes.HELP documents a code nobody declares"


def test_each_codemod_owns_one_hundred(registry: dict[str, codes.Code]) -> None:
    # The convention of findings.py: DLM0xx the guard, DLM1xx imports, DLM2xx io, DLM9xx files.
    hundreds: dict[str, set[str]] = {}
    for code, entry in registry.items():
        if code not in codes.TOOL_CODES:
            hundreds.setdefault(code[3], set()).update(entry.emitters)
    assert all(len(emitters) == 1 for emitters in hundreds.values()), hundreds
    assert not {"0", "9"} & set(hundreds), "DLM0xx and DLM9xx are the tools' codes"


class _Declares:
    def __init__(self, **declared: str) -> None:
        self.CODES = {code.replace("_", ""): text for code, text in declared.items()}


def test_a_code_declared_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="DLM301 is declared by both one and two"):
        codes.build([("one", _Declares(DLM_301="a")), ("two", _Declares(DLM_301="b"))])


def test_a_codemod_may_redeclare_a_tool_code_it_fixes() -> None:
    built = codes.build([("imports", _Declares(DLM_001="fixed: rewritten"))])
    assert built["DLM001"].emitters == ("guard", "imports")
    assert built["DLM001"].description == codes.TOOL_CODES["DLM001"]
    assert codes.descriptions(built)["DLM001"] == codes.TOOL_CODES["DLM001"]
    assert codes.descriptions(built, by_codemod=True)["DLM001"] == "fixed: rewritten"


@pytest.mark.parametrize("bad", ["DLM30", "DLM3001", "XYZ301", "dlm301"])
def test_a_malformed_code_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a finding code"):
        codes.build([("one", _Declares(**{bad: "text"}))])


def test_an_undocumented_code_falls_back_to_its_description() -> None:
    entry = codes.build([("one", _Declares(DLM_391="a fake"))])["DLM391"]
    assert (entry.outcome, entry.help, entry.fixed) == (None, "a fake", False)


def test_tool_codes_do_not_load_libcst() -> None:
    # The guard may read its rules (for SARIF) without paying for LibCST's import.
    script = (
        "import sys; from codemods.codes import tool_codes; "
        "print(sorted(tool_codes()), 'libcst' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    assert completed.stdout.split("]")[1].strip() == "False"
    assert completed.stdout.startswith(str(sorted(codes.TOOL_CODES)))


def test_list_codes_prints_the_registry(
    registry: dict[str, codes.Code], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--list-codes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{code}  {entry.description}" for code, entry in registry.items()]


def test_python_m_codemods_codes_lists_the_same(
    registry: dict[str, codes.Code], capsys: pytest.CaptureFixture[str]
) -> None:
    assert codes.main([]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"DLM001  {registry['DLM001'].description}"
    assert codes.main(["--markdown"]) == 0
    assert capsys.readouterr().out == codes.markdown(registry)


def test_outcomes_match_what_the_codemods_report_on_the_example(
    registry: dict[str, codes.Code],
) -> None:
    # "rewritten" in the registry must mean the codemods report the site as fixed, and the
    # reverse: checked on the bundled example, which has both kinds.
    config = load_config(EXAMPLE)
    seen: dict[str, set[bool]] = {}
    for path in sorted(EXAMPLE.rglob("*.py")):
        result = process_file(path, config, pipeline("all"), write=False)
        for finding in result.findings:
            seen.setdefault(finding.code, set()).add(finding.fixed)
    assert len(seen) >= 10, "the example must exercise both kinds of codes"
    assert {code: {registry[code].fixed} for code in seen} == seen


def test_sarif_rules_read_the_registry(registry: dict[str, codes.Code]) -> None:
    rules = codes.sarif_rules(registry)
    assert [rule["id"] for rule in rules] == list(registry)
    by_id = {rule["id"]: rule for rule in rules}
    assert by_id["DLM221"] == {
        "id": "DLM221",
        "shortDescription": {"text": registry["DLM221"].description},
        "fullDescription": {"text": registry["DLM221"].help},
        "help": {"text": registry["DLM221"].help, "markdown": registry["DLM221"].help},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"emitters": ["io"], "outcome": "left for a human"},
    }
    levels = {rule["id"]: rule["defaultConfiguration"]["level"] for rule in rules}
    assert (levels["DLM001"], levels["DLM201"], levels["DLM902"]) == ("error", "note", "error")


class _FakeCodemod:
    CODES: ClassVar[dict[str, str]] = {"DLM391": "fake"}


def test_registry_names_an_unregistered_codemod_by_its_class() -> None:
    assert codes.registry([_FakeCodemod])["DLM391"].emitters == ("_FakeCodemod",)


def test_markdown_cells_escape_what_would_break_the_table() -> None:
    built = codes.build([("one", _Declares(DLM_391="a <b> | c*d -> e"))])
    row = next(line for line in codes.markdown(built).splitlines() if "DLM391" in line)
    # A pipe is escaped everywhere; `<`, `>` and `*` only outside code spans.
    assert "| a &lt;b&gt; \\| c\\*d -&gt; e |" in row
    assert codes._cell("`x|y <z>` <z>") == "`x\\|y <z>` &lt;z&gt;"
