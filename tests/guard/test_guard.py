"""The guard's command line on real trees: output, exit codes, files, configuration, --fix."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codemods.guard import main

LEGACY_IMPORT = "from daydreaming_dagster.config.paths import Paths\n"
LEGACY_MESSAGE = (
    "DLM001 `from daydreaming_dagster.config.paths import Paths` imports the legacy module "
    "`daydreaming_dagster.config.paths` — use `from data_layer.paths import Paths`"
)


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A src-layout project without any `__init__.py` (namespace folders), as the current folder."""
    write(tmp_path, "pyproject.toml", "[project]\nname = 'demo'\n")
    write(
        tmp_path, "src/daydreaming_dagster/assets/clean.py", "from data_layer.paths import Paths\n"
    )
    write(
        tmp_path, "src/daydreaming_dagster/assets/notes.py", "# daydreaming_dagster.config.paths\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_clean_project_exits_zero_silently(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run([], capsys) == (0, "", "")


def test_finding_is_reported_like_ruff(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "src/daydreaming_dagster/assets/legacy.py", "import os\n" + LEGACY_IMPORT)
    status, out, err = run([], capsys)
    assert status == 1
    assert out == f"src/daydreaming_dagster/assets/legacy.py:2:1: {LEGACY_MESSAGE}\n"
    assert err == "Found 1 problem in 1 file.\n"


def test_relative_import_in_namespace_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not list(project.rglob("__init__.py"))
    write(project, "src/daydreaming_dagster/assets/deep/x.py", "from ...config import paths as p\n")
    status, out, _ = run(["src"], capsys)
    assert status == 1
    assert out == (
        "src/daydreaming_dagster/assets/deep/x.py:1:23: DLM001 `from ...config import paths as p` "
        "imports the legacy module `daydreaming_dagster.config.paths` — use "
        "`from data_layer import paths as p`\n"
    )


def test_named_files_only_as_pre_commit_passes_them(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "src/daydreaming_dagster/a.py", LEGACY_IMPORT)
    write(project, "src/daydreaming_dagster/b.py", LEGACY_IMPORT)
    status, out, _ = run(
        ["src/daydreaming_dagster/b.py", "src/daydreaming_dagster/assets/clean.py"], capsys
    )
    assert status == 1
    assert out == f"src/daydreaming_dagster/b.py:1:1: {LEGACY_MESSAGE}\n"


def test_absolute_path_inside_cwd_is_shown_relative(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "src/daydreaming_dagster/a.py", LEGACY_IMPORT)
    _, out, _ = run([], capsys)
    assert out.startswith("src/daydreaming_dagster/a.py:1:1: DLM001 ")


def test_stub_files_are_checked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "src/daydreaming_dagster/a.pyi", LEGACY_IMPORT)
    status, out, _ = run([], capsys)
    assert (status, out.split(":")[0]) == (1, "src/daydreaming_dagster/a.pyi")


