"""The corpus through the guard (exact line:col), and cross-checked against the import codemod."""

from __future__ import annotations

import pytest
from guard_corpus import CLEAN, CORPUS, FLAGGED, Snippet

from codemods.findings import LEGACY_REFERENCE
from codemods.imports import legacy_imports
from codemods.legacy.references import check_source
from codemods.module_names import module_for_file

from codemod_testing import CONFIG, run_codemod

SOURCE_ROOT = CONFIG.source_roots[0]


def filename(snippet: Snippet) -> str:
    return str((SOURCE_ROOT / snippet.module_path).resolve())


def guard(snippet: Snippet) -> list[tuple[int, int]]:
    path = filename(snippet)
    location = module_for_file(path, CONFIG.source_roots)
    findings = check_source(snippet.code.encode(), path, location, CONFIG)
    assert all(finding.code == LEGACY_REFERENCE for finding in findings), findings
    return [(finding.line, finding.column) for finding in findings]


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30
    assert len({snippet.id for snippet in CORPUS}) == len(CORPUS)
    assert len(FLAGGED) >= 15 and len(CLEAN) >= 15


@pytest.mark.parametrize("snippet", FLAGGED, ids=lambda snippet: snippet.id)
def test_flagged(snippet: Snippet) -> None:
    assert guard(snippet) == list(snippet.expected)


@pytest.mark.parametrize("snippet", CLEAN, ids=lambda snippet: snippet.id)
def test_clean(snippet: Snippet) -> None:
    assert guard(snippet) == []


@pytest.mark.parametrize("snippet", CORPUS, ids=lambda snippet: snippet.id)
def test_import_codemod_agrees(snippet: Snippet) -> None:
    """Whatever the guard flags, the import codemod rewrites or reports; whatever it passes, the
    codemod leaves byte-for-byte alone without a finding about the legacy module."""
    code, findings = run_codemod(
        legacy_imports.LegacyImportsCodemod, snippet.source, filename=filename(snippet)
    )
    # Prose (comments, docstrings, messages) is listed for a human, not a reference in code.
    unfixed = [f for f in findings if not f.fixed and f.code != legacy_imports.PROSE]
    if snippet.flagged:
        assert code != snippet.code or unfixed, "the codemod neither changed nor reported it"
        if code != snippet.code:
            path = filename(snippet)
            location = module_for_file(path, CONFIG.source_roots)
            assert check_source(code.encode(), path, location, CONFIG) == [] or unfixed
    else:
        assert code == snippet.code
        assert unfixed == [], [finding.format() for finding in unfixed]
