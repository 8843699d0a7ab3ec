"""`--diff` output applies with `git apply` and with `patch -p1` in every case (issue 12): a lone
CR inside a line (git and patch end lines at LF only), CRLF, no final newline, non-UTF-8 bytes,
and file names that git quotes (tab, quote, backslash, non-ASCII) or that hold a space."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_helpers import git, write

from codemods.run.diff import header_name, split_lines, unified_diff

CONTENTS = [
    pytest.param(b"# c\rX = 1\ny = OLD\n", b"# c\rX = 1\ny = NEW\n", id="lone-cr-in-context"),
    pytest.param(b"x = OLD  # c\rX = 1\n", b"x = NEW  # c\rX = 1\n", id="lone-cr-in-changed-line"),
    pytest.param(b"x = OLD\r", b"x = NEW\r", id="ends-with-lone-cr"),
    pytest.param(b"a = 1\r\nx = OLD\r\n", b"a = 1\r\nx = NEW\r\n", id="crlf"),
    pytest.param(b"a = 1\nx = OLD", b"a = 1\nx = NEW", id="no-final-newline"),
    pytest.param(b"x = OLD", b"x = NEW\n", id="newline-added"),
    pytest.param(
        b"# coding: latin-1\nx = OLD  # caf\xe9\n",
        b"# coding: latin-1\nx = NEW  # caf\xe9\n",
        id="latin1",
    ),
    pytest.param(
        b"".join(b"a%d = 1\n" % i for i in range(20)) + b"x = OLD\n",
        b"".join(b"a%d = 1\n" % i for i in range(20)) + b"x = NEW\n",
        id="long-file",
    ),
]

NAMES = [
    pytest.param("plain.py", id="plain"),
    pytest.param("sp ace.py", id="space"),
    pytest.param("dir with space/m.py", id="space-in-folder"),
    pytest.param("ta\tb.py", id="tab"),
    pytest.param('q"uote.py', id="quote"),
    pytest.param("back\\slash.py", id="backslash"),
    pytest.param("café.py", id="non-ascii"),
]

needs_tools = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("patch") is None, reason="needs git and patch"
)


def repository(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir()
    git(root, "init", "-q")
    for name, data in files.items():
        write(root / name, data)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "before")
    return root


def applies(tmp_path: Path, files: dict[str, tuple[bytes, bytes]]) -> None:
    """The patch of `files` ({name: (before, after)}) passes `git apply --check` and
    `patch -p1 --dry-run`, and both tools turn every `before` into its `after` exactly."""
    befores = {name: before for name, (before, _) in files.items()}
    for tool in ("git", "patch"):
        root = repository(tmp_path / tool, befores)
        patch = b"".join(
            unified_diff(root / name, before, after, base=root.resolve())
            for name, (before, after) in files.items()
        )
        check, apply = {
            "git": (["git", "apply", "--check"], ["git", "apply"]),
            "patch": (["patch", "-p1", "--dry-run"], ["patch", "-p1", "--quiet"]),
        }[tool]
        for command in (check, apply):
            completed = subprocess.run(command, cwd=root, input=patch, capture_output=True)
            assert completed.returncode == 0, (tool, completed.stdout, completed.stderr, patch)
        for name, (_, after) in files.items():
            assert (root / name).read_bytes() == after, (tool, name)
        # Nothing else created (patch leaves .orig/.rej files when it guesses).
        assert sorted(
            path.relative_to(root).as_posix()
            for path in root.rglob("*")
            if path.is_file() and ".git" not in path.parts
        ) == sorted(files)


@needs_tools
@pytest.mark.parametrize(("before", "after"), CONTENTS)
def test_patch_applies_whatever_the_content(tmp_path: Path, before: bytes, after: bytes) -> None:
    applies(tmp_path, {"module.py": (before, after)})


@needs_tools
@pytest.mark.parametrize("name", NAMES)
def test_patch_applies_whatever_the_name(tmp_path: Path, name: str) -> None:
    applies(
        tmp_path, {name: (b"x = OLD\n", b"x = NEW\n"), "other.py": (b"y = OLD\n", b"y = NEW\n")}
    )


@pytest.mark.parametrize(
    ("name", "header"),
    [
        pytest.param(b"a/plain.py", b"a/plain.py", id="plain-unchanged"),
        pytest.param(b"a/dir/m_1-x.py", b"a/dir/m_1-x.py", id="punctuation-unchanged"),
        pytest.param(b"a/sp ace.py", b"a/sp ace.py\t", id="space-gets-a-tab"),
        pytest.param(b"a/ta\tb.py", b'"a/ta\\tb.py"', id="tab"),
        pytest.param(b"a/new\nline.py", b'"a/new\\nline.py"', id="newline"),
        pytest.param(b'a/q"uote.py', b'"a/q\\"uote.py"', id="quote"),
        pytest.param(b"a/back\\slash.py", b'"a/back\\\\slash.py"', id="backslash"),
        pytest.param("a/café.py".encode(), b'"a/caf\\303\\251.py"', id="non-ascii-octal"),
        pytest.param(b"a/x\x7f.py", b'"a/x\\177.py"', id="del"),
    ],
)
def test_header_names_are_quoted_as_git_quotes_them(name: bytes, header: bytes) -> None:
    assert header_name(name) == header


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        pytest.param(b"", [], id="empty"),
        pytest.param(b"a\nb\n", [b"a\n", b"b\n"], id="lf"),
        pytest.param(b"a\r\nb", [b"a\r\n", b"b"], id="crlf-no-final-newline"),
        pytest.param(b"# c\rX = 1\n", [b"# c\rX = 1\n"], id="lone-cr-is-not-a-line-end"),
        pytest.param(b"a\x0cb\x1cc\n", [b"a\x0cb\x1cc\n"], id="form-feed-and-separators-kept"),
    ],
)
def test_lines_end_at_lf_only(data: bytes, lines: list[bytes]) -> None:
    assert split_lines(data) == lines
    assert b"".join(lines) == data


def test_lone_cr_line_is_one_line_of_the_hunk(tmp_path: Path) -> None:
    patch = unified_diff(
        tmp_path / "m.py", b"x = OLD  # c\rX = 1\n", b"x = NEW  # c\rX = 1\n", base=tmp_path
    )
    assert patch == (
        b"--- a/m.py\n+++ b/m.py\n@@ -1 +1 @@\n-x = OLD  # c\rX = 1\n+x = NEW  # c\rX = 1\n"
    )
