"""The checks several rules of the IO codemod share: which arguments of `write_text`,
`read_text`, `json.dumps` and `mkdir` keep a rewrite byte-for-byte equivalent to the layer call,
the codes of the refusals rules share, and the legacy -> layer name tables.

Pure functions on LibCST nodes (no metadata): the rules (`codemods/io/rules/`) call them to
decide whether a site's arguments allow the rewrite, and to name the reason when they do not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import libcst as cst

# The codes of the argument checks below, which several rules share (each rule declares its own).
CODE_ENCODING_MISSING = "DLM221"
CODE_ENCODING_NOT_UTF8 = "DLM222"
CODE_OTHER_ARGUMENTS = "DLM223"
CODE_JSON_OPTIONS = "DLM225"
CODES: Mapping[str, str] = {
    CODE_ENCODING_MISSING: "text IO without encoding= (platform default)",
    CODE_ENCODING_NOT_UTF8: "text IO with an encoding that is not UTF-8",
    CODE_OTHER_ARGUMENTS: "errors=, newline=, buffering or */** arguments",
    CODE_JSON_OPTIONS: "json.dumps/json.loads options that change the data or bytes",
}

#: Legacy `Paths` method -> the layer's path helper for the same file (note the naming of
#: `metadata_path`: the layer calls that file "main metadata").
PATH_HELPERS: dict[str, str] = {
    "generation_dir": "generation_dir",
    "prompt_path": "prompt_path",
    "raw_path": "raw_path",
    "parsed_path": "parsed_path",
    "metadata_path": "main_metadata_path",
    "raw_metadata_path": "raw_metadata_path",
    "parsed_metadata_path": "parsed_metadata_path",
}
#: Text files: legacy path helper -> the layer's file kind (`write_<kind>`, `read_<kind>`).
TEXT_FILES: dict[str, str] = {"prompt_path": "prompt", "raw_path": "raw", "parsed_path": "parsed"}
#: Metadata files: legacy path helper -> kind (`write_<kind>_metadata`, `read_<kind>_metadata`).
METADATA_FILES: dict[str, str] = {
    "metadata_path": "main",
    "raw_metadata_path": "raw",
    "parsed_metadata_path": "parsed",
}
#: Legacy gens helpers taking `(gens_root, stage, gen_id, payload)` -> the layer method.
GENS_WRITE_HELPERS: dict[str, str] = {
    "write_gen_raw": "write_raw",
    "write_gen_parsed": "write_parsed",
    "write_gen_prompt": "write_prompt",
    "write_gen_metadata": "write_main_metadata",
}
#: The legacy loader taking `(gens_root, stage, gen_id)`; the layer method has the same name.
GENS_LOAD_HELPER = "load_generation"
#: The layer constructor keyed on a gens folder (what the legacy helpers take), for a gens root
#: that is not provably a data root's.
GENS_FOLDER_CONSTRUCTOR = "from_gens_root"

#: Spellings of UTF-8 accepted as an explicit `encoding=` (Python normalises case, `-` and `_`).
_UTF8 = frozenset({"utf8", "utf-8", "utf_8"})


@dataclass(frozen=True)
class Rejected:
    """Why a site's arguments do not allow the rewrite: a finding code and a reason."""

    code: str
    reason: str
    #: Where the finding goes, when not at the site itself (the `json.loads` around a read).
    at: cst.CSTNode | None = None
    #: The IO stays for a human, but its path moves to the layer (`L.main_metadata_path(s, g)`
    #: is the same `Path`): a partial migration that is provably equal.
    path_moves: bool = False


def is_utf8_literal(node: cst.BaseExpression) -> bool:
    """True for a plain string literal that names UTF-8 (`"utf-8"`, `'UTF8'`, `"utf_8"`)."""
    if not isinstance(node, cst.SimpleString):
        return False
    value = node.evaluated_value
    return isinstance(value, str) and value.lower() in _UTF8


def keyword(arg: cst.Arg) -> str | None:
    """The keyword of `arg` (`encoding` in `encoding="utf-8"`), None for a positional one."""
    return arg.keyword.value if arg.keyword is not None else None


def has_star(args: Sequence[cst.Arg]) -> bool:
    """True when an argument is `*x` or `**x`: its contents cannot be checked."""
    return any(arg.star for arg in args)


def check_encoding(
    args: Sequence[cst.Arg], *, positional_slot: int, allowed: frozenset[str] = frozenset()
) -> Rejected | None:
    """None when `args` pass exactly UTF-8 as the encoding (keyword, or positional at
    `positional_slot`) and nothing else but the keywords in `allowed`; else the reason."""

    if has_star(args):
        return Rejected(CODE_OTHER_ARGUMENTS, "arguments passed with * or **")
    positional = [arg for arg in args if arg.keyword is None]
    keywords = {keyword(arg): arg for arg in args if arg.keyword is not None}
    extra = sorted(str(name) for name in keywords if name != "encoding" and name not in allowed)
    if len(positional) > positional_slot + 1 or extra:
        named = ", ".join(f"{name}=" for name in extra) or "an extra positional argument"
        return Rejected(CODE_OTHER_ARGUMENTS, f"{named} changes how the file is read or written")
    encoding: cst.BaseExpression | None = None
    if len(positional) == positional_slot + 1:
        encoding = positional[positional_slot].value
    elif "encoding" in keywords:
        encoding = keywords["encoding"].value
    if encoding is None:
        return Rejected(
            CODE_ENCODING_MISSING, "no encoding= (the platform default is not provably UTF-8)"
        )
    if not is_utf8_literal(encoding):
        return Rejected(CODE_ENCODING_NOT_UTF8, "encoding is not a UTF-8 string literal")
    return None