def test_skipped_folders(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for folder in (".venv/lib", "build", "dist", ".git", "demo.egg-info", "node_modules"):
        write(project, f"{folder}/x.py", LEGACY_IMPORT)
    assert run([], capsys) == (0, "", "")


def test_shim_is_exempt(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shim = "from data_layer.paths import *  # noqa: F403\nfrom . import paths as _self\n"
    write(project, "src/daydreaming_dagster/config/paths.py", shim)
    write(project, "src/daydreaming_dagster/config/other.py", shim)
    status, out, _ = run([], capsys)
    assert status == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "src/daydreaming_dagster/config/other.py"
    ]


def test_unparsable_file_is_a_failure(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "src/daydreaming_dagster/broken.py", "from .config.paths import (\n")
    status, out, _ = run([], capsys)
    assert status == 1
    assert (
        out == "src/daydreaming_dagster/broken.py:1:27: DLM902 cannot parse: '(' was never closed\n"
    )


def test_undecodable_file_is_a_failure(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        "src/daydreaming_dagster/latin.py",
        b"from ..config.paths import Paths  # \xe9t\xe9\n",
    )
    status, out, _ = run([], capsys)
    assert status == 1
    assert out.startswith("src/daydreaming_dagster/latin.py:1:1: DLM901 cannot decode: ")


def test_declared_encoding_is_honoured(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = "# -*- coding: latin-1 -*-\nx = 'été'; from ..config.paths import Paths\n"
    write(project, "src/daydreaming_dagster/assets/latin.py", source.encode("latin-1"))
    status, out, _ = run([], capsys)
    assert status == 1
    assert out.startswith("src/daydreaming_dagster/assets/latin.py:2:12: DLM001 ")


def test_files_that_cannot_mention_the_module_are_not_parsed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not Python at all, but no word `paths`: the prefilter skips it before parsing.
    write(project, "src/daydreaming_dagster/template.py", "{{ jinja }} (((\n")
    assert run([], capsys) == (0, "", "")


def test_configuration_from_pyproject(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        project,
        "pyproject.toml",
        """\
        [tool.data-layer-migrate]
        legacy-module = "acme.settings.paths"
        paths-module = "acme.store.paths"
        source-roots = ["lib"]
        exclude = ["lib/acme/vendored"]
        """,
    )
    write(project, "lib/acme/jobs/run.py", "from ..settings.paths import Paths\n" + LEGACY_IMPORT)
    write(project, "lib/acme/vendored/old.py", "from ..settings.paths import Paths\n")
    status, out, _ = run([], capsys)
    assert status == 1
    assert out == (
        "lib/acme/jobs/run.py:1:1: DLM001 `from ..settings.paths import Paths` imports the legacy "
        "module `acme.settings.paths` — use `from ..store.paths import Paths`\n"
    )


def test_overrides_win_over_pyproject(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project, "lib/acme/jobs/run.py", "from ..settings.paths import Paths\n")
    argv = ["--legacy-module", "acme.settings.paths", "--source-root", "lib", "lib"]
    status, out, _ = run(argv, capsys)
    assert status == 1
    assert out.startswith("lib/acme/jobs/run.py:1:1: DLM001 ")


def test_explicit_config_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(project, "ci/guard.toml", '[tool.data-layer-migrate]\nlegacy-module = "a.b"\n')
    write(project, "ci/x.py", "import a.b\n")
    status, out, _ = run(["--config", str(config), "ci"], capsys)
    assert (status, out) == (
        1,
        "ci/x.py:1:8: DLM001 `import a.b` imports the legacy module — use `import data_layer.paths`\n",
    )


@pytest.mark.parametrize(
    ("argv", "pyproject", "message"),
    [
        pytest.param(
            [],
            "[tool.data-layer-migrate]\nlegacy_module = 'a.b'\n",
            "unknown key",
            id="unknown-key",
        ),
        pytest.param(
            ["--legacy-module", "a..b"], "", "not a dotted module name", id="bad-override"
        ),
        pytest.param(["missing.py"], "", "missing.py: no such file or folder", id="missing-path"),
        pytest.param(
            ["--config", "nope.toml"],
            "",
            "nope.toml: no such configuration file",
            id="missing-config",
        ),
    ],
)
def test_usage_and_configuration_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], pyproject: str, message: str
) -> None:
    write(project, "pyproject.toml", pyproject)
    write(project, "src/daydreaming_dagster/a.py", LEGACY_IMPORT)
    status, out, err = run(argv, capsys)
    assert (status, out) == (2, "")
    assert err.startswith("data-layer-guard: error: ") and message in err
    assert err.count("\n") == 1


def test_unknown_option_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["--no-such-option"], capsys)
    assert status == 2
    assert "unrecognized arguments" in err


