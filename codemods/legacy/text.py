"""The legacy module's names as patterns over source text, and source bytes decoded to text.

The one place that spells the legacy basename as a regular expression (the prefilter, the
detection's line narrowing and the import codemod's index all use these) and the one decoder
of the detection. Pure Python, imported on every commit.
"""

from __future__ import annotations

import ast
import re
import warnings
from functools import lru_cache


@lru_cache(maxsize=16)
def word(basename: str) -> re.Pattern[str]:
    """`paths` as a whole word (not `my_paths`, not `paths2`)."""
    return re.compile(r"(?<!\w)" + re.escape(basename) + r"(?!\w)")


@lru_cache(maxsize=16)
def word_bytes(basename: str) -> re.Pattern[bytes]:
    """`word` over raw bytes (the guard narrows before decoding)."""
    return re.compile(word(basename).pattern.encode())


@lru_cache(maxsize=16)
def dotted_bytes(basename: str) -> re.Pattern[bytes]:
    """`.paths` after a dot; `pkg . config . paths` is legal Python: blanks around the dot."""
    return re.compile(rb"\.[ \t]*" + re.escape(basename.encode()) + rb"(?!\w)")


@lru_cache(maxsize=16)
def mention(legacy: str) -> re.Pattern[str]:
    """The legacy module's dotted name in text (prose or code), not as the tail of another."""
    return re.compile(r"(?<![\w.])" + re.escape(legacy) + r"(?!\w)")


def has_lone_cr(source: str | bytes) -> bool:
    """True when a lone `\\r` (not before `\\n`) ends a line: the parser breaks lines there too,
    so lines counted by `\\n` would disagree with its line numbers."""
    if isinstance(source, bytes):
        if b"\r" not in source:
            return False
        source = source.decode("latin-1")  # one character per byte: the counts agree
    return "\r" in source and source.count("\r") != source.count("\r\n")


def parser_newlines(text: str) -> str:
    """`text` with every line ending the parser counts (`\\r\\n`, a lone `\\r`) as `\\n`."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(source: bytes) -> str:
    """`source` decoded as the interpreter decodes it (BOM, coding cookie, else UTF-8).

    Raises UnicodeDecodeError, LookupError or `SourceDecodeError` (a ValueError)."""
    # Fast path: no coding cookie in the first two lines means UTF-8 (PEP 3120); the runner's
    # decoder (with its imports) is loaded only for the rare file that declares one.
    head = source[:400].split(b"\n", 2)[:2]
    if any(b"coding" in line for line in head):
        from codemods.run.source import decode_source

        return decode_source(source)[0]
    text = source.decode("utf-8")
    return text[1:] if text.startswith("\ufeff") else text


def parse(text: str, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse` without the warnings compiling user code may emit (`"\\d"`: a Syntax- or
    DeprecationWarning). They are not ours to report, and under `-W error` they would turn a
    valid file into a parse failure. Raises what `ast.parse` raises."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return ast.parse(text, filename=filename)
