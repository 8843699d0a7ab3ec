"""Move findings' line numbers from the code a codemod saw to the code the user will read.

The runner chains codemods on one tree, so the second one reports positions in the first one's
output. Lines are carried across each edit by a line diff: a line that is unchanged keeps its
column and moves with its block, and so does a line edited one for one; a line inside an edit
that changed the line count goes to the start of what replaced it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from difflib import SequenceMatcher

from codemods.findings import Finding


def relocate_findings(
    stages: Sequence[tuple[str, Sequence[Finding]]], target: str
) -> list[Finding]:
    """The findings of every `(code seen, findings)` stage, with lines in `target`'s coordinates."""
    relocated: list[Finding] = []
    target_lines = target.splitlines()
    for seen, findings in stages:
        if not findings:
            continue
        if seen == target:
            relocated.extend(findings)
            continue
        line_map = LineMap(seen.splitlines(), target_lines)
        relocated.extend(line_map.move(finding) for finding in findings)
    return relocated


class LineMap:
    """Maps 1-based line numbers of `before` to those of `after`."""

    def __init__(self, before: list[str], after: list[str]) -> None:
        self._opcodes = SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
        self._size = len(after)

    def move(self, finding: Finding) -> Finding:
        index = finding.line - 1
        for tag, i1, i2, j1, j2 in self._opcodes:
            if i1 <= index < i2:
                if tag == "equal" or i2 - i1 == j2 - j1:
                    # Same lines, or lines edited one for one (a rename): keep line and column.
                    return dataclasses.replace(finding, line=j1 + (index - i1) + 1)
                # Inside an edit that changed the line count, or a deletion: the first line of
                # what stands there now.
                line = min(j1, max(self._size - 1, 0)) + 1
                return dataclasses.replace(finding, line=line, column=1)
        return finding
