"""The one registry of finding codes: what each means, who reports it, what to do about it.

Built from the tool codes of `codemods/findings.py` and each registered codemod's `CODES`; the
help text and outcome of each code are kept here. `--list-codes`, the run summary, the code
tables of `docs/codes.md` (`python -m codemods.codes --markdown > docs/codes.md`) and SARIF
rules (`sarif_rules`) all read it. `tool_codes()` stays LibCST-free for the guard.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from codemods.findings import CODES as TOOL_CODES

Outcome = Literal["rewritten", "left for a human", "file untouched"]

#: What a well-formed code looks like: `DLM` and three digits, the hundred naming its emitter.
CODE_PATTERN = re.compile(r"DLM[0-9]{3}")

#: Who reports each tool code (the codemods' codes are named after their registry entry).
TOOL_EMITTERS: dict[str, tuple[str, ...]] = {
    "DLM001": ("guard",),
    "DLM901": ("guard", "runner"),
    "DLM902": ("guard", "runner"),
    "DLM903": ("runner",),
    "DLM904": ("runner",),
}

_TOOL_NAMES = frozenset(name for names in TOOL_EMITTERS.values() for name in names) | {"tool"}

#: How the tables of docs/codes.md name an emitter; one missing here is shown by its name.
EMITTER_LABELS: dict[str, str] = {
    "guard": "guard",
    "runner": "`all` `imports` `io` `report`",
    "imports": "`imports`",
    "io": "`io`",
}


@dataclass(frozen=True)
class Help:
    """The part of a code's entry written for people: its outcome and what to do."""

    outcome: Outcome
    text: str


