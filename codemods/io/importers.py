"""The names other files of the project import from a module. A module-level import binds a
public name: `from app.helpers import write_gen_raw` in another file breaks if the IO codemod
drops that import from `app/helpers.py` once its own uses are rewritten. So an import another
file takes a name of is kept.

Read with a regex over the source files of the project's repository (a monorepo's other projects
may import it; never imported, nothing parsed), once per project and process, and only when a rewrite would drop a module-level import. `import M`
(`M.name` may follow) and `from M import *` count as importing every name of `M`. Names reached
dynamically (`getattr(module, "x")`, `importlib`) are not seen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from codemods.config import MigrateConfig
from codemods.module_names import module_for_file, resolve_relative
from codemods.run.files import git_top, walk

#: Stands for "every name of the module" (`from M import *`, `import M`).
EVERY_NAME = "*"

_FROM_IMPORT = re.compile(
    rb"(?:^|;)[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\r\n;#]*)", re.MULTILINE
)
_IMPORT = re.compile(rb"(?:^|;)[ \t]*import[ \t]+([^\r\n;#]*)", re.MULTILINE)
_AS = re.compile(rb"\s+as\s+")
_COMMENT = re.compile(rb"#[^\r\n]*")


def imported_names(config: MigrateConfig, module: str) -> frozenset[str]:
    """The names other files of `config`'s project import from `module` (may hold
    `EVERY_NAME`)."""
    return _index(config.project_root, config.source_roots).get(module, frozenset())


def forget() -> None:
    """Drop what was read: a new run reads the files again (they may have changed)."""
    _index.cache_clear()


@lru_cache(maxsize=8)
def _index(project_root: Path, source_roots: tuple[Path, ...]) -> Mapping[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    seen: set[Path] = set()
    project = str(project_root)
    # The project as the walker sees it (even inside a folder an outer repository ignores),
    # then the rest of its repository: in a monorepo another project may import its modules.
    for root in dict.fromkeys((project, git_top(project) or project)):
        for folder, names in walk(root, root):
            for name in names:
                path = Path(root, folder, name)
                if not name.endswith((".py", ".pyi")) or path in seen:
                    continue
                seen.add(path)
                try:
                    source = path.read_bytes()
                except OSError:
                    continue
                if b"import" in source:
                    _add(found, source, path, source_roots)
    return {module: frozenset(names) for module, names in found.items()}


def _add(
    found: dict[str, set[str]], source: bytes, path: Path, source_roots: tuple[Path, ...]
) -> None:
    location = None
    for match in _FROM_IMPORT.finditer(source):
        dots, module, imported = match.groups()
        if dots:
            if location is None:
                location = module_for_file(path, source_roots)
            resolved = resolve_relative(location, len(dots), module.decode() or None)
            if resolved is None:
                continue
        else:
            resolved = module.decode()
        names = found.setdefault(resolved, set())
        for item in _COMMENT.sub(b"", imported).strip(b"()").split(b","):
            name = _AS.split(item.strip())[0].strip()
            if name:
                names.add(name.decode(errors="replace"))
    for match in _IMPORT.finditer(source):
        for item in match.group(1).split(b","):
            module = _AS.split(item.strip())[0].strip()
            if module:
                found.setdefault(module.decode(errors="replace"), set()).add(EVERY_NAME)
