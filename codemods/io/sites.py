"""What a rule of the IO codemod is given and what it returns: the site (IO on a path helper's
result, or a legacy gens-helper call), the per-file context, and the plan of an edit; a refusal
is a `Rejected` (a code and a reason). The rules are in `codemods/io/rules/`, listed in
`codemods/io/rules/__init__.py`; the driver (`codemods/io/paths_io.py`) applies their plans."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

import libcst as cst

from codemods.config import MigrateConfig
from codemods.io.receivers import Builder, PathsBinding, ReceiverAnalysis
from codemods.io.shapes import Rejected

if TYPE_CHECKING:
    from codemods.io.gens_roots import GensRootAnalysis

# The driver's own codes: decisions that span sites (a `Paths` binding replaced, a statement made
# redundant, a path variable's uses, a path helper's arguments).
CODE_PATH_HELPER = "DLM207"
CODE_COLLAPSED = "DLM208"
CODE_PATH_VARIABLE = "DLM229"
CODE_PATH_ARGUMENTS = "DLM233"
CODES: Mapping[str, str] = {
    CODE_PATH_HELPER: "rewritten: Paths path helper -> layer path helper",
    CODE_COLLAPSED: "rewritten: redundant mkdir or path variable removed",
    CODE_PATH_VARIABLE: "path variable whose stage/gen_id may change before its use",
    CODE_PATH_ARGUMENTS: "path helper not called as (stage, gen_id)",
}


class Report(Protocol):
    """`MigrationCodemod.report`: record a finding at `node`."""

    def __call__(
        self, node: cst.CSTNode, code: str, message: str, *, fixed: bool = False
    ) -> None: ...


@dataclass(eq=False)
class FileState:
    """Everything the IO codemod decides about one file: made per transform, dropped after it."""

    module: cst.Module
    report: Report
    #: Original node -> builder of its replacement (from the updated node).
    edits: dict[cst.CSTNode, Builder] = field(default_factory=dict)
    insert_after: dict[cst.CSTNode, list[cst.BaseStatement]] = field(default_factory=dict)
    insert_before: dict[cst.CSTNode, list[cst.BaseStatement]] = field(default_factory=dict)
    #: Path variables planned, by id of their Assignment.
    variables: dict[int, PathVariable] = field(default_factory=dict)
    #: Gens-root variables: id of their Assignment -> ids of their rewritten uses.
    gens_root_uses: dict[int, set[int]] = field(default_factory=dict)
    #: Imports to drop once unused: (module, object, alias) as RemoveImportsVisitor takes them.
    removals: set[tuple[str, str | None, str | None]] = field(default_factory=set)
    needs_layer_import: bool = False
    #: Every name the module binds or reads (a new variable avoids them).
    used_names: set[str] = field(default_factory=set)
    #: Layer variable names given out, by id of the scope.
    layer_names_taken: dict[int, set[str]] = field(default_factory=dict)

    def remove(self, statement: cst.CSTNode) -> None:
        """Plan the removal of `statement`."""
        self.edits[statement] = lambda _node: cst.RemoveFromParent()


@dataclass(frozen=True)
class RuleContext:
    """What a rule may ask about the file: its receivers and names, its gens roots, and the
    configuration. Rules return plans; the driver applies them to the file's state."""

    receivers: ReceiverAnalysis
    gens_roots: GensRootAnalysis
    config: MigrateConfig


@dataclass(eq=False)
class PathRef:
    """`P.<helper>(stage, gen_id)`, inline or through a path variable."""

    binding: PathsBinding
    helper: str
    stage: cst.BaseExpression
    gen_id: cst.BaseExpression
    #: The `P.<helper>(...)` call (the receiver name it holds is consumed when rewritten).
    call: cst.Call
    variable: PathVariable | None = None

    def describe(self) -> str:
        """How a finding names the path."""
        if self.variable is not None:
            return self.variable.name
        return f"{self.binding.name or 'Paths(...)'}.{self.helper}(...)"