#: Every code's outcome and help text. A code missing here still lists (its help is then its
#: one-line description), but tests/docs/test_codes_doc.py fails for a registered codemod's code.
HELP: dict[str, Help] = {
    "DLM001": Help(
        "rewritten",
        "A reference to the legacy module in any form Python resolves: an import, a dotted use "
        "through an imported parent package, a string resolved at run time (`import_module`, "
        "`mock.patch`, a string annotation...). The `imports` codemod rewrites it to the new "
        "paths module (a fixed finding); the guard reports it and fails. A site that must stay "
        "is silenced with `# noqa: DLM001` on its line (a bare `# noqa` does not).",
    ),
    "DLM101": Help(
        "left for a human",
        "`from <legacy> import *`: the names it binds cannot be checked against the new module. "
        "Import the names you use from the new paths module.",
    ),
    "DLM102": Help(
        "left for a human",
        "A name the new paths module does not export (`from <legacy> import _helper`, "
        '`paths._helper`, `patch("<legacy>.os")`); the whole statement is left as it is, never '
        "half-rewritten. Move the helper, or import it from where it now lives.",
    ),
    "DLM103": Help(
        "left for a human",
        "The legacy module named in a comment, docstring, message or f-string. Update the prose.",
    ),
    "DLM104": Help(
        "left for a human",
        "A reference that cannot be rewritten safely: a module object passed to "
        "`getattr`/`setattr` with a computed name, a string annotation that is not a plain dotted "
        "name, the legacy module reached as an attribute of its package, a string naming it in "
        "an unknown role, `__import__(<legacy>)` without `fromlist`, a relative import in a file "
        "with no module name, the new module importing the legacy one, a module object passed "
        "to `importlib.reload`. An import whose use is left is kept and reported too, so the "
        "file keeps working; so is every import of the legacy module while a use left as is "
        "finds the module only once imported (`c.paths`, `sys.modules[...]`, a string of "
        "unknown role): the finding on the import names that use. Rewrite by hand.",
    ),
    "DLM201": Help(
        "rewritten",
        "A text write (`write_text`, `open(..., 'w')` + `f.write`) of `prompt`, `raw` or "
        "`parsed` became `write_prompt` / `write_raw` / `write_parsed`.",
    ),
    "DLM202": Help(
        "rewritten",
        "A metadata write (`write_text(json.dumps(...))`, `json.dump`) became "
        "`write_main_metadata` / `write_raw_metadata` / `write_parsed_metadata`.",
    ),
    "DLM203": Help(
        "rewritten",
        "A text read (`read_text`, `open()` + `f.read()`) became `read_prompt` / `read_raw` / "
        "`read_parsed`.",
    ),
    "DLM204": Help(
        "rewritten",
        "A metadata read (`json.loads(... .read_text())`, `json.load(f)`) became "
        "`read_*_metadata`.",
    ),
    "DLM205": Help(
        "rewritten",
        "`paths.generation_dir(s, g).mkdir(parents=True, exist_ok=True)` became "
        "`reserve_generation(s, g)`.",
    ),
    "DLM206": Help(
        "rewritten",
        "A legacy `write_gen_*` / `load_generation` helper call became the layer's method: on "
        "`<Paths>.gens_root`'s layer, or on `GensDataLayer.from_gens_root(R)` for any other gens "
        "folder `R` (it builds `Path(R) / stage / gen_id` as the helpers do). A write whose "
        "result is used gets `.parent` (the helper returns the folder, the layer the file).",
    ),
    "DLM207": Help(
        "rewritten",
        "A `Paths` path helper (or the `Paths` binding itself) moved to the layer "
        "(`metadata_path` -> `main_metadata_path`, `Paths.from_context` -> "
        "`GensDataLayer.from_context`), also the path of a tolerant metadata read whose read "
        "stays (DLM232).",
    ),
    "DLM208": Help(
        "rewritten",
        "A redundant `out.parent.mkdir(...)` before a rewritten write, or a path variable used "
        "only for IO, was removed.",
    ),
    "DLM220": Help(
        "left for a human",
        "IO through a path helper on a receiver that is not provably a `Paths` (`self.paths`, an "
        "unannotated parameter, a name rebound to another root or not by plain assignments). "
        "`L.paths` of a local layer `L` and a local bound more than once to the same constructor "
        "call are provable.",
    ),
    "DLM221": Help(
        "left for a human",
        "Text IO without `encoding=`: the platform default is not provably UTF-8. Add "
        '`encoding="utf-8"` if that is what you meant, then re-run.',
    ),
    "DLM222": Help(
        "left for a human",
        'An encoding that is not a UTF-8 string literal (`"latin-1"`, a variable, '
        '`"utf-8-sig"`): the layer reads and writes UTF-8 only.',
    ),
    "DLM223": Help(
        "left for a human",
        "`errors=`, `newline=`, `buffering`, `*args` / `**kwargs`, or a `mkdir` that is not "
        "`parents=True, exist_ok=True` on the generation folder.",
    ),
    "DLM224": Help(
        "left for a human",
        'An `open()` mode with no layer equivalent (`"a"`, `"wb"`, `"r+"`, a non-literal mode).',
    ),
    "DLM225": Help(
        "left for a human",
        "`json.dumps` options that change the layout or data (`sort_keys`, `indent=4`, no indent, "
        "`default=`, `cls=`, `separators=`, `**options`), or `json.loads(..., parse_float=...)`.",
    ),
    "DLM226": Help(
        "left for a human",
        "A write whose result is used (`n = p.write_text(...)`: a count of characters); the "
        "layer returns the file path.",
    ),
    "DLM227": Help(
        "left for a human",
        "A legacy gens helper on a gens folder that is not provably `<Paths>.gens_root`, when "
        "the configured layer (`layer-module`, a team's own class) has no `from_gens_root`: "
        "with the bundled layer such a call is rewritten (DLM206).",
    ),
    "DLM228": Help(
        "left for a human",
        "A `Paths` value or path variable used in another function (a nested `def`, a lambda).",
    ),
    "DLM229": Help(
        "left for a human",
        "A path variable whose `stage` / `gen_id` may change between the binding and the use "
        "(rebound, a loop, not a plain local). `D.name` / `.stem` / `.suffix` of a `D` bound only "
        "by `for D in <provable Path>.iterdir()` (or `sorted(...)` of it) counts as `D`.",
    ),
    "DLM230": Help(
        "left for a human",
        "A legacy helper called with keyword, starred or missing arguments.",
    ),
    "DLM231": Help(
        "left for a human",
        "`open()` outside a `with ... as f:` whose body is one `f.write(x)` / `json.dump(d, f)` / "
        "`x = f.read()` / `x = json.load(f)`, or a handle used after the block.",
    ),
    "DLM232": Help(
        "left for a human",
        "A metadata file read or written as text (no `json.dumps` / `json.loads` around it), or "
        "a metadata read whose value is tested with `isinstance` (the caller tolerates any JSON; "
        "`read_*_metadata` raises on anything but an object). Such a read keeps its IO, but its "
        "path moves to the layer (`L.main_metadata_path(s, g)`, DLM207) whenever `Paths` has no "
        "other use; it is reported only when the path stays.",
    ),
    "DLM233": Help(
        "left for a human",
        "A path helper not called as `(stage, gen_id)` positionally.",
    ),
    "DLM234": Help(
        "left for a human",
        '`with open(..., "w")` whose payload is computed after the file was truncated (e.g. '
        '`f.write("".join(parts))`): the rewrite would not truncate on failure. A name, a '
        'literal, or a display of JSON literals (`json.dump({"status": "done"}, f, indent=2)`) '
        "cannot fail, and is rewritten.",
    ),
    "DLM235": Help(
        "left for a human",
        "No place for the layer variable (a one-line `def`, every candidate name taken, the "
        "module defines its own `GensDataLayer`).",
    ),
    "DLM236": Help(
        "left for a human",
        "A `Paths` bound at module or class level (`paths = Paths(...)` in a settings module, "
        "`class Store: paths = ...`): other modules may import it, `__all__`, `Store.paths` or "
        "`module.paths` may name it, a test may reassign it. It is kept as is, and no site "
        "calls a layer built from it (a layer beside it would not follow a reassignment).",
    ),
    "DLM237": Help(
        "left for a human",
        "`layer-module` names a layer class inside the source roots whose body (read from its "
        "source, never imported) defines no method the rewrite would call (`write_parsed`, "
        "`from_context` ...). Inherited methods do not count: a base class is not read.",
    ),
    "DLM238": Help(
        "left for a human",
        "A call of a project's own `write_gen_*` helper (`helpers-module` inside the source "
        "roots, read with `ast`) that does more to its payload than write it: the layer's write "
        "is not provably the same. A helper that writes its payload as given, or as "
        '`str(text or "")` (the rewrite then writes `str(text or "")` too), is rewritten.',
    ),
    "DLM901": Help(
        "file untouched",
        "The file cannot be read or decoded (a bad coding cookie, invalid bytes). A rewriting "
        "command leaves it byte-for-byte untouched and exits 3; the guard fails (exit 1) when "
        "the file may hold a reference.",
    ),
    "DLM902": Help(
        "file untouched",
        "The file cannot be parsed, or LibCST would not print it back exactly (reported at the "
        "first line it would lose). Left untouched; the guard fails when the file may hold a "
        "reference.",
    ),
    "DLM903": Help(
        "file untouched",
        "A codemod crashed on the file, or its rewrite would not compile. Left untouched; "
        "please report it with the file.",
    ),
    "DLM904": Help(
        "file untouched",
        "The file is read-only: someone made it so, and the rewrite's rename would go through "
        "its permissions. Left untouched; `--force` rewrites it.",
    ),
}


