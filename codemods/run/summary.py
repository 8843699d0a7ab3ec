"""What a run did, counted and formatted: the closing summary and the `report` listing.

Pure Python (no LibCST import): works on `FileResult`-shaped values and `Finding`s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codemods.findings import Finding

if TYPE_CHECKING:
    from codemods.run.runner import FileResult


@dataclass
class Summary:
    """Counts over the results of one run."""

    scanned: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    rewritten: Counter[str] = field(default_factory=Counter)
    left: Counter[str] = field(default_factory=Counter)

    def add(self, result: FileResult) -> None:
        """Count one file's result."""
        self.scanned += 1
        self.statuses[result.status] += 1
        for finding in result.findings:
            (self.rewritten if finding.fixed else self.left)[finding.code] += 1

    @property
    def changed(self) -> int:
        return self.statuses["changed"]

    @property
    def failed(self) -> int:
        return self.statuses["failed"]

    @property
    def sites_left(self) -> int:
        """Sites left for a human, not counting files that could not be processed."""
        return sum(count for code, count in self.left.items() if not code.startswith("DLM9"))

    def as_dict(self) -> dict[str, int]:
        """The counts under stable keys: the `summary` of `report --output-format json`."""
        return {
            "scanned": self.scanned,
            "skipped": self.statuses["skipped"],
            "would_change": self.changed,
            "unchanged": self.statuses["unchanged"],
            "failed": self.failed,
            "fixable": sum(self.rewritten.values()),
            "needs_human": self.sites_left,
        }

    def format(self, codes: Mapping[str, str], *, dry_run: bool) -> str:
        """The closing summary, a few lines of text."""
        changed = "would change" if dry_run else "changed"
        rewritten = "to rewrite" if dry_run else "rewritten"
        lines = [
            f"{_plural(self.scanned, 'file')} scanned: "
            f"{self.statuses['skipped']} skipped by the pre-filter, "
            f"{self.changed} {changed}, {self.statuses['unchanged']} unchanged, "
            f"{self.failed} failed."
        ]
        lines.append(f"Sites {rewritten}: {_by_code(self.rewritten, codes)}")
        left = Counter({c: n for c, n in self.left.items() if not c.startswith("DLM9")})
        lines.append(f"Sites left for a human: {_by_code(left, codes)}")
        return "\n".join(lines)


def _by_code(counts: Counter[str], codes: Mapping[str, str]) -> str:
    total = sum(counts.values())
    lines = [str(total)]
    width = len(str(max(counts.values(), default=0)))
    for code in sorted(counts):
        lines.append(f"  {code} {counts[code]:>{width}}  {codes.get(code, '?')}")
    return "\n".join(lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def report_entries(
    results: Iterable[FileResult], display: Callable[[Path], str]
) -> dict[str, list[Finding]]:
    """Findings grouped by displayed file path (files in path order, findings in line order)."""
    grouped: dict[str, list[Finding]] = {}
    for result in sorted(results, key=lambda r: r.path):
        if result.findings:
            shown = display(result.path)
            grouped[shown] = sorted(
                Finding(shown, f.line, f.column, f.code, f.message, f.fixed)
                for f in result.findings
            )
    return grouped


def format_report_text(grouped: Mapping[str, list[Finding]], codes: Mapping[str, str]) -> str:
    """`report` as text: one block per file, one line per site with its kind and reason."""
    blocks: list[str] = []
    for path, findings in grouped.items():
        lines = [path]
        for finding in findings:
            action = "auto " if finding.fixed else "HUMAN"
            kind = codes.get(finding.code, finding.code)
            lines.append(
                f"  {finding.line}:{finding.column}: {finding.code} [{action}] {kind}: "
                f"{finding.one_line_message}"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