@dataclass(eq=False)
class PathVariable:
    """`out = P.<helper>(stage, gen_id)`, a local holding a generation path."""

    name: str
    statement: cst.SimpleStatementLine
    ref: PathRef
    references: list[cst.Name]
    rewritten: set[int] = field(default_factory=set)
    #: `out.parent.mkdir(...)` sites with their plan: dropped when a write follows, else kept.
    mkdirs: list[tuple[cst.SimpleStatementLine, IOSite, Plan]] = field(default_factory=list)
    #: Statements holding a rewritten write with a simple payload (a mkdir before it is redundant).
    writes: set[int] = field(default_factory=set)
    #: True when one of its IO sites is left for a human: the binding then stays as it is.
    reported: bool = False


@dataclass(frozen=True, eq=False)
class IOSite:
    """IO on a generation path: `path.write_text(...)`, `path.read_text(...)`, `path.mkdir(...)`,
    `path.parent.mkdir(...)` or `open(path, ...)`, where `path` is `P.<helper>(stage, gen_id)` or
    a path variable holding it."""

    ref: PathRef
    #: The path expression (the helper call, or a name of the path variable).
    path: cst.CSTNode
    #: The IO call.
    call: cst.Call
    #: How the call uses the path: a key of `codemods.io.rules.SITE_RULES`.
    trigger: str


@dataclass(frozen=True, eq=False)
class GensSite:
    """A legacy gens helper called on `<Paths>.gens_root` (inline, or through a variable)."""

    call: cst.Call
    helper: str
    binding: PathsBinding
    #: The `Paths` expression whose `.gens_root` is passed.
    receiver: cst.BaseExpression
    #: `root = P.gens_root` when the root is passed through such a variable.
    root_statement: cst.SimpleStatementLine | None


@dataclass(frozen=True, eq=False)
class Plan:
    """The edit a rule makes: `replaced` (default `at`) becomes `<layer>.<method>(arguments)`,
    reported at `at` as "`what` -> <layer>.<method>(...)" with `code`."""

    code: str
    method: str
    what: str
    at: cst.CSTNode
    #: The layer call's arguments, from the updated node (nested rewrites already applied).
    arguments: Callable[[cst.CSTNode], Sequence[cst.BaseExpression]]
    replaced: cst.CSTNode | None = None
    #: How the layer call replaces the updated node, when it is not the whole replacement.
    wrap: Callable[[cst.CSTNode, cst.Call], cst.CSTNode] | None = None
    #: Expressions whose import goes once the module no longer spells them (`json.dumps`).
    drop_imports: tuple[cst.BaseExpression, ...] = ()
    #: A `path.parent.mkdir(...)`: on a path variable, redundant when a write follows it.
    collapsible: bool = False
    #: The statement of a write whose payload is simple: the layer creates the folder there.
    creates_folder: cst.SimpleStatementLine | None = None


class SiteRule(Protocol):
    """A rule for IO on a generation path (`codemods/io/rules/<shape>.py`)."""

    #: Its finding codes, with the meaning of each.
    CODES: ClassVar[Mapping[str, str]]
    #: The uses of a path it handles: `".write_text"` (`path.write_text(...)`), `".parent.mkdir"`
    #: (`path.parent.mkdir(...)`), or the qualified name of a function taking it first
    #: (`"builtins.open"` for `open(path, ...)`).
    TRIGGERS: ClassVar[tuple[str, ...]]

    def plan(self, site: IOSite, context: RuleContext) -> Plan | Rejected: ...


class CallRule(Protocol):
    """A rule for a call that is not IO on a path (the legacy gens helpers)."""

    CODES: ClassVar[Mapping[str, str]]

    def match(self, call: cst.Call, context: RuleContext) -> GensSite | Rejected | None:
        """The site `call` is, a refusal, or None when the rule has nothing to say about it."""
        ...

    def plan(self, site: GensSite, context: RuleContext) -> Plan | Rejected: ...
