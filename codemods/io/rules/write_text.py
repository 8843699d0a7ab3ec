"""`P.raw_path(s, g).write_text(text, encoding="utf-8")` -> `L.write_raw(s, g, text)` (likewise
prompt and parsed), and `P.metadata_path(s, g).write_text(json.dumps(d, indent=2), ...)` ->
`L.write_main_metadata(s, g, d)` (likewise raw and parsed metadata)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import libcst as cst

from codemods.io.rules.read_text import CODE_METADATA_AS_TEXT, ON_FOLDER
from codemods.io.shapes import (
    CODE_OTHER_ARGUMENTS,
    METADATA_FILES,
    TEXT_FILES,
    DumpsOptions,
    Rejected,
    check_dumps,
    check_encoding,
    is_simple_value,
)
from codemods.io.sites import IOSite, Plan, RuleContext

CODE_TEXT_WRITE = "DLM201"
CODE_METADATA_WRITE = "DLM202"
#: Also reported by other rules whose call returns something the layer's does not.
CODE_RESULT_USED = "DLM226"


class WriteText:
    """`path.write_text(payload, encoding="utf-8")` as its statement -> `L.write_<kind>(...)`."""

    CODES: ClassVar[Mapping[str, str]] = {
        CODE_TEXT_WRITE: "rewritten: text write -> write_prompt/raw/parsed",
        CODE_METADATA_WRITE: "rewritten: metadata write -> write_*_metadata",
        CODE_RESULT_USED: "the result of a write is used (the layer returns something else)",
    }
    TRIGGERS: ClassVar[tuple[str, ...]] = (".write_text",)

    def plan(self, site: IOSite, context: RuleContext) -> Plan | Rejected:
        ref, call = site.ref, site.call
        if ref.helper == "generation_dir":
            return ON_FOLDER
        statement = context.receivers.expression_statement(call)
        if statement is None:
            return Rejected(
                CODE_RESULT_USED,
                "write_text returns a character count; the layer returns the file path",
            )
        rejected: Rejected | None = Rejected(
            CODE_OTHER_ARGUMENTS, "write_text without a positional payload"
        )
        if call.args and call.args[0].keyword is None and not call.args[0].star:
            rejected = check_encoding(call.args, positional_slot=1)
        if rejected is not None:
            return rejected
        payload = call.args[0].value
        stage, gen_id = ref.stage, ref.gen_id
        what = f"{ref.describe()}.write_text(...)"
        if ref.helper in TEXT_FILES:

            def text_arguments(node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
                assert isinstance(node, cst.Call)
                return [stage, gen_id, node.args[0].value]

            return Plan(
                CODE_TEXT_WRITE,
                f"write_{TEXT_FILES[ref.helper]}",
                what,
                call,
                text_arguments,
                creates_folder=statement if is_simple_value(payload) else None,
            )
        dumps = _dumps_of(payload, context)
        if isinstance(dumps, Rejected):
            return dumps
        assert isinstance(payload, cst.Call)

        def metadata_arguments(node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
            assert isinstance(node, cst.Call)
            inner = node.args[0].value
            assert isinstance(inner, cst.Call)
            data = inner.args[0].value  # check_dumps allows the payload alone, positionally
            return [stage, gen_id, data]

        return Plan(
            CODE_METADATA_WRITE,
            f"write_{METADATA_FILES[ref.helper]}_metadata",
            what,
            call,
            metadata_arguments,
            drop_imports=(payload.func,),
            creates_folder=statement if is_simple_value(dumps.obj) else None,
        )


def _dumps_of(payload: cst.BaseExpression, context: RuleContext) -> DumpsOptions | Rejected:
    if (
        isinstance(payload, cst.Call)
        and context.receivers.qualified_name(payload.func) == "json.dumps"
    ):
        return check_dumps(payload)
    return Rejected(CODE_METADATA_AS_TEXT, "metadata written from text, not json.dumps(...)")