class DeclaresCodes(Protocol):
    """What the registry reads from a codemod: its `CODES` (code -> one-line meaning)."""

    CODES: Mapping[str, str]


@dataclass(frozen=True)
class Code:
    """One finding code, as listed, documented and given to SARIF."""

    code: str
    #: One line: `--list-codes`, the docs' tables, SARIF `shortDescription`.
    description: str
    #: Who reports it: "guard", "runner" or a codemod's registry name, in that order.
    emitters: tuple[str, ...]
    #: Each emitter's own one-line text (a codemod re-declaring a tool code says how it fixes it).
    declarations: Mapping[str, str]
    outcome: Outcome | None
    #: What it means and what to do: the docs, SARIF `fullDescription` and `help`.
    help: str

    @property
    def fixed(self) -> bool:
        """True when the codemod rewrites the site (a `fixed` finding)."""
        return self.outcome == "rewritten"


def build(
    codemods: Iterable[tuple[str, DeclaresCodes]],
    *,
    tools: Mapping[str, str] = TOOL_CODES,
) -> dict[str, Code]:
    """The registry, sorted by code: `tools` (the codes of findings.py) then each codemod's.

    A code may be declared by one codemod only; a codemod may re-declare a tool code (the import
    codemod fixes DLM001, which the guard reports). Raises ValueError otherwise, or for a
    malformed code.
    """
    declarations: dict[str, dict[str, str]] = {}
    for code, text in tools.items():
        declarations[code] = {emitter: text for emitter in TOOL_EMITTERS.get(code, ("tool",))}
    declared_by: dict[str, str] = {}
    for name, codemod in codemods:
        for code, text in codemod.CODES.items():
            if code in declared_by:
                raise ValueError(f"{code} is declared by both {declared_by[code]} and {name}")
            declared_by[code] = name
            declarations.setdefault(code, {})[name] = text
    registry: dict[str, Code] = {}
    for code in sorted(declarations):
        texts = declarations[code]
        if CODE_PATTERN.fullmatch(code) is None:
            raise ValueError(f"{code!r} is not a finding code (DLM and three digits)")
        description = tools.get(code) or next(iter(texts.values()))
        entry = HELP.get(code)
        registry[code] = Code(
            code=code,
            description=description,
            emitters=tuple(texts),
            declarations=dict(texts),
            outcome=entry.outcome if entry else None,
            help=entry.text if entry else description,
        )
    return registry


