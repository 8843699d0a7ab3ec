"""Generated programs (hypothesmith): the IO codemod never crashes, what it writes compiles, a
second run changes nothing, and a program with no IO site comes out as the very tree it got.
Spliced beside generated code (which may rebind `Paths`, `json`, `open` or the layer variable's
names), field-shaped sites are rewritten or reported, the generated lines survive, and scope
analysis on the reduced module and on the whole one agree."""

from __future__ import annotations

import hypothesmith
import libcst as cst
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from io_cases import IMPORTS, SITES, whole_scope_module

from codemods.findings import Finding
from codemods.io.paths_io import PathsIOCodemod

from codemod_testing import CONFIG, FILENAME, fuzz_settings, run_tree

# hypothesmith compiles what it generates; odd programs (`1()`) warn.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

FUZZ = fuzz_settings(40)


def _run_tree(source: str) -> tuple[str, list[Finding], bool]:
    return run_tree(PathsIOCodemod, source)


def _compiles(source: str) -> bool:
    """Python compiles it, and LibCST prints its tree back unchanged (the runner refuses to
    rewrite a file LibCST does not round-trip: tests/cli/test_runner.py)."""
    try:
        compile(source, FILENAME, "exec", dont_inherit=True)
        return cst.parse_module(source).code == source
    except Exception:
        return False


def _keeps_lines(before: str, after: str) -> bool:
    """Every non-blank line of `before` is still in `after`, in order (lines may be added
    between; blank lines beside a removed import may merge)."""
    remaining = iter(after.splitlines())
    return all(
        any(line == other for other in remaining) for line in before.splitlines() if line.strip()
    )


@FUZZ
@given(source=hypothesmith.from_grammar())
def test_generated_programs(source: str) -> None:
    assume(_compiles(source))
    code, findings, same_tree = _run_tree(source)
    assert _compiles(code)
    if not PathsIOCodemod.may_apply(source.encode("utf-8", "surrogatepass"), CONFIG):
        assert same_tree
        assert findings == []
    if not same_tree:
        assert any(f.fixed for f in findings)


@FUZZ
@given(
    source=hypothesmith.from_grammar(),
    site=st.sampled_from(SITES),
    at_end=st.booleans(),
)
def test_generated_programs_beside_io_sites(source: str, site: str, at_end: bool) -> None:
    spliced = f"{IMPORTS}{source}\n\n{site}" if at_end else f"{IMPORTS}\n{site}\n{source}"
    assume(_compiles(spliced))
    code, findings, _ = _run_tree(spliced)
    assert _compiles(code)
    assert findings, "every spliced site is rewritten or reported"
    assert _keeps_lines(source, code), "the generated program is left as it was"
    again, _, _ = _run_tree(code)
    assert again == code, "not idempotent"
    # Scope analysis on the whole module gives the same (codemods/speedups/scope_module.py).
    with whole_scope_module():
        whole_code, whole_findings, _ = _run_tree(spliced)
    assert (whole_code, sorted(whole_findings)) == (code, sorted(findings))


@pytest.mark.parametrize("site", SITES)
def test_sites_alone_are_rewritten(site: str) -> None:
    code, findings, _ = _run_tree(IMPORTS + "\n\n" + site)
    body = code.split("\n\n", 1)[1]  # below the imports: no file IO is left
    assert not any(io in body for io in ("open(", "_text(", "mkdir(", "write_gen_raw("))
    assert findings and all(f.fixed for f in findings)
