"""What a walk for source files never enters, shared by `data-layer-migrate` and the guard.

LibCST-free and import-free: the guard loads it on every commit.
"""

#: Folder names never walked into: version control, caches, virtual environments, build output.
SKIPPED_FOLDERS = frozenset(
    {
        ".bzr",
        ".direnv",
        ".eggs",
        ".git",
        ".hg",
        ".hypothesis",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        "__pycache__",
        "__pypackages__",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)
#: A folder holding this file is a virtual environment, whatever its name.
VENV_MARKER = "pyvenv.cfg"