def test_libcst_is_not_imported(project: Path) -> None:
    write(project, "src/daydreaming_dagster/a.py", LEGACY_IMPORT)
    write(
        project, "src/daydreaming_dagster/b.py", "import os\nfrom data_layer.paths import Paths\n"
    )
    script = (
        "import sys\n"
        "from codemods.guard import main\n"
        "status = main([])\n"
        "assert 'libcst' not in sys.modules, 'libcst was imported'\n"
        "sys.exit(status)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.startswith("src/daydreaming_dagster/a.py:1:1: DLM001 ")


def test_console_script_runs_as_module(project: Path) -> None:
    write(project, "src/daydreaming_dagster/a.py", LEGACY_IMPORT)
    completed = subprocess.run(
        [sys.executable, "-m", "codemods.guard", "src"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == f"src/daydreaming_dagster/a.py:1:1: {LEGACY_MESSAGE}\n"


def test_fix_rewrites_then_reports_what_remains(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("codemods.imports.legacy_imports")
    pytest.importorskip("codemods.run.runner")
    fixable = write(
        project,
        "src/daydreaming_dagster/assets/job.py",
        "from ..config.paths import Paths, RAW_FILENAME\n\nroot = Paths('data')\n",
    )
    write(
        project,
        "src/daydreaming_dagster/assets/chain.py",
        "from daydreaming_dagster import config\n\nroot = config.paths.Paths('x')\n",
    )
    status, out, _ = run(["--fix"], capsys)
    assert fixable.read_text(encoding="utf-8") == (
        "from data_layer.paths import Paths, RAW_FILENAME\n\nroot = Paths('data')\n"
    )
    # What the codemod cannot rewrite is still reported, and still fails the check.
    assert status == 1
    # ... with the codemod's reason beside the guard's finding.
    assert [line.split(": ")[1].split()[0] for line in out.splitlines()] == ["DLM001", "DLM104"]
    assert {line.split(":")[0] for line in out.splitlines()} == {
        "src/daydreaming_dagster/assets/chain.py"
    }
    assert run([], capsys)[0] == 1


def test_fix_on_fixable_tree_exits_zero(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("codemods.imports.legacy_imports")
    pytest.importorskip("codemods.run.runner")
    write(
        project,
        "src/daydreaming_dagster/assets/job.py",
        "import daydreaming_dagster.config.paths as p\n",
    )
    status, out, err = run(["--fix"], capsys)
    assert (status, out) == (0, "")
    assert "rewrote" in err
    assert run([], capsys) == (0, "", "")


NESTED_CONFIG = """\
[tool.data-layer-migrate]
legacy-module = "acme.settings.paths"
source-roots = ["lib"]
exclude = ["generated"]
"""


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="walk-from-the-outer-project"),
        pytest.param(
            ["src/daydreaming_dagster/a.py", "sub/lib/acme/jobs/run.py", "sub/generated/x.py"],
            id="files-named-by-pre-commit",
        ),
    ],
)
def test_each_file_gets_its_own_projects_configuration(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    write(project, "src/daydreaming_dagster/a.py", "from .config.paths import Paths\n")
    write(project, "sub/pyproject.toml", NESTED_CONFIG)
    # Legacy for the outer project only, then for the nested one only.
    write(
        project, "sub/lib/acme/jobs/run.py", LEGACY_IMPORT + "from ..settings.paths import Paths\n"
    )
    write(project, "sub/generated/x.py", "import acme.settings.paths\n")
    status, out, _ = run(argv, capsys)
    assert status == 1
    assert [line.split(" DLM001 ")[0] for line in out.splitlines()] == [
        "src/daydreaming_dagster/a.py:1:1:",
        "sub/lib/acme/jobs/run.py:2:1:",
    ]


def test_virtual_environment_of_any_name_is_skipped(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, "tools-env/pyvenv.cfg", "home = /usr/bin\n")
    write(project, "tools-env/lib/site.py", LEGACY_IMPORT)
    assert run([], capsys) == (0, "", "")


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        pytest.param(
            'LEGACY = "daydreaming_dagster.config.paths"  # noqa: DLM001\n', False, id="noqa-code"
        ),
        pytest.param(LEGACY_IMPORT.rstrip() + "  # noqa: E402, DLM001\n", False, id="noqa-codes"),
        pytest.param(LEGACY_IMPORT.rstrip() + "  # NOQA:dlm001\n", False, id="noqa-case"),
        pytest.param(
            "from ..config.paths import (\n    Paths,\n)  # noqa: DLM001\n",
            False,
            id="noqa-last-line",
        ),
        pytest.param(LEGACY_IMPORT.rstrip() + "  # noqa\n", True, id="bare-noqa-does-not-count"),
        pytest.param(LEGACY_IMPORT.rstrip() + "  # noqa: E402\n", True, id="other-code"),
        pytest.param(LEGACY_IMPORT + "x = 1  # noqa: DLM001\n", True, id="noqa-on-another-line"),
    ],
)
def test_noqa(
    project: Path, capsys: pytest.CaptureFixture[str], source: str, flagged: bool
) -> None:
    write(project, "src/daydreaming_dagster/assets/job.py", source)
    status, out, _ = run([], capsys)
    assert (status, out.count(" DLM001 ")) == ((1, 1) if flagged else (0, 0))


@pytest.mark.parametrize(
    "argv",
    [pytest.param(["--exclude", "src/b/*"], id="guard"), pytest.param(None, id="check")],
)
def test_exclude_option_adds_to_the_configured_globs(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str] | None
) -> None:
    write(project, "pyproject.toml", '[tool.data-layer-migrate]\nexclude = ["src/a/*"]\n')
    for folder in "abc":
        write(project, f"src/{folder}/m.py", "from daydreaming_dagster.config.paths import Paths\n")
    if argv is None:  # the same options through `data-layer-migrate check`
        from codemods.cli import main as cli_main

        status = cli_main(["check", "--exclude", "src/b/*"])
        out = capsys.readouterr().out
    else:
        status, out, _ = run(argv, capsys)
    assert status == 1
    assert [line.split(":")[0] for line in out.splitlines()] == ["src/c/m.py"]
