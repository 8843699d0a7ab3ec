"""The guard's corpus: snippets marked flagged (with every finding's line:col) or clean.

Each snippet sits in a file of the default src layout (`/project/src/<module path>`), so relative
imports resolve as in a real tree. The same table drives the cross-check against the import codemod.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

#: A module inside the legacy package's top-level package, two levels down.
ASSET = "daydreaming_dagster/assets/example.py"


@dataclass(frozen=True)
class Snippet:
    id: str
    source: str
    #: 1-based (line, column) of every DLM001 finding; empty means the snippet is clean.
    expected: tuple[tuple[int, int], ...] = ()
    #: Path below the source root (`/project/src`).
    module_path: str = ASSET

    @property
    def flagged(self) -> bool:
        return bool(self.expected)

    @property
    def code(self) -> str:
        return textwrap.dedent(self.source)


FLAGGED = [
    Snippet("absolute", "from daydreaming_dagster.config.paths import Paths\n", ((1, 1),)),
    Snippet(
        "absolute-names-noqa",
        "from daydreaming_dagster.config.paths import Paths, RAW_FILENAME  # noqa: E402\n",
        ((1, 1),),
    ),
    Snippet("relative-parent", "from ..config.paths import Paths\n", ((1, 1),)),
    Snippet(
        "relative-from-package-root",
        "from .config.paths import PROMPT_FILENAME, RAW_FILENAME\n",
        ((1, 1),),
        module_path="daydreaming_dagster/definitions.py",
    ),
    Snippet(
        "relative-parenthesised",
        """\
        import os

        from ..config.paths import (
            PROMPT_FILENAME,
            RAW_FILENAME,  # comment that must survive
        )
        """,
        ((3, 1),),
    ),
    Snippet(
        "relative-namespace-folder",
        "from ...config.paths import Paths\n",
        ((1, 1),),
        # No __init__.py anywhere: resolution comes from the file's place under the source root.
        module_path="daydreaming_dagster/assets/nested_without_init/deep.py",
    ),
    Snippet("import-as", "import daydreaming_dagster.config.paths as p\n", ((1, 8),)),
    Snippet(
        "import-dotted-uses-covered-by-import",
        """\
        import daydreaming_dagster.config.paths

        root = daydreaming_dagster.config.paths.Paths("data")
        name = daydreaming_dagster.config.paths.RAW_FILENAME
        """,
        ((1, 8),),
    ),
    Snippet("import-among-others", "import os, daydreaming_dagster.config.paths\n", ((1, 12),)),
    Snippet(
        "from-package-import-module", "from daydreaming_dagster.config import paths\n", ((1, 40),)
    ),
    Snippet(
        "from-package-import-module-as",
        "from daydreaming_dagster.config import paths as p\n\nroot = p.Paths('data')\n",
        ((1, 40),),
    ),
    Snippet(
        "from-package-import-module-and-other",
        "from daydreaming_dagster.config import other, paths\n",
        ((1, 47),),
    ),
    Snippet("relative-package-import-module", "from ..config import paths\n", ((1, 22),)),
    Snippet(
        "from-dot-in-config-package",
        "from . import paths\n",
        ((1, 15),),
        module_path="daydreaming_dagster/config/__init__.py",
    ),
    Snippet(
        "sibling-module-in-config-package",
        "from . import paths\nfrom .paths import Paths\n",
        ((1, 15), (2, 1)),
        module_path="daydreaming_dagster/config/settings.py",
    ),
    Snippet(
        "inside-function",
        """\
        def load(context):
            from ..config.paths import Paths

            return Paths.from_context(context)
        """,
        ((2, 5),),
    ),
    Snippet(
        "type-checking-block",
        """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from daydreaming_dagster.config.paths import Paths
        """,
        ((4, 5),),
    ),
    Snippet(
        "try-except-import-error",
        """\
        try:
            from data_layer.paths import Paths
        except ImportError:
            from daydreaming_dagster.config.paths import Paths
        """,
        ((4, 5),),
    ),
    Snippet(
        "star-import",
        "from daydreaming_dagster.config.paths import *\n",
        ((1, 1),),
    ),
    Snippet(
        "non-ascii-column-counts-characters",
        'x = "été"; from ..config.paths import Paths\n',
        ((1, 12),),
    ),
    Snippet(
        "importlib-import-module",
        """\
        import importlib

        module = importlib.import_module("daydreaming_dagster.config.paths")
        """,
        ((3, 34),),
    ),
    Snippet(
        "import-module-relative-with-package",
        """\
        from importlib import import_module

        module = import_module(".paths", package="daydreaming_dagster.config")
        """,
        ((3, 24),),
    ),
    Snippet(
        "dunder-import",
        'module = __import__("daydreaming_dagster.config.paths")\n',
        ((1, 21),),
    ),
    Snippet(
        "mock-patch-decorator",
        """\
        from unittest import mock


        @mock.patch("daydreaming_dagster.config.paths.Paths.from_context")
        def test_load(from_context):
            pass
        """,
        ((4, 13),),
        module_path="tests_pkg/test_load.py",
    ),
    Snippet(
        "patch-context-manager",
        """\
        from unittest.mock import patch

        with patch("daydreaming_dagster.config.paths.RAW_FILENAME", "other.txt"):
            pass
        """,
        ((3, 12),),
    ),
    Snippet(
        "patch-target-keyword",
        'mocker.patch(target="daydreaming_dagster.config.paths.Paths")\n',
        ((1, 21),),
    ),
    Snippet(
        "monkeypatch-setattr",
        """\
        def test_root(monkeypatch):
            monkeypatch.setattr(
                "daydreaming_dagster.config.paths.Paths.templates_root", lambda self: None
            )
        """,
        ((3, 9),),
    ),
    Snippet(
        "string-annotation",
        """\
        import daydreaming_dagster


        def run(paths: "daydreaming_dagster.config.paths.Paths") -> None:
            pass
        """,
        ((4, 16),),
    ),
    Snippet(
        "attribute-chain-through-parent-package",
        """\
        import daydreaming_dagster.config

        root = daydreaming_dagster.config.paths.Paths("data")
        """,
        ((3, 8),),
    ),
    Snippet(
        "attribute-chain-through-imported-package",
        """\
        from daydreaming_dagster import config

        root = config.paths.Paths("data")
        """,
        ((3, 8),),
    ),
]

FLAGGED += [
    Snippet(
        "relative-without-module-name",
        "from .config.paths import Paths\nfrom . import paths\n",
        ((1, 1), (2, 1)),
        # Outside every source root: no module name, so it cannot be told whether they name it.
        module_path="../scripts/run-me.py",
    ),
    Snippet(
        "exact-string-in-unknown-role",
        'LEGACY_MODULE = "daydreaming_dagster.config.paths"\n',
        ((1, 17),),
    ),
    Snippet(
        "importorskip",
        'paths_module = pytest.importorskip("daydreaming_dagster.config.paths")\n',
        ((1, 36),),
    ),
    Snippet(
        "mock-patch-class-decorator",
        """\
        @mock.patch(
            "daydreaming_dagster.config.paths.RAW_FILENAME",
            "other.txt",
        )
        class TestDrafts:
            pass
        """,
        ((2, 5),),
    ),
]

CLEAN = [
    Snippet("new-module", "from data_layer.paths import Paths, RAW_FILENAME\n"),
    Snippet(
        "new-module-imported-as-paths", "import data_layer.paths as paths\n\npaths.Paths('x')\n"
    ),
    Snippet("look-alike-module", "from daydreaming_dagster.config.paths_extra import Paths\n"),
    Snippet("look-alike-package", "import myconfig.paths\nfrom myconfig import paths\n"),
    Snippet("relative-resolving-elsewhere", "from .paths import Paths\nfrom ..paths import x\n"),
    Snippet("relative-new-module-inside-package", "from ..data_layer.paths import Paths\n"),
    Snippet("comment", "# from daydreaming_dagster.config.paths import Paths\nimport os\n"),
    Snippet(
        "docstring",
        '"""Paths moved from daydreaming_dagster.config.paths to data_layer.paths."""\n',
    ),
    Snippet(
        "prose-string",
        'print("see daydreaming_dagster.config.paths for the old layout")\n',
    ),
    Snippet("parent-package-only", "from daydreaming_dagster import config\n\nconfig.load()\n"),
    Snippet("other-module-of-config-package", "from daydreaming_dagster.config import other\n"),
    Snippet(
        "local-variable-named-paths",
        """\
        from data_layer.paths import Paths

        paths = Paths.from_context(context)
        raw = paths.raw_path("draft", "g1").read_text(encoding="utf-8")
        """,
    ),
    Snippet("unbound-attribute-chain", "root = settings.config.paths.Paths('x')\n"),
    Snippet(
        "patch-look-alike",
        'mock.patch("daydreaming_dagster.config.paths_extra.Paths")\n',
    ),
    Snippet("patch-object-attribute-name", 'mock.patch.object(store, "paths")\n'),
    Snippet(
        "string-statement-in-function",
        'def load():\n    """daydreaming_dagster.config.paths"""\n',
    ),
    Snippet("f-string-text", 'label = f"{root}: daydreaming_dagster.config.paths"\n'),
    Snippet("bytes", 'raw = b"daydreaming_dagster.config.paths"\n'),
    Snippet(
        "import-module-relative-elsewhere",
        'import_module(".paths", package="daydreaming_dagster.assets")\n',
    ),
]

CORPUS = FLAGGED + CLEAN
