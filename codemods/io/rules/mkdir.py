"""`P.generation_dir(s, g).mkdir(parents=True, exist_ok=True)` (or `.parent.mkdir(...)` of a
file in it) -> `L.reserve_generation(s, g)`; on a path variable written right after, the driver
drops the mkdir instead (the layer's write creates the folder)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import libcst as cst

from codemods.io.rules.write_text import CODE_RESULT_USED
from codemods.io.shapes import CODE_OTHER_ARGUMENTS, Rejected, is_mkdir_parents_exist_ok
from codemods.io.sites import IOSite, Plan, RuleContext

CODE_RESERVE = "DLM205"


class Mkdir:
    """The generation folder's `mkdir(parents=True, exist_ok=True)` -> `L.reserve_generation`."""

    CODES: ClassVar[Mapping[str, str]] = {
        CODE_RESERVE: "rewritten: generation folder mkdir -> reserve_generation",
    }
    TRIGGERS: ClassVar[tuple[str, ...]] = (".mkdir", ".parent.mkdir")

    def plan(self, site: IOSite, context: RuleContext) -> Plan | Rejected:
        ref, call = site.ref, site.call
        via_parent = site.trigger == ".parent.mkdir"
        if via_parent == (ref.helper == "generation_dir"):
            # `generation_dir(...).parent` is the stage folder; a file's own mkdir is a mistake.
            return Rejected(
                CODE_OTHER_ARGUMENTS, "mkdir of a folder that is not the generation folder"
            )
        if not is_mkdir_parents_exist_ok(call):
            return Rejected(
                CODE_OTHER_ARGUMENTS, "mkdir without exactly parents=True, exist_ok=True"
            )
        if context.receivers.expression_statement(call) is None:
            return Rejected(CODE_RESULT_USED, "the result of mkdir is used")
        stage, gen_id = ref.stage, ref.gen_id

        def arguments(_node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
            return [stage, gen_id]

        return Plan(
            CODE_RESERVE,
            "reserve_generation",
            f"{ref.describe()}.mkdir(...)",
            call,
            arguments,
            collapsible=via_parent,
        )