def tool_codes() -> dict[str, Code]:
    """The codes of the guard and the runner only: no codemod loaded, so no LibCST import."""
    return build(())


def registry(codemods: Sequence[type[Any]] | None = None) -> dict[str, Code]:
    """Every code: the tool codes and those of `codemods` (default: every registered codemod,
    loaded, which imports LibCST)."""
    from codemods import registry as codemod_registry

    if codemods is None:
        named = [(name, codemod_registry.load(name)) for name in codemod_registry.CODEMOD_PATHS]
    else:
        paths = {path: name for name, path in codemod_registry.CODEMOD_PATHS.items()}
        named = [
            (paths.get(f"{cls.__module__}:{cls.__qualname__}", cls.__name__), cls)
            for cls in codemods
        ]
    return build(named)


def descriptions(codes: Mapping[str, Code], *, by_codemod: bool = False) -> dict[str, str]:
    """Code -> its one line. With `by_codemod`, a tool code a codemod re-declares gets that
    codemod's own line instead (the run summary titles DLM001 by how the codemod fixed it)."""
    result: dict[str, str] = {}
    for code, entry in codes.items():
        own = [text for name, text in entry.declarations.items() if name not in _TOOL_NAMES]
        result[code] = own[-1] if by_codemod and own else entry.description
    return result


# -- SARIF ---------------------------------------------------------------------------------------

#: The SARIF level of a code's results, by outcome: a rewritten site is information, a site left
#: for a human needs attention, a legacy reference or a file not processed fails the check.
SARIF_LEVELS: dict[Outcome | None, str] = {
    "rewritten": "note",
    "left for a human": "warning",
    "file untouched": "error",
    None: "warning",
}


