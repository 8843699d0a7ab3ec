"""Findings: sites a codemod rewrote or left for a human, with a stable code, file, line and reason.

Codes by range: DLM0xx the guard (a legacy reference), DLM1xx the import codemod, DLM2xx the IO
codemod, DLM9xx files that could not be processed. `CODES` below are the tools' own; each codemod
declares its codes in its `CODES`, and `codemods/codes.py` joins them into the one registry (with
each code's help text) that `--list-codes`, docs/codes.md and SARIF output read.
"""

from __future__ import annotations

from dataclasses import dataclass

LEGACY_REFERENCE = "DLM001"
UNDECODABLE = "DLM901"
UNPARSABLE = "DLM902"
INTERNAL_ERROR = "DLM903"
READ_ONLY = "DLM904"

CODES: dict[str, str] = {
    LEGACY_REFERENCE: "reference to the legacy module",
    UNDECODABLE: "file cannot be decoded; left untouched",
    UNPARSABLE: "file cannot be parsed; left untouched",
    INTERNAL_ERROR: "internal error while processing the file; left untouched",
    READ_ONLY: "file is read-only; not rewritten unless --force",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One site: `path:line:col: CODE message`. Line and column are 1-based, as editors count."""

    path: str
    line: int
    column: int
    code: str
    message: str
    #: True when the codemod rewrote the site; False when it is left for a human.
    fixed: bool = False
    #: Where the site ends (1-based, inclusive line, exclusive column), when known.
    end_line: int | None = None
    end_column: int | None = None
    #: What the site becomes (or should become), e.g. the import that replaces a legacy one.
    replacement: str | None = None

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} {self.one_line_message}"

    @property
    def one_line_message(self) -> str:
        """The message on one line: one quoting code that spans lines would otherwise break the
        text output's one finding a line (json, github and sarif carry the message as it is)."""
        return " ".join(self.message.splitlines())
