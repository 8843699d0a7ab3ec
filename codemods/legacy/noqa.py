"""`# noqa: DLM001`: the one meaning, for the guard, `report`, `all` and `shim remove`.

A reference on a line holding a real `# noqa` comment (a comment token: never text inside a
string) that lists DLM001 among its codes is not flagged by the guard, not rewritten by `all`,
not listed by `report` and does not block `shim remove`. For a reference spanning several lines
(a parenthesised import), the comment may stand on any of its lines. A bare `# noqa` does not
count: old code carries bare ones on exactly the imports the guard exists to block.
"""

from __future__ import annotations

import re

from codemods.findings import LEGACY_REFERENCE
from codemods.legacy.text import parser_newlines

_NOQA = r"#\s*noqa\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)"
_CODES = r"[\s,]+"


def noqa_lines(text: str, code: str = LEGACY_REFERENCE) -> frozenset[int]:
    """The 1-based lines whose comment is a `# noqa:` listing `code`."""
    # Tokenizing costs about a parse: only files with noqa-looking text pay for it.
    # The pattern is compiled on first use (re's cache): most runs of the guard never need it.
    if re.search(_NOQA, text, re.IGNORECASE) is None:
        return frozenset()
    import io
    import tokenize  # loaded only here: the guard's start-up stays as small as it was

    # The parser breaks lines at a lone `\r` too; tokenize must count alike.
    text = parser_newlines(text)
    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT and _lists(token.string, code):
                lines.add(token.start[0])
    except (tokenize.TokenError, SyntaxError):
        pass  # the parser already accepted the file; keep what was read before the error
    return frozenset(lines)


def suppressed(noqa: frozenset[int], first: int, last: int) -> bool:
    """A reference spanning lines `first`..`last` is silenced by a noqa on any of them."""
    return bool(noqa) and any(line in noqa for line in range(first, last + 1))


def _lists(comment: str, code: str) -> bool:
    return any(
        code in re.split(_CODES, match.group("codes").upper())
        for match in re.finditer(_NOQA, comment, re.IGNORECASE)
    )