def sarif_rules(codes: Mapping[str, Code]) -> list[dict[str, Any]]:
    """`tool.driver.rules` of a SARIF 2.1.0 log: one reportingDescriptor per code, in code order
    (a result's `ruleIndex` is its code's position in this list)."""
    rules: list[dict[str, Any]] = []
    for entry in codes.values():
        # A tool code fails the guard's check whatever a codemod makes of it.
        level = "error" if entry.code in TOOL_EMITTERS else SARIF_LEVELS[entry.outcome]
        rules.append(
            {
                "id": entry.code,
                "shortDescription": {"text": entry.description},
                "fullDescription": {"text": entry.help},
                "help": {"text": entry.help, "markdown": entry.help},
                "defaultConfiguration": {"level": level},
                "properties": {
                    "emitters": list(entry.emitters),
                    **({"outcome": entry.outcome} if entry.outcome else {}),
                },
            }
        )
    return rules


# -- docs/codes.md -------------------------------------------------------------------------------

GENERATE_COMMAND = "python -m codemods.codes --markdown > docs/codes.md"

#: Sections of docs/codes.md, by the hundred of the code (the convention of findings.py).
_SECTIONS: dict[str, tuple[str, str]] = {
    "0": ("Legacy references (DLM0xx)", "Reported by the guard; rewritten by `imports`."),
    "1": ("The `imports` codemod (DLM1xx)", "References it leaves for a human."),
    "2": ("The `io` codemod (DLM2xx)", "Sites it rewrites, then sites it leaves for a human."),
    "9": ("Files not processed (DLM9xx)", "The file is left byte-for-byte as it was."),
}

_INTRO = """\
Every finding is printed as `path:line:col: CODE message`. A site *rewritten* was changed by a
codemod (listed with `-v`, counted in the summary); a site *left for a human* is unchanged and
makes the command exit 1 until you fix it. "guard" is `data-layer-guard`, `data-layer-migrate
check` and `shim remove`. `data-layer-migrate --list-codes` prints the one-line meanings.
How to silence a site that must stay: [guard.md](guard.md#noqa)."""


def markdown(codes: Mapping[str, Code]) -> str:
    """docs/codes.md: every code in tables, one per hundred."""
    lines = [
        "# Finding codes",
        "",
        f"<!-- Generated from codemods/codes.py by `{GENERATE_COMMAND}`: do not edit. -->",
        "",
        _INTRO,
    ]
    for prefix in sorted({code[3] for code in codes}):
        title, intro = _SECTIONS.get(prefix, (f"DLM{prefix}xx", ""))
        lines += ["", f"## {title}", ""]
        if intro:
            lines += [intro, ""]
        lines += [
            "| code | meaning | outcome | reported by | details |",
            "|---|---|---|---|---|",
        ]
        for entry in codes.values():
            if entry.code[3] != prefix:
                continue
            emitters = ", ".join(EMITTER_LABELS.get(name, f"`{name}`") for name in entry.emitters)
            lines.append(
                f'| <a id="{entry.code.lower()}"></a>{entry.code} | {_cell(entry.description)} | '
                f"{entry.outcome or ''} | {emitters} | {_cell(entry.help)} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    # A pipe ends a table cell, even inside backticks.
    spans = text.replace("|", "\\|").split("`")
    spans[::2] = [_escape_markdown(span) for span in spans[::2]]
    return "`".join(spans)


def _escape_markdown(text: str) -> str:
    # Outside code spans, `*` may start emphasis and `<x>` is an HTML tag.
    return text.replace("*", "\\*").replace("<", "&lt;").replace(">", "&gt;")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m codemods.codes",
        description="Print the registry of finding codes.",
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print docs/codes.md instead of one line per code"
    )
    args = parser.parse_args(argv)
    codes = registry()
    if args.markdown:
        sys.stdout.write(markdown(codes))
    else:
        for code, text in descriptions(codes).items():
            print(f"{code}  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
