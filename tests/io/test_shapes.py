"""The argument checks the IO rules share (codemods/io/shapes.py), on the call alone: which
arguments keep a rewrite equivalent, and the code of each refusal. The rules' tables show the
same refusals in whole files (tests/io/rules/)."""

from __future__ import annotations

import libcst as cst
import pytest

from codemods.io import shapes
from codemods.io.shapes import (
    Rejected,
    check_dump,
    check_dumps,
    check_encoding,
    is_mkdir_parents_exist_ok,
    is_simple_value,
)


def _call(source: str) -> cst.Call:
    node = cst.parse_expression(source)
    assert isinstance(node, cst.Call)
    return node


def _code(result: object) -> str | None:
    return result.code if isinstance(result, Rejected) else None


#: (id, a write_text call (encoding at positional slot 1), the code, None when accepted).
WRITE_ENCODINGS = (
    ("keyword-utf8", 'p.write_text(t, encoding="utf-8")', None),
    ("positional-utf8", 'p.write_text(t, "UTF8")', None),
    ("underscore-utf8", 'p.write_text(t, encoding="utf_8")', None),
    ("missing", "p.write_text(t)", "DLM221"),
    ("latin-1", 'p.write_text(t, encoding="latin-1")', "DLM222"),
    ("variable", "p.write_text(t, encoding=e)", "DLM222"),
    ("utf-8-sig", 'p.write_text(t, encoding="utf-8-sig")', "DLM222"),
    ("newline", 'p.write_text(t, encoding="utf-8", newline="")', "DLM223"),
    ("errors", 'p.write_text(t, encoding="utf-8", errors="replace")', "DLM223"),
    ("star-args", 'p.write_text(t, *rest, encoding="utf-8")', "DLM223"),
    ("kwargs", "p.write_text(t, **options)", "DLM223"),
    ("extra-positional", 'p.write_text(t, "utf-8", "strict")', "DLM223"),
)


@pytest.mark.parametrize(
    ("source", "code"), [pytest.param(s, c, id=i) for i, s, c in WRITE_ENCODINGS]
)
def test_check_encoding(source: str, code: str | None) -> None:
    assert _code(check_encoding(_call(source).args, positional_slot=1)) == code


#: (id, a json.dumps call, the code, None when the layer's metadata writer reproduces it).
DUMPS = (
    ("indent-2", "json.dumps(d, indent=2)", None),
    ("ensure-ascii-literal", "json.dumps(d, ensure_ascii=False, indent=2)", None),
    ("no-indent", "json.dumps(d)", "DLM225"),
    ("indent-4", "json.dumps(d, indent=4)", "DLM225"),
    ("sort-keys", "json.dumps(d, indent=2, sort_keys=True)", "DLM225"),
    ("default", "json.dumps(d, indent=2, default=str)", "DLM225"),
    ("kwargs", "json.dumps(d, **options)", "DLM225"),
    ("ensure-ascii-expression", "json.dumps(d, ensure_ascii=f(), indent=2)", "DLM225"),
    ("extra-positional", "json.dumps(d, e, indent=2)", "DLM225"),
)


@pytest.mark.parametrize(("source", "code"), [pytest.param(s, c, id=i) for i, s, c in DUMPS])
def test_check_dumps(source: str, code: str | None) -> None:
    assert _code(check_dumps(_call(source))) == code


def test_check_dump_takes_the_handle_second() -> None:
    accepted = check_dump(_call("json.dump(d, f, indent=2)"), "f")
    assert isinstance(accepted, shapes.DumpsOptions)
    assert isinstance(accepted.obj, cst.Name) and accepted.obj.value == "d"
    assert _code(check_dump(_call("json.dump(d, g, indent=2)"), "f")) == "DLM225"
    assert _code(check_dump(_call("json.dump(d, f)"), "f")) == "DLM225"


@pytest.mark.parametrize(
    ("source", "accepted"),
    [
        pytest.param("p.mkdir(parents=True, exist_ok=True)", True, id="both"),
        pytest.param("p.mkdir(exist_ok=True, parents=True)", True, id="any-order"),
        pytest.param("p.mkdir(parents=True)", False, id="parents-only"),
        pytest.param("p.mkdir(parents=True, exist_ok=False)", False, id="exist-ok-false"),
        pytest.param("p.mkdir(**options)", False, id="kwargs"),
    ],
)
def test_mkdir_parents_exist_ok(source: str, accepted: bool) -> None:
    assert is_mkdir_parents_exist_ok(_call(source)) is accepted


@pytest.mark.parametrize(
    ("source", "simple"),
    [
        pytest.param("text", True, id="name"),
        pytest.param("self.text", True, id="attribute"),
        pytest.param('"x"', True, id="literal"),
        pytest.param("f(text)", False, id="call"),
        pytest.param("text + other", False, id="operation"),
        pytest.param("items[0]", False, id="subscript"),
    ],
)
def test_is_simple_value(source: str, simple: bool) -> None:
    assert is_simple_value(cst.parse_expression(source)) is simple


def test_codes_are_exercised() -> None:
    seen = {code for *_, code in (*WRITE_ENCODINGS, *DUMPS) if code is not None}
    assert seen == set(shapes.CODES)
