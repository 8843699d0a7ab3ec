"""`P.raw_path(s, g).read_text(encoding="utf-8")` -> `L.read_raw(s, g)` (likewise prompt and
parsed), and `json.loads(P.metadata_path(s, g).read_text(...))` -> `L.read_main_metadata(s, g)`
(likewise raw and parsed metadata). A metadata read whose value is type-tested
(`isinstance(meta, dict)`) is left: the caller tolerates any JSON, `read_*_metadata` raises on
a non-object."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import libcst as cst

from codemods.io.shapes import (
    CODE_JSON_OPTIONS,
    METADATA_FILES,
    TEXT_FILES,
    Rejected,
    check_encoding,
    single_positional,
)
from codemods.io.sites import IOSite, Plan, RuleContext

CODE_TEXT_READ = "DLM203"
CODE_METADATA_READ = "DLM204"
#: Also reported by the write rule (a metadata file written from text).
CODE_METADATA_AS_TEXT = "DLM232"
#: Text IO on `P.generation_dir(...)` (a folder): refused by the write rule too.
ON_FOLDER = Rejected(CODE_METADATA_AS_TEXT, "text IO on the generation folder itself")
#: `read_*_metadata` raises on a list, string, number or null where `json.loads` returns it.
TOLERANT = (
    "metadata read whose value is type-tested (isinstance): the caller tolerates any JSON, "
    "read_*_metadata raises on a non-object"
)


class ReadText:
    """`path.read_text(encoding="utf-8")`, or `json.loads(...)` of it -> `L.read_<kind>(...)`."""

    CODES: ClassVar[Mapping[str, str]] = {
        CODE_TEXT_READ: "rewritten: text read -> read_prompt/raw/parsed",
        CODE_METADATA_READ: "rewritten: metadata read -> read_*_metadata",
        CODE_METADATA_AS_TEXT: "metadata file read or written as text (no layer equivalent)",
    }
    TRIGGERS: ClassVar[tuple[str, ...]] = (".read_text",)

    def plan(self, site: IOSite, context: RuleContext) -> Plan | Rejected:
        ref, call = site.ref, site.call
        if ref.helper == "generation_dir":
            return ON_FOLDER
        rejected = check_encoding(call.args, positional_slot=0)
        if rejected is not None:
            return rejected
        stage, gen_id = ref.stage, ref.gen_id

        def arguments(_node: cst.CSTNode) -> Sequence[cst.BaseExpression]:
            return [stage, gen_id]

        what = f"{ref.describe()}.read_text(...)"
        if ref.helper in TEXT_FILES:
            return Plan(CODE_TEXT_READ, f"read_{TEXT_FILES[ref.helper]}", what, call, arguments)
        receivers = context.receivers
        arg = receivers.parent(call)
        loads = receivers.parent(arg) if isinstance(arg, cst.Arg) else None
        if not (
            isinstance(loads, cst.Call) and receivers.qualified_name(loads.func) == "json.loads"
        ):
            return Rejected(
                CODE_METADATA_AS_TEXT, "metadata read as text: the layer reads it as a dict"
            )
        if single_positional(loads.args) is not call:
            return Rejected(CODE_JSON_OPTIONS, "json.loads options change the value read", at=loads)
        if receivers.type_tested(loads):
            return Rejected(CODE_METADATA_AS_TEXT, TOLERANT, at=loads, path_moves=True)
        return Plan(
            CODE_METADATA_READ,
            f"read_{METADATA_FILES[ref.helper]}_metadata",
            f"json.loads({what})",
            loads,
            arguments,
            drop_imports=(loads.func,),
        )