def single_positional(args: Sequence[cst.Arg]) -> cst.BaseExpression | None:
    """The argument of a call that has exactly one positional argument and nothing else."""
    if len(args) == 1 and args[0].keyword is None and not args[0].star:
        return args[0].value
    return None


@dataclass(frozen=True)
class DumpsOptions:
    """A `json.dumps(obj, ...)` whose output the layer's metadata writer reproduces."""

    obj: cst.BaseExpression


def check_dumps(call: cst.Call) -> DumpsOptions | Rejected:
    """`json.dumps(d, indent=2)` or `json.dumps(d, ensure_ascii=False, indent=2)` (any order);
    anything that changes the parsed JSON or its layout (other indent, sort_keys, default=, cls=,
    separators=, **kwargs) is rejected."""

    args = call.args
    if has_star(args):
        return Rejected(CODE_JSON_OPTIONS, "json.dumps(**options) cannot be checked")
    positional = [arg for arg in args if arg.keyword is None]
    if len(positional) != 1:
        return Rejected(CODE_JSON_OPTIONS, "json.dumps takes extra positional arguments")
    indent: cst.BaseExpression | None = None
    for arg in args:
        name = keyword(arg)
        if name is None:
            continue
        if name == "indent":
            indent = arg.value
        elif name == "ensure_ascii":
            # Either value gives the same parsed JSON (the layer writes non-ASCII as UTF-8); only
            # a literal is dropped safely, an expression could have side effects.
            if not (isinstance(arg.value, cst.Name) and arg.value.value in ("True", "False")):
                return Rejected(CODE_JSON_OPTIONS, "ensure_ascii is not a literal")
        else:
            return Rejected(CODE_JSON_OPTIONS, f"json.dumps({name}=...) changes the bytes written")
    if not (isinstance(indent, cst.Integer) and indent.evaluated_value == 2):
        return Rejected(CODE_JSON_OPTIONS, "json.dumps without indent=2 writes a different layout")
    return DumpsOptions(positional[0].value)


def check_dump(call: cst.Call, handle: str) -> DumpsOptions | Rejected:
    """`json.dump(d, <handle>, ...)` with the options `check_dumps` accepts."""

    positional = [arg for arg in call.args if arg.keyword is None]
    if (
        has_star(call.args)
        or len(positional) != 2
        or not isinstance(positional[1].value, cst.Name)
        or positional[1].value.value != handle
    ):
        return Rejected(CODE_JSON_OPTIONS, "json.dump arguments are not (data, handle, ...)")
    without_handle = call.with_changes(args=[arg for arg in call.args if arg is not positional[1]])
    return check_dumps(without_handle)


def is_mkdir_parents_exist_ok(call: cst.Call) -> bool:
    """True for `.mkdir(parents=True, exist_ok=True)` in any order and nothing else."""
    if len(call.args) != 2 or has_star(call.args):
        return False
    seen = {keyword(arg): arg.value for arg in call.args}
    return set(seen) == {"parents", "exist_ok"} and all(
        isinstance(value, cst.Name) and value.value == "True" for value in seen.values()
    )


def is_simple_value(node: cst.BaseExpression) -> bool:
    """A name, a dotted attribute of a name, or a literal: evaluating it has no side effect and
    cannot raise once it has been evaluated before, so it may move or be evaluated again."""
    if isinstance(node, cst.Name | cst.SimpleString | cst.Integer | cst.Float):
        return True
    if isinstance(node, cst.Attribute):
        return is_simple_value(node.value)
    return False


#: Names that are JSON literals (keywords: they cannot be shadowed).
_JSON_CONSTANTS = frozenset({"True", "False", "None"})


def is_json_literal(node: cst.BaseExpression, *, key: bool = False) -> bool:
    """A dict or list display of literals (str, number, True/False/None, nested displays):
    evaluating it cannot raise, and `json.dump` serialises it without error (with the default
    allow_nan, an overflowing float is `Infinity` either way). A key must be a scalar."""
    if isinstance(node, cst.SimpleString):
        return isinstance(node.evaluated_value, str)
    if isinstance(node, cst.ConcatenatedString):
        return isinstance(node.evaluated_value, str)
    if isinstance(node, cst.Integer | cst.Float):
        return True
    if isinstance(node, cst.Name):
        return node.value in _JSON_CONSTANTS
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Minus) and isinstance(
            node.expression, cst.Integer | cst.Float
        )
    if key:
        return False
    if isinstance(node, cst.List):
        return all(
            isinstance(element, cst.Element) and is_json_literal(element.value)
            for element in node.elements
        )
    if isinstance(node, cst.Dict):
        return all(
            isinstance(element, cst.DictElement)
            and is_json_literal(element.key, key=True)
            and is_json_literal(element.value)
            for element in node.elements
        )
    return False
