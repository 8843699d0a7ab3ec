"""The command line, called as `main([...])` on trees in tmp_path, with the test-only codemods."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import git, write

from codemods.cli import main
from codemods.run import files as files_module

pytestmark = pytest.mark.usefixtures("fake_codemods")

Tree = dict[str, bytes]


def make(root: Path, tree: Tree) -> Path:
    for name, content in tree.items():
        write(root / name, content)
    return root


def read(root: Path) -> Tree:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".git" not in path.parts
    }


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- rewriting and exit codes ----------------------------------------------------------------

RENAMED = b"x = NEW\n# seen-after-rename\n"


@pytest.mark.parametrize(
    ("tree", "after", "code"),
    [
        pytest.param({"a.py": b"x = 1\n"}, {"a.py": b"x = 1\n"}, 0, id="clean-tree"),
        pytest.param({"a.py": b"x = OLD\n"}, {"a.py": RENAMED}, 0, id="rewritten"),
        pytest.param(
            {"a.py": b"x = OLD\n", "b.py": b"y = HUMAN\n"},
            {"a.py": RENAMED, "b.py": b"y = HUMAN\n"},
            1,
            id="site-left-for-a-human",
        ),
        pytest.param(
            {
                "a.py": b"x = OLD\n",
                "bad.py": b"x = OLD\ndef (:\n",
                "latin.py": b"x = '\xe9'  # OLD\n",
            },
            {"a.py": RENAMED, "bad.py": b"x = OLD\ndef (:\n", "latin.py": b"x = '\xe9'  # OLD\n"},
            3,
            id="unprocessable-files-untouched-others-migrated",
        ),
        pytest.param(
            {"a.py": b"x = OLD\n", "notes.txt": b"x = OLD\n", "b.pyi": b"x = OLD\n"},
            {"a.py": RENAMED, "notes.txt": b"x = OLD\n", "b.pyi": RENAMED},
            0,
            id="only-py-and-pyi-files-written",
        ),
    ],
)
def test_all(project: Path, tree: Tree, after: Tree, code: int) -> None:
    make(project, tree)
    assert main(["all", "."]) == code
    assert read(project) == after


def test_failures_are_listed_with_their_reason(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(project, {"bad.py": b"x = OLD\ndef (:\n", "latin.py": b"x = '\xe9'  # OLD\n"})
    assert main(["all", "."]) == 3
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("bad.py:2:")
    assert "DLM902 cannot be parsed" in out[0]
    assert out[1] == (
        "latin.py:1:1: DLM901 cannot be decoded: invalid or missing encoding declaration; "
        "left untouched"
    )


def test_summary(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(
        project,
        {
            "a.py": b"x = OLD\ny = OLD\n",
            "b.py": b"y = HUMAN\n",
            "c.py": b"z = 1\n",
            "d.py": b"# OLD\n",
            "e.py": b"def (:  # OLD\n",
        },
    )
    assert main(["all", "--no-progress", "."]) == 3
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "b.py:1:5: DLM192 HUMAN needs a human",
        "e.py:1:1: DLM902 cannot be parsed: parser error: error at 1:5: expected NAME; "
        "left untouched",
    ]
    assert captured.err.splitlines() == [
        "5 files scanned: 1 skipped by the pre-filter, 1 changed, 2 unchanged, 1 failed.",
        "Sites rewritten: 2",
        "  DLM191 2  fake rename",
        "Sites left for a human: 1",
        "  DLM192 1  fake site for a human",
    ]


def test_verbose_lists_rewritten_sites(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(project, {"a.py": b"x = OLD\n"})
    assert main(["imports", "-v", "-q", "a.py"]) == 0
    assert capsys.readouterr().out == "a.py:1:5: DLM191 OLD renamed to NEW (fixed)\n"
    assert read(project) == {"a.py": b"x = NEW\n"}


def test_subcommands_choose_the_codemods(project: Path) -> None:
    make(project, {"a.py": b"x = OLD\n", "b.py": b"x = OLD\n"})
    assert main(["imports", "a.py"]) == 0
    assert main(["io", "b.py"]) == 0
    assert read(project) == {"a.py": b"x = NEW\n", "b.py": b"x = OLD\n"}


# -- --check and --diff ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tree", "code"),
    [
        pytest.param({"a.py": b"x = OLD\n"}, 1, id="would-change"),
        pytest.param({"a.py": b"x = 1\n"}, 0, id="clean"),
        pytest.param({"a.py": b"x = HUMAN\n"}, 0, id="human-sites-do-not-fail-check"),
        pytest.param({"a.py": b"x = OLD\n", "b.py": b"def (:  # OLD\n"}, 3, id="failed"),
    ],
)
def test_check_writes_nothing(project: Path, tree: Tree, code: int) -> None:
    make(project, tree)
    assert main(["all", "--check", "."]) == code
    assert read(project) == tree


def test_check_names_the_files(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(project, {"a.py": b"x = OLD\n", "b.py": b"x = 1\n"})
    assert main(["all", "--check", "-q", "."]) == 1
    assert capsys.readouterr().out == "would rewrite a.py\n"
    assert main(["all", "-q", "."]) == 0
    assert main(["all", "--check", "-q", "."]) == 0


DIFF_TREE: Tree = {
    "proj/pkg/plain.py": b"import os\n\nx = OLD\n",
    "proj/pkg/crlf.py": b"a = 1\r\nb = OLD\r\nc = 3\r\n",
    "proj/pkg/latin.py": b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nx = OLD\n",
    "proj/pkg/bom.py": b"\xef\xbb\xbfx = OLD\n",
    "proj/pkg/no_newline.py": b"x = OLD",
    "proj/pkg/clean.py": b"x = 1\n",
    "proj/pyproject.toml": b"[project]\nname = 'proj'\n",
}


@pytest.mark.slow
def test_diff_applies_with_git_apply(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    repo = make(project / "repo", DIFF_TREE)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "before")
    expected = make(project / "expected", DIFF_TREE)

    assert main(["all", "--diff", str(repo / "proj")]) == 0
    patch = capsysbinary.readouterr().out
    assert read(repo) == DIFF_TREE, "--diff wrote files"
    assert b"--- a/proj/pkg/plain.py\n+++ b/proj/pkg/plain.py\n" in patch
    assert b"\\ No newline at end of file\n" in patch

    (project / "change.patch").write_bytes(patch)
    subprocess.run(["git", "apply", "--check", str(project / "change.patch")], cwd=repo, check=True)
    subprocess.run(["git", "apply", str(project / "change.patch")], cwd=repo, check=True)

    assert main(["all", "-q", str(expected / "proj")]) == 0
    assert read(repo) == read(expected)
    assert read(repo)["proj/pkg/crlf.py"] == b"a = 1\r\nb = NEW\r\nc = 3\r\n# seen-after-rename\r\n"


def test_diff_outside_git_is_relative_to_the_project(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    make(project, {"pyproject.toml": b"", "src/m.py": b"x = OLD\n"})
    assert main(["imports", "--diff", "-q", "src"]) == 0
    assert capsysbinary.readouterr().out == (
        b"--- a/src/m.py\n+++ b/src/m.py\n@@ -1 +1 @@\n-x = OLD\n+x = NEW\n"
    )


# -- usage and configuration errors ----------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param([], id="no-subcommand"),
        pytest.param(["frobnicate"], id="unknown-subcommand"),
        pytest.param(["all", "--no-such-option"], id="unknown-option"),
        pytest.param(["all", "-j", "0"], id="zero-jobs"),
        pytest.param(["report", "--format", "xml"], id="bad-format"),
        pytest.param(["all", "missing/"], id="missing-path"),
        pytest.param(["all", "--config", "nope.toml"], id="missing-config-file"),
        pytest.param(["all", "--legacy-module", "not a module"], id="bad-override"),
        pytest.param(["all", "--source-root", "nowhere"], id="missing-source-root"),
        pytest.param(["shim"], id="shim-without-action"),
    ],
)
def test_usage_errors_exit_2(project: Path, argv: list[str]) -> None:
    make(project, {"a.py": b"x = OLD\n"})
    assert main(argv) == 2
    assert read(project) == {"a.py": b"x = OLD\n"}


def test_config_error_is_one_line_before_any_file_is_read(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make(project, {"pyproject.toml": b"[tool.data-layer-migrate]\nlegacy_module = 'a.b'\n"})

    def must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("files were looked at")

    monkeypatch.setattr(files_module, "select_files", must_not_run)
    assert main(["all", "."]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("data-layer-migrate: error: ")
    assert "unknown key(s) in [tool.data-layer-migrate]: legacy_module" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "data-layer-migrate" in capsys.readouterr().out


def test_list_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list-codes"]) == 0
    out = capsys.readouterr().out
    assert "DLM191  fake rename\n" in out
    assert "DLM902  file cannot be parsed; left untouched\n" in out


# -- configuration ---------------------------------------------------------------------------


def test_exclude_from_config_and_command_line(project: Path) -> None:
    tree = {
        "pyproject.toml": b"[tool.data-layer-migrate]\nexclude = ['gen']\n",
        "gen/a.py": b"x = OLD\n",
        "old/b.py": b"x = OLD\n",
        "c.py": b"x = OLD\n",
    }
    make(project, tree)
    assert main(["imports", "--exclude", "old/*", "."]) == 0
    assert read(project) == {**tree, "c.py": b"x = NEW\n"}
    assert main(["imports", "gen/a.py", "--force-exclude"]) == 0
    assert read(project)["gen/a.py"] == b"x = OLD\n"
    assert main(["imports", "gen/a.py"]) == 0
    assert read(project)["gen/a.py"] == b"x = NEW\n"


def test_config_file_option_sets_the_project_root(project: Path) -> None:
    make(
        project,
        {
            "conf/migrate.toml": b"[tool.data-layer-migrate]\nexclude = ['skip.py']\n",
            "conf/skip.py": b"x = OLD\n",
            "conf/take.py": b"x = OLD\n",
        },
    )
    assert main(["imports", "--config", "conf/migrate.toml", "conf"]) == 0
    assert read(project)["conf/skip.py"] == b"x = OLD\n"
    assert read(project)["conf/take.py"] == b"x = NEW\n"


# -- report ----------------------------------------------------------------------------------


def test_report_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree = {"a.py": b"x = OLD\ny = HUMAN\n", "b.py": b"z = 1\n"}
    make(project, tree)
    assert main(["report", "-q", "."]) == 1
    assert capsys.readouterr().out == (
        "a.py\n"
        "  1:5: DLM191 [auto ] fake rename: OLD renamed to NEW\n"
        "  2:5: DLM192 [HUMAN] fake site for a human: HUMAN needs a human\n"
    )
    assert read(project) == tree


def test_report_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(project, {"a.py": b"y = HUMAN\n", "bad.py": b"def (:  # OLD\n"})
    assert main(["report", "--format", "json", "."]) == 3
    document = json.loads(capsys.readouterr().out)
    assert document["version"] == 1
    assert [entry["path"] for entry in document["findings"]] == ["a.py", "bad.py"]
    assert document["findings"][0] == {
        "path": "a.py",
        "line": 1,
        "column": 5,
        "end_line": 1,
        "end_column": 5,
        "code": "DLM192",
        "message": "HUMAN needs a human",
        "fixed": False,
        "replacement": None,
    }
    assert document["summary"] == {
        "scanned": 2,
        "skipped": 0,
        "would_change": 0,
        "unchanged": 1,
        "failed": 1,
        "fixable": 0,
        "needs_human": 1,
    }


def test_report_clean_tree_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(project, {"a.py": b"x = 1\n"})
    assert main(["report", "-q", "."]) == 0
    assert capsys.readouterr().out == ""


# -- check (the guard) and shim ----------------------------------------------------------------

LEGACY = b"""\
from pathlib import Path

