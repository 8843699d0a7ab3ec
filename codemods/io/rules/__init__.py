"""The rules of the IO codemod, one shape per module, listed here once: the driver's planner
(`codemods/io/planner.py`) dispatches each IO site on a generation path through `SITE_RULES`
and offers every other call to `CALL_RULES`.

A rule declares its finding codes (`CODES`), matches a site and returns a `Plan` (the edit) or a
`Rejected` (code and reason): see the protocols in `codemods/io/sites.py`. To add a shape, write
`rules/<shape>.py` and its `tests/io/rules/test_<shape>.py`, and list the rule below.
"""

from __future__ import annotations

from collections.abc import Mapping

from codemods.io.rules.gens_helpers import GensHelpers
from codemods.io.rules.mkdir import Mkdir
from codemods.io.rules.open_with import OpenWith
from codemods.io.rules.read_text import ReadText
from codemods.io.rules.write_text import WriteText
from codemods.io.sites import CallRule, SiteRule

#: Rules for IO on a path helper's result (`P.raw_path(s, g).write_text(...)`, `open(...)`).
PATH_RULES: tuple[SiteRule, ...] = (WriteText(), ReadText(), Mkdir(), OpenWith())
#: Rules for other calls (the legacy gens helpers, given the gens root).
CALL_RULES: tuple[CallRule, ...] = (GensHelpers(),)

#: How a path is used -> the rule for that use.
SITE_RULES: Mapping[str, SiteRule] = {
    trigger: rule for rule in PATH_RULES for trigger in rule.TRIGGERS
}
