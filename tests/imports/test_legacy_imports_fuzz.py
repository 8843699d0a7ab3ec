"""Generated programs (hypothesmith): the import codemod never crashes, its output parses, and a
program without a legacy reference comes out unchanged."""

from __future__ import annotations

import hypothesmith
import libcst as cst
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from codemods.findings import Finding
from codemods.imports.legacy_imports import LegacyImportsCodemod

from codemod_testing import CONFIG, fuzz_settings, run_tree

# hypothesmith compiles what it generates; odd programs (`1()`) warn.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FUZZ = fuzz_settings(50)

SPLICES = [
    "from daydreaming_dagster.config.paths import Paths, RAW_FILENAME as RAW\n",
    "from ..config.paths import (\n    Paths,  # note\n)\n",
    "import daydreaming_dagster.config.paths\nx = daydreaming_dagster.config.paths.Paths('r')\n",
    "from ..config import paths as p\ny = p.Paths\n",
    "mock.patch('daydreaming_dagster.config.paths.Paths')\n",
]


def _run(source: str) -> tuple[str, list[Finding]]:
    code, findings, _same = _run_tree(source)
    return code, findings


def _run_tree(source: str) -> tuple[str, list[Finding], bool]:
    return run_tree(LegacyImportsCodemod, source)


def _parses(source: str) -> bool:
    try:
        cst.parse_module(source)
    except Exception:
        return False
    return True


@FUZZ
@given(source=hypothesmith.from_grammar())
def test_generated_programs(source: str) -> None:
    assume(_parses(source))
    code, findings, same_tree = _run_tree(source)
    cst.parse_module(code)
    if not LegacyImportsCodemod.may_apply(source.encode("utf-8", "surrogatepass"), CONFIG):
        # The tree itself comes back (LibCST does not print every odd layout back byte for
        # byte, e.g. "pass\n\n " prints as "pass\n ", so a runner must not reprint it).
        assert same_tree
        assert findings == []
    if not same_tree:
        assert any(f.fixed for f in findings)


@FUZZ
@given(
    source=hypothesmith.from_grammar(),
    splice=st.sampled_from(SPLICES),
    at_end=st.booleans(),
)
def test_generated_programs_with_a_legacy_import(source: str, splice: str, at_end: bool) -> None:
    spliced = f"{source}\n{splice}" if at_end else f"{splice}{source}"
    assume(_parses(spliced))
    code, findings = _run(spliced)
    cst.parse_module(code)
    assert findings, "a spliced legacy reference is rewritten or reported"
    again, _ = _run(code)
    assert again == code


@pytest.mark.parametrize("splice", SPLICES)
def test_splices_alone_are_rewritten(splice: str) -> None:
    code, findings = _run(splice)
    assert "daydreaming_dagster.config.paths" not in code
    assert findings and all(f.fixed for f in findings if f.code != "DLM103")