__all__ = ["Paths", "RAW_FILENAME"]
RAW_FILENAME = "raw.txt"


class Paths:
    pass
"""
USER = b"from daydreaming_dagster.config.paths import Paths\n"


def legacy_tree(root: Path) -> Path:
    return make(
        root,
        {
            "pyproject.toml": b"",
            "src/daydreaming_dagster/__init__.py": b"",
            "src/daydreaming_dagster/config/__init__.py": b"",
            "src/daydreaming_dagster/config/paths.py": LEGACY,
            "src/daydreaming_dagster/assets/user.py": USER,
        },
    )


def test_check_runs_the_guard(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy_tree(project)
    assert main(["check", "src"]) == 1
    assert "src/daydreaming_dagster/assets/user.py:1:1: DLM001" in capsys.readouterr().out
    write(
        project / "src/daydreaming_dagster/assets/user.py", "from data_layer.paths import Paths\n"
    )
    assert main(["check", "src"]) == 0


@pytest.mark.slow
def test_check_does_not_import_libcst(project: Path) -> None:
    legacy_tree(project)
    code = (
        "import sys\nfrom codemods.cli import main\n"
        "status = main(['check', 'src'])\n"
        "assert 'libcst' not in sys.modules, 'libcst imported'\nraise SystemExit(status)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 1, completed.stderr
    assert "DLM001" in completed.stdout


def test_shim_write_and_remove(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    legacy_tree(project)
    module = project / "src/daydreaming_dagster/config/paths.py"

    assert main(["shim", "write"]) == 0
    shim = module.read_text()
    assert "from data_layer.paths import (\n    RAW_FILENAME,\n    Paths,\n)\n" in shim
    assert '__all__ = [\n    "RAW_FILENAME",\n    "Paths",\n]\n' in shim
    assert "DeprecationWarning" in shim
    assert (
        '"daydreaming_dagster.config.paths is deprecated: import from data_layer.paths instead"'
        in shim
    )
    compile(shim, str(module), "exec")
    assert main(["shim", "write"]) == 0
    assert module.read_text() == shim, "shim write is idempotent"
    capsys.readouterr()

    assert main(["shim", "remove"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("src/daydreaming_dagster/assets/user.py:1:1: DLM001 ")
    assert "refusing to remove daydreaming_dagster.config.paths: 1 legacy reference left" in (
        captured.err
    )
    assert module.read_text() == shim

    write(
        project / "src/daydreaming_dagster/assets/user.py", "from data_layer.paths import Paths\n"
    )
    assert main(["shim", "remove"]) == 0
    assert not module.exists()
    assert main(["shim", "remove"]) == 0
    assert "no file to remove" in capsys.readouterr().out


def test_shim_write_without_legacy_package_is_an_error(project: Path) -> None:
    make(project, {"pyproject.toml": b"", "src/other/__init__.py": b""})
    assert main(["shim", "write"]) == 2


def test_shim_write_uses_default_exports_without_all(project: Path) -> None:
    legacy_tree(project)
    module = project / "src/daydreaming_dagster/config/paths.py"
    module.write_text("class Paths: ...\n")
    assert main(["shim", "write", "--paths-module", "acme.store.paths"]) == 0
    shim = module.read_text()
    assert "from acme.store.paths import (\n    METADATA_FILENAME,\n" in shim
    assert "    Paths,\n)" in shim


def test_python_dash_m(project: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "codemods", "--help"], capture_output=True, text=True, check=True
    )
    assert completed.stdout.startswith("usage: data-layer-migrate")
    assert shutil.which("data-layer-migrate") is not None


# -- interruption ----------------------------------------------------------------------------


def test_interrupted_run_leaves_no_truncated_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = {f"m{i}.py": b"x = OLD\n" * 50 for i in range(4)}
    make(project, tree)
    calls = []
    real_fsync = os.fsync

    def fsync_then_interrupt(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # Ctrl-C while the third file's new content is being flushed
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_then_interrupt)
    assert main(["all", "-j", "1", "."]) == 130
    after = read(project)
    rewritten = (b"x = NEW\n" * 50) + b"# seen-after-rename\n"
    assert after == {
        "m0.py": rewritten,
        "m1.py": rewritten,
        "m2.py": tree["m2.py"],
        "m3.py": tree["m3.py"],
    }
    assert sorted(os.listdir(project)) == ["m0.py", "m1.py", "m2.py", "m3.py"]


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        pytest.param(["--diff"], 0, id="diff-alone-like-black"),
        pytest.param(["--diff", "--check"], 1, id="diff-and-check"),
    ],
)
def test_diff_exit_status(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes], flags: list[str], code: int
) -> None:
    make(project, {"a.py": b"x = OLD\n"})
    assert main(["imports", "-q", *flags, "a.py"]) == code
    assert capsysbinary.readouterr().out.startswith(b"--- a/a.py\n+++ b/a.py\n")
    assert read(project) == {"a.py": b"x = OLD\n"}
