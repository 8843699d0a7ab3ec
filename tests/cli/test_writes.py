"""What a rewrite may and may not do to a file (issue 12): it keeps the file's owner and group,
it leaves a read-only file alone (DLM904) unless `--force`, and it never follows a symbolic link
named on the command line out of the project. Run with the test-only codemods (OLD -> NEW)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cli_helpers import write

from codemods.cli import main
from codemods.run.source import atomic_write, is_read_only, symlink_outside

pytestmark = pytest.mark.usefixtures("fake_codemods")

LEGACY = b"x = OLD\n"
RENAMED = b"x = NEW\n# seen-after-rename\n"
NOBODY = 65534

as_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    write(root / "pyproject.toml", "")
    monkeypatch.chdir(root)
    return root


# -- owner and group ---------------------------------------------------------------------------


@as_root
@pytest.mark.parametrize(
    ("uid", "gid"),
    [
        pytest.param(NOBODY, NOBODY, id="other-user-and-group"),
        pytest.param(0, NOBODY, id="other-group-only"),
        pytest.param(0, 0, id="own-file"),
    ],
)
def test_rewrite_keeps_owner_and_group(project: Path, uid: int, gid: int) -> None:
    module = write(project / "module.py", LEGACY)
    os.chown(module, uid, gid)
    module.chmod(0o640)
    assert main(["all", "-q", "module.py"]) == 0
    status = module.stat()
    assert module.read_bytes() == RENAMED
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (uid, gid, 0o640)


@as_root
def test_atomic_write_keeps_owner_and_set_id_bits(tmp_path: Path) -> None:
    target = write(tmp_path / "tool.py", b"old\n")
    os.chown(target, NOBODY, NOBODY)
    target.chmod(0o2755)  # chown clears set-group-id: the mode must be set after it
    atomic_write(target, b"new\n")
    status = target.stat()
    assert (status.st_uid, status.st_gid) == (NOBODY, NOBODY)
    assert stat.S_IMODE(status.st_mode) == 0o2755


def test_atomic_write_without_the_right_to_chown_still_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(tmp_path / "module.py", b"old\n")
    calls: list[tuple[int, int]] = []

    def refuse(path: str, uid: int, gid: int) -> None:
        calls.append((uid, gid))
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    atomic_write(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    status = target.stat()
    # The owner first, then the group alone (what a member of the group may do).
    assert calls == [(status.st_uid, status.st_gid), (-1, status.st_gid)]


# -- read-only files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "content", "code", "after"),
    [
        pytest.param(["all"], LEGACY, 3, LEGACY, id="reported-not-rewritten"),
        pytest.param(["all", "--force"], LEGACY, 0, RENAMED, id="force-rewrites"),
        pytest.param(["imports", "--force"], LEGACY, 0, b"x = NEW\n", id="force-on-imports"),
        pytest.param(["all"], b"x = 1\n", 0, b"x = 1\n", id="noop-nothing-to-rewrite"),
        pytest.param(["all", "--check"], LEGACY, 1, LEGACY, id="noop-check-writes-nothing"),
        pytest.param(["all", "--diff"], LEGACY, 0, LEGACY, id="noop-diff-writes-nothing"),
    ],
)
def test_read_only_file(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    content: bytes,
    code: int,
    after: bytes,
) -> None:
    module = write(project / "module.py", content)
    module.chmod(0o444)
    assert main([*arguments, "-j", "1", "module.py"]) == code
    captured = capsys.readouterr()
    assert module.read_bytes() == after
    assert stat.S_IMODE(module.stat().st_mode) == 0o444
    reported = "module.py:1:1: DLM904 read-only; not rewritten (--force rewrites it)"
    assert (reported in captured.out) is (code == 3)


def test_read_only_files_among_many_in_the_pool(project: Path) -> None:
    files = [write(project / f"m{i:02}.py", LEGACY) for i in range(40)]
    for file in files[::2]:
        file.chmod(0o444)
    assert main(["all", "-q", "-j", "2", "."]) == 3
    assert [file.read_bytes() for file in files] == [LEGACY, RENAMED] * 20


@pytest.mark.parametrize(
    ("mode", "read_only"),
    [
        pytest.param(0o644, False, id="writable"),
        pytest.param(0o444, True, id="no-write-bit"),
        pytest.param(0o400, True, id="owner-read-only"),
        pytest.param(0o600, False, id="owner-only"),
    ],
)
def test_is_read_only(tmp_path: Path, mode: int, read_only: bool) -> None:
    path = write(tmp_path / "m.py", b"")
    path.chmod(mode)
    assert is_read_only(path) is read_only
    assert not is_read_only(tmp_path / "missing.py")


# -- symbolic links named on the command line --------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    return write(tmp_path / "elsewhere" / "target.py", LEGACY)


def test_link_out_of_the_project_is_reported_not_followed(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "link.py").symlink_to(outside)
    assert main(["all", "link.py"]) == 0
    assert outside.read_bytes() == LEGACY
    assert symlink_outside(Path("link.py")) == outside.resolve()
    assert (project / "link.py").is_symlink()
    err = capsys.readouterr().err
    assert f"link.py: ignored (a symbolic link to {outside.resolve()}, outside the project" in err


def test_linked_folder_out_of_the_project_is_reported_not_walked(
    project: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "vendored").symlink_to(outside.parent, target_is_directory=True)
    write(project / "own.py", LEGACY)
    assert main(["all", "-q", "vendored", "own.py"]) == 0
    assert outside.read_bytes() == LEGACY
    assert (project / "own.py").read_bytes() == RENAMED
    assert "vendored: ignored (a symbolic link to" in capsys.readouterr().err


def test_link_inside_the_project_is_followed(project: Path) -> None:
    target = write(project / "src" / "real.py", LEGACY)
    (project / "alias.py").symlink_to(target)
    assert main(["all", "-q", "alias.py"]) == 0
    assert target.read_bytes() == RENAMED
    assert (project / "alias.py").is_symlink()  # the link is kept, its target rewritten


@pytest.mark.parametrize(
    "given",
    [
        pytest.param("project/module.py", id="plain-file"),
        pytest.param("project/../project/module.py", id="dot-dot-without-a-link"),
        pytest.param("elsewhere/target.py", id="plain-file-outside-is-not-a-link"),
    ],
)
def test_symlink_outside_is_none_without_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, outside: Path, given: str
) -> None:
    write(tmp_path / "project" / "module.py", LEGACY)
    monkeypatch.chdir(tmp_path)
    assert symlink_outside(Path(given)) is None
