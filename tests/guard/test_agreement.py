"""The guard, `report`, `all` and `shim remove` agree on the same tree (issue 10).

`report` lists the import codemod's findings; its *legacy references* are those of the codes
DLM001 (fixable: `all` rewrites it), DLM101, DLM102 and DLM104 (left for a human), not DLM103
(prose) nor the IO codemod's. On every tree of the guard's corpus and of the forms the two sides
used to read differently:

- before `all`: every (file, line) the guard flags is among report's legacy references;
- after `all`: report has nothing fixable left, and the (file, line) of its remaining legacy
  references are exactly those the guard flags;
- `shim remove` refuses (exit 1, the legacy module kept) exactly when the guard flags anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from guard_corpus import CORPUS, Snippet

from codemods import cli, guard

#: The import codemod's codes that mean "a reference to the legacy module is here".
REFERENCE_CODES = frozenset({"DLM001", "DLM101", "DLM102", "DLM104"})
LEGACY_FILE = "src/daydreaming_dagster/config/paths.py"

FORMS = [
    Snippet(
        "implicit-concatenation",
        'import importlib\n\nm = importlib.import_module(("daydreaming_dagster.config" ".paths"))\n',
        ((3, 31),),
    ),
    Snippet(
        "resolve-name-module-attr",
        'import pkgutil\n\ncls = pkgutil.resolve_name("daydreaming_dagster.config.paths:Paths")\n',
        ((3, 28),),
    ),
    Snippet(
        "entry-point-string", 'TARGET = "daydreaming_dagster.config.paths:Paths"\n', ((1, 10),)
    ),
    Snippet(
        "parameter-shadows-parent-package",
        "from daydreaming_dagster import config\n\n\ndef g(config):\n    return config.paths\n",
    ),
    Snippet(
        "local-shadows-parent-package-but-module-level-use",
        "from daydreaming_dagster import config\n\n\ndef g():\n    config = 1\n    return config\n\n\n"
        "x = config.paths.Paths\n",
        ((9, 5),),
    ),
    Snippet(
        "noqa-import",
        "from daydreaming_dagster.config.paths import Paths  # noqa: DLM001\n\nPaths('x')\n",
    ),
    Snippet("noqa-string", 'LEGACY = "daydreaming_dagster.config.paths"  # noqa: DLM001\n'),
    Snippet(
        "noqa-inside-a-string",
        'x = "# noqa: DLM001"; from daydreaming_dagster.config.paths import Paths\n',
        ((1, 23),),
    ),
    Snippet(
        "noqa-on-a-use",
        "import daydreaming_dagster.config.paths\n\n"
        "a = daydreaming_dagster.config.paths.Paths('x')  # noqa: DLM001\n",
        ((1, 8),),
    ),
    Snippet("import-of-a-submodule", "import daydreaming_dagster.config.paths.sub\n", ((1, 8),)),
    Snippet(
        "chain-through-package-beside-a-module-import",
        "import daydreaming_dagster.config.paths\nimport daydreaming_dagster.config as c\n\n"
        "x = daydreaming_dagster.config.paths.Paths\n",
        ((1, 8),),
    ),
    Snippet(
        "not-exported-name",
        "from daydreaming_dagster.config.paths import Paths, Missing\n",
        ((1, 1),),
    ),
]


#: Trees whose noqa'd references `all` leaves byte for byte (the noqa is the whole reason).
KEPT_BY_NOQA = frozenset({"noqa-import", "noqa-string", "noqa-on-a-use"})


def build(root: Path, snippet: Snippet) -> Path:
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n", encoding="utf-8")
    legacy = root / LEGACY_FILE
    legacy.parent.mkdir(parents=True)
    legacy.write_text('__all__ = ["Paths"]\n', encoding="utf-8")
    path = (root / "src" / snippet.module_path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(snippet.code, encoding="utf-8")
    return path


def guard_flags(capsys: pytest.CaptureFixture[str]) -> set[tuple[str, int]]:
    status = guard.main([])
    out = capsys.readouterr().out
    assert status == (1 if out else 0), out
    flagged = set()
    for line in out.splitlines():
        path, number, _rest = line.split(":", 2)
        flagged.add((path, int(number)))
    return flagged


def report(
    capsys: pytest.CaptureFixture[str],
) -> tuple[set[tuple[str, int]], set[tuple[str, int]], int]:
    """Report's legacy references: (fixable, left for a human) as (file, line), and its status."""
    status = cli.main(["report", "--format", "json", "--no-progress", "-j", "1", "."])
    document = json.loads(capsys.readouterr().out)
    fixable, left = set(), set()
    for finding in document["findings"]:
        if finding["code"] in REFERENCE_CODES:
            site = (finding["path"], finding["line"])
            (fixable if finding["fixed"] else left).add(site)
    return fixable, left, status


@pytest.mark.parametrize("snippet", CORPUS + FORMS, ids=lambda snippet: snippet.id)
def test_guard_report_all_and_shim_agree(
    snippet: Snippet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = build(tmp_path, snippet)
    monkeypatch.chdir(tmp_path)
    flagged = guard_flags(capsys)
    assert {line for _path, line in flagged} == {line for line, _column in snippet.expected}
    fixable, left, _status = report(capsys)
    assert flagged <= fixable | left

    assert cli.main(["all", "-q", "--no-progress", "-j", "1", "."]) in (0, 1)
    capsys.readouterr()
    flagged_after = guard_flags(capsys)
    fixable_after, left_after, status = report(capsys)
    assert fixable_after == set()
    assert left_after == flagged_after
    if snippet.id in KEPT_BY_NOQA:
        assert path.read_text(encoding="utf-8") == snippet.code
        assert status == (1 if flagged_after else 0)

    status = cli.main(["shim", "remove"])
    capsys.readouterr()
    assert status == (1 if flagged_after else 0)
    assert (tmp_path / LEGACY_FILE).exists() == bool(flagged_after)


def test_forms_are_new() -> None:
    assert not {snippet.id for snippet in FORMS} & {snippet.id for snippet in CORPUS}
