"""The import codemod: rewrite tables, no-op tables, findings, and LibCST's RenameCommand gaps."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Iterator

import libcst as cst
import pytest
from libcst.codemod import CodemodContext

from codemods.config import MigrateConfig
from codemods.imports import legacy_imports
from codemods.imports import scan as _legacy_scan
from codemods.imports.legacy_imports import PATHS_EXPORTS, LegacyImportsCodemod

from codemod_testing import CONFIG, PROJECT, check_noop, check_transformed, run_codemod

C = LegacyImportsCodemod
SRC = PROJECT / "src" / "daydreaming_dagster"
IN_CONFIG = str(SRC / "config" / "settings.py")
PACKAGE_ROOT_MODULE = str(SRC / "definitions.py")
PACKAGE_INIT = str(SRC / "__init__.py")
LEGACY_FILE = str(SRC / "config" / "paths.py")
NEW_MODULE_FILE = str(PROJECT / "src" / "data_layer" / "paths.py")
SCRIPT = str(PROJECT / "scripts" / "run-me.py")
#: The new module inside the legacy package: rewritten imports keep the relative style.
INSIDE = dataclasses.replace(CONFIG, paths_module="daydreaming_dagster.data_layer.paths")


@pytest.fixture(params=["indexed", "scope", "full"], autouse=True)
def scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test runs three ways, which must agree on code and findings: through the `ast`
    index (names bound to the legacy module checked unshadowed with `ast`), through the index
    with LibCST's scope analysis for those names, and through the full LibCST scan."""
    if request.param == "scope":
        monkeypatch.setattr(_legacy_scan, "unshadowed_bindings", lambda *args: None)
    if request.param == "full":
        monkeypatch.setattr(_legacy_scan, "build_index", lambda *args: None)
    yield request.param


def codes(findings: list[legacy_imports.Finding]) -> list[tuple[int, str, bool]]:
    return [(f.line, f.code, f.fixed) for f in findings]


# -- rewrites ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths, RAW_FILENAME\n",
            "from data_layer.paths import Paths, RAW_FILENAME\n",
            id="from-absolute",
        ),
        pytest.param(
            'c = pkgutil.resolve_name("daydreaming_dagster.config.paths:Paths")\n',
            'c = pkgutil.resolve_name("data_layer.paths:Paths")\n',
            id="resolve-name-module-attr",
        ),
        pytest.param(
            'x = "# noqa: DLM001"; from ..config.paths import Paths\n',
            'x = "# noqa: DLM001"; from data_layer.paths import Paths\n',
            id="noqa-text-inside-a-string-is-not-a-comment",
        ),
        pytest.param(
            "from ..config.paths import Paths\n",
            "from data_layer.paths import Paths\n",
            id="from-relative",
        ),
        pytest.param(
            "from ..config.paths import Paths as P, RAW_FILENAME as RAW\nP(RAW)\n",
            "from data_layer.paths import Paths as P, RAW_FILENAME as RAW\nP(RAW)\n",
            id="aliases-kept",
        ),
        pytest.param(
            "import sys\nsys.path.insert(0, '.')\n"
            "from daydreaming_dagster.config.paths import Paths  # noqa: E402\n",
            "import sys\nsys.path.insert(0, '.')\nfrom data_layer.paths import Paths  # noqa: E402\n",
            id="noqa-kept",
        ),
        pytest.param(
            """\
            from ..config.paths import (
                PROMPT_FILENAME,
                RAW_FILENAME,  # comment that must survive
            )
            """,
            """\
            from data_layer.paths import (
                PROMPT_FILENAME,
                RAW_FILENAME,  # comment that must survive
            )
            """,
            id="parenthesised-comments-trailing-comma",
        ),
        pytest.param(
            "import os; from ..config.paths import Paths; x = 1\n",
            "import os; from data_layer.paths import Paths; x = 1\n",
            id="semicolons",
        ),
        pytest.param(
            """\
            def load(root):
                from ..config.paths import Paths

                return Paths(root)
            """,
            """\
            def load(root):
                from data_layer.paths import Paths

                return Paths(root)
            """,
            id="in-function",
        ),
        pytest.param(
            """\
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from daydreaming_dagster.config.paths import Paths


            def f(p: "Paths") -> None: ...
            """,
            """\
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from data_layer.paths import Paths


            def f(p: "Paths") -> None: ...
            """,
            id="type-checking-string-only",
        ),
        pytest.param(
            """\
            try:
                from ..config.paths import Paths
            except ImportError:  # pragma: no cover
                Paths = None
            """,
            """\
            try:
                from data_layer.paths import Paths
            except ImportError:  # pragma: no cover
                Paths = None
            """,
            id="try-except-import-error",
        ),
        pytest.param(
            """\
            class A:
                if True:
                    pass
                elif x:
                    with open(f) as h:
                        from ..config.paths import RAW_FILENAME
            """,
            """\
            class A:
                if True:
                    pass
                elif x:
                    with open(f) as h:
                        from data_layer.paths import RAW_FILENAME
            """,
            id="nested-elif-with",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths\nroot = paths.Paths('x')\n",
            "from data_layer import paths\nroot = paths.Paths('x')\n",
            id="from-package-import-module",
        ),
        pytest.param(
            """\
            from daydreaming_dagster.config import paths


            def stage(context):
                paths = paths.Paths.from_context(context) if False else None
                return paths


            def other(context):
                paths = Paths.from_context(context)
                return paths.raw_path("draft", "g1")
            """,
            """\
            from data_layer import paths


            def stage(context):
                paths = paths.Paths.from_context(context) if False else None
                return paths


            def other(context):
                paths = Paths.from_context(context)
                return paths.raw_path("draft", "g1")
            """,
            id="module-binding-shadowed-by-locals",
        ),
        pytest.param(
            "from ..config import paths as p\nname = p.RAW_FILENAME\n",
            "from data_layer import paths as p\nname = p.RAW_FILENAME\n",
            id="from-package-import-module-alias",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths, settings\npaths.Paths(settings.ROOT)\n",
            "from data_layer import paths\n\n"
            "from daydreaming_dagster.config import settings\npaths.Paths(settings.ROOT)\n",
            id="split",
        ),
        pytest.param(
            """\
            from ..config import (
                paths,  # the module
                settings,
            )
            paths.Paths(settings.ROOT)
            """,
            """\
            from data_layer import paths  # the module

            from ..config import (
                settings,
            )
            paths.Paths(settings.ROOT)
            """,
            id="split-parenthesised-comment-follows-name",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\n"
            "p = daydreaming_dagster.config.paths.Paths('x')\n"
            "n = daydreaming_dagster.config.paths.RAW_FILENAME\n",
            "import data_layer.paths\np = data_layer.paths.Paths('x')\nn = data_layer.paths.RAW_FILENAME\n",
            id="import-dotted-uses",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\n"
            "import daydreaming_dagster\n"
            "p = daydreaming_dagster.config.paths.Paths(daydreaming_dagster.config.ROOT)\n",
            "import daydreaming_dagster.config\nimport data_layer.paths\n"
            "import daydreaming_dagster\n"
            "p = data_layer.paths.Paths(daydreaming_dagster.config.ROOT)\n",
            id="import-dotted-package-used-otherwise-kept",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths as p\nroot = p.Paths('x')\n",
            "import data_layer.paths as p\nroot = p.Paths('x')\n",
            id="import-as",
        ),
        pytest.param(
            "import os, daydreaming_dagster.config.paths as p\nroot = p.Paths(os.sep)\n",
            "import os, data_layer.paths as p\nroot = p.Paths(os.sep)\n",
            id="import-as-among-others",
        ),
        pytest.param(
            """\
            import daydreaming_dagster.config.paths


            def f(root: "daydreaming_dagster.config.paths.Paths") -> None:
                def g(daydreaming_dagster):
                    return daydreaming_dagster.config.paths
                return daydreaming_dagster.config.paths.Paths(root)
            """,
            """\
            import data_layer.paths


            def f(root: "data_layer.paths.Paths") -> None:
                def g(daydreaming_dagster):
                    return daydreaming_dagster.config.paths
                return data_layer.paths.Paths(root)
            """,
            id="import-dotted-string-annotation-and-shadowed-parameter",
        ),
        pytest.param(
            """\
            @mock.patch("daydreaming_dagster.config.paths.Paths")
            def test(m, monkeypatch):
                monkeypatch.setattr("daydreaming_dagster.config.paths.RAW_FILENAME", "x")
                mocker.patch(target="daydreaming_dagster.config.paths.Paths.from_context")
            """,
            """\
            @mock.patch("data_layer.paths.Paths")
            def test(m, monkeypatch):
                monkeypatch.setattr("data_layer.paths.RAW_FILENAME", "x")
                mocker.patch(target="data_layer.paths.Paths.from_context")
            """,
            id="patch-targets",
        ),
        pytest.param(
            "m = importlib.import_module('daydreaming_dagster.config.paths')\n"
            "n = __import__('daydreaming_dagster.config.paths', fromlist=['Paths'])\n",
            "m = importlib.import_module('data_layer.paths')\n"
            "n = __import__('data_layer.paths', fromlist=['Paths'])\n",
            id="import-by-name",
        ),
        # Uses that import the legacy module themselves do not keep the file's import of it.
        pytest.param(
            "from ..config.paths import Paths\nm = __import__('daydreaming_dagster.config.paths')\n",
            "from data_layer.paths import Paths\nm = __import__('daydreaming_dagster.config.paths')\n",
            id="import-rewritten-beside-a-use-importing-it-itself",
        ),
        pytest.param(
            "from ..config.paths import Paths\nmock.patch('daydreaming_dagster.config.paths.os')\n",
            "from data_layer.paths import Paths\nmock.patch('daydreaming_dagster.config.paths.os')\n",
            id="import-rewritten-beside-a-patch-target-left",
        ),
        pytest.param(
            "from ..config.paths import Paths\n__all__ = ['Paths', 'paths']\n",
            "from data_layer.paths import Paths\n__all__ = ['Paths', 'paths']\n",
            id="dunder-all-untouched",
        ),
    ],
)
def test_rewrite(before: str, after: str) -> None:
    check_transformed(C, before, after)


@pytest.mark.parametrize(
    ("before", "after", "filename", "config"),
    [
        pytest.param(
            "from . import paths\npaths.Paths('x')\n",
            "from data_layer import paths\npaths.Paths('x')\n",
            IN_CONFIG,
            CONFIG,
            id="from-dot-in-legacy-package",
        ),
        pytest.param(
            "from .paths import Paths\n",
            "from data_layer.paths import Paths\n",
            IN_CONFIG,
            CONFIG,
            id="from-dot-module-in-legacy-package",
        ),
        pytest.param(
            "from .config.paths import PROMPT_FILENAME, RAW_FILENAME\n",
            "from data_layer.paths import PROMPT_FILENAME, RAW_FILENAME\n",
            PACKAGE_ROOT_MODULE,
            CONFIG,
            id="from-package-root-module",
        ),
        pytest.param(
            "from .config import paths\n",
            "from data_layer import paths\n",
            PACKAGE_INIT,
            CONFIG,
            id="from-package-init",
        ),
        pytest.param(
            "from ..config.paths import Paths\n",
            "from ..data_layer.paths import Paths\n",
            str(SRC / "assets" / "example.py"),
            INSIDE,
            id="new-module-inside-package-relative",
        ),
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths\n",
            "from daydreaming_dagster.data_layer.paths import Paths\n",
            str(SRC / "assets" / "example.py"),
            INSIDE,
            id="new-module-inside-package-absolute-stays-absolute",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths\n",
            "from daydreaming_dagster.data_layer import paths\n",
            str(SRC / "assets" / "example.py"),
            INSIDE,
            id="new-module-inside-package-absolute-module-import-stays-absolute",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths, settings\npaths.Paths(settings.R)\n",
            "from daydreaming_dagster.config import settings\n"
            "from daydreaming_dagster.data_layer import paths\npaths.Paths(settings.R)\n",
            str(SRC / "assets" / "example.py"),
            INSIDE,
            id="new-module-inside-package-absolute-split-stays-absolute",
        ),
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths\n",
            "from daydreaming_dagster.data_layer.paths import Paths\n",
            str(PROJECT / "tests" / "test_example.py"),
            INSIDE,
            id="new-module-inside-package-test-outside-any-package",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\nx = daydreaming_dagster.config.paths.Paths\n",
            "import daydreaming_dagster.data_layer.paths\n"
            "x = daydreaming_dagster.data_layer.paths.Paths\n",
            str(SRC / "assets" / "example.py"),
            INSIDE,
            id="new-module-inside-package-plain-import",
        ),
        pytest.param(
            "from ..config import paths\n",
            "from ..data_layer import paths\n",
            str(SRC / "assets" / "example.py"),
            INSIDE,
            id="new-module-inside-package-module-import",
        ),
        pytest.param(
            "from ...config.paths import Paths\n",
            "from data_layer.paths import Paths\n",
            str(SRC / "assets" / "namespace_folder" / "deep.py"),
            CONFIG,
            id="namespace-folder-without-init",
        ),
    ],
)
def test_rewrite_located(before: str, after: str, filename: str, config: MigrateConfig) -> None:
    check_transformed(C, before, after, filename=filename, config=config)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "from data_layer.paths import Paths\nfrom ..config.paths import Paths, RAW_FILENAME\n",
            "from data_layer.paths import Paths, RAW_FILENAME\n",
            id="into-existing-no-duplicate-name",
        ),
        pytest.param(
            "from ..config.paths import RAW_FILENAME\nimport os\nfrom data_layer.paths import Paths\n",
            "from data_layer.paths import RAW_FILENAME, Paths\nimport os\n",
            id="existing-after",
        ),
        pytest.param(
            "from ..config.paths import Paths\nfrom daydreaming_dagster.config.paths import RAW_FILENAME\n",
            "from data_layer.paths import Paths, RAW_FILENAME\n",
            id="two-legacy-imports",
        ),
        pytest.param(
            """\
            from data_layer.paths import (
                Paths,
                PARSED_FILENAME,  # parsed
            )
            from ..config.paths import RAW_FILENAME
            """,
            """\
            from data_layer.paths import (
                Paths,
                PARSED_FILENAME,  # parsed
                RAW_FILENAME,
            )
            """,
            id="into-parenthesised-trailing-comma",
        ),
        pytest.param(
            """\
            from data_layer.paths import (
                Paths,
                PARSED_FILENAME  # parsed
            )
            from ..config.paths import RAW_FILENAME
            """,
            """\
            from data_layer.paths import (
                Paths,
                PARSED_FILENAME,  # parsed
                RAW_FILENAME
            )
            """,
            id="into-parenthesised-no-trailing-comma",
        ),
        pytest.param(
            "from data_layer.paths import Paths\nfrom ..config.paths import RAW_FILENAME  # noqa: E402\n",
            "from data_layer.paths import RAW_FILENAME, Paths  # noqa: E402\n",
            id="commented-legacy-line-survives",
        ),
        pytest.param(
            "from data_layer import GensDataLayer\nfrom daydreaming_dagster.config import paths\n",
            "from data_layer import GensDataLayer, paths\n",
            id="module-import-into-package-import",
        ),
        pytest.param(
            "import data_layer.paths\nimport daydreaming_dagster.config.paths\n"
            "daydreaming_dagster.config.paths.Paths('x')\n",
            "import data_layer.paths\ndata_layer.paths.Paths('x')\n",
            id="plain-import-not-repeated",
        ),
    ],
)
def test_merge(before: str, after: str) -> None:
    check_transformed(C, before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "from data_layer.paths import Paths\nPaths = wrap(Paths)\nfrom ..config.paths import RAW_FILENAME\n",
            "from data_layer.paths import Paths\nPaths = wrap(Paths)\nfrom data_layer.paths import RAW_FILENAME\n",
            id="code-between-no-merge",
        ),
        pytest.param(
            "from data_layer.paths import Paths\nfrom x import RAW_FILENAME\n"
            "from ..config.paths import RAW_FILENAME\n",
            "from data_layer.paths import Paths\nfrom x import RAW_FILENAME\n"
            "from data_layer.paths import RAW_FILENAME\n",
            id="rebinding-between-no-merge",
        ),
        pytest.param(
            "from data_layer.paths import Paths  # keep\nfrom ..config.paths import RAW_FILENAME  # noqa\n",
            "from data_layer.paths import Paths  # keep\nfrom data_layer.paths import RAW_FILENAME  # noqa\n",
            id="both-commented-no-merge",
        ),
        pytest.param(
            "from data_layer.paths import Paths\ndef f():\n    from ..config.paths import RAW_FILENAME\n",
            "from data_layer.paths import Paths\ndef f():\n    from data_layer.paths import RAW_FILENAME\n",
            id="other-scope-no-merge",
        ),
    ],
)
def test_no_merge(before: str, after: str) -> None:
    check_transformed(C, before, after)


# -- no-ops -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("import os\nprint(os.sep)\n", id="unrelated"),
        pytest.param("from data_layer.paths import Paths, RAW_FILENAME\n", id="already-migrated"),
        pytest.param("from ..data_layer.paths import Paths\n", id="already-migrated-relative"),
        pytest.param(
            "from data_layer.paths import Paths\npaths = Paths.from_context(ctx)\n"
            "raw = paths.raw_path('draft', 'g1')\n",
            id="local-variable-named-paths",
        ),
        pytest.param(
            "from daydreaming_dagster.config.paths_extra import Paths\n", id="look-alike-module"
        ),
        pytest.param("import myconfig.paths\nmyconfig.paths.Paths('x')\n", id="look-alike-package"),
        pytest.param("from .paths import Paths\n", id="sibling-paths-module"),
        pytest.param("from . import paths\n", id="sibling-paths-from-dot"),
        pytest.param("from .config import paths\n", id="relative-elsewhere"),
        pytest.param(
            "from daydreaming_dagster.config import settings\n", id="legacy-package-other"
        ),
        pytest.param(
            "def f(daydreaming_dagster):\n    return daydreaming_dagster.config.paths.Paths\n",
            id="parameter-not-an-import",
        ),
        pytest.param("x = 'daydreaming_dagster.config.paths_extra'\n", id="string-look-alike"),
        pytest.param("__all__ = ['Paths', 'RAW_FILENAME', 'paths']\n", id="dunder-all"),
        pytest.param("x = getattr(config, 'paths')\n", id="getattr-basename"),
        pytest.param("class Paths:\n    paths = 1\n", id="class-attribute"),
        pytest.param(
            "import daydreaming_dagster\nself.paths = daydreaming_dagster.settings.paths\n",
            id="ancestor-import-other-paths-attribute",
        ),
        pytest.param("", id="empty"),
        pytest.param("# just a comment about paths\n", id="comment-without-module-name"),
        pytest.param(
            "from daydreaming_dagster import config\n\n\ndef g(config):\n    return config.paths\n",
            id="parameter-shadows-parent-package",
        ),
        pytest.param("from ..config.paths import Paths  # noqa: DLM001\n", id="noqa-import"),
        pytest.param(
            'x = "daydreaming_dagster.config.paths"  # noqa: E501, DLM001\n', id="noqa-string"
        ),
    ],
)
def test_noop(source: str) -> None:
    assert check_noop(C, source) == []


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("from daydreaming_dagster.config.paths import Paths\n", id="self-import"),
        pytest.param(
            "from .paths import Paths\nimport daydreaming_dagster.config.paths\n", id="shim"
        ),
        pytest.param(
            "# daydreaming_dagster.config.paths\n'''daydreaming_dagster.config.paths'''\n",
            id="prose",
        ),
    ],
)
def test_legacy_module_own_file_untouched(source: str) -> None:
    assert check_noop(C, source, filename=LEGACY_FILE) == []


# -- findings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            "x = 1\nfrom ..config.paths import *\n",
            [(2, "DLM101", False)],
            id="star",
        ),
        pytest.param(
            "from ..config.paths import Paths, _ensure_dir\n",
            [(1, "DLM102", False)],
            id="name-not-exported-statement-left-whole",
        ),
        pytest.param(
            "import os\n# see daydreaming_dagster.config.paths\nx = 1  # daydreaming_dagster.config.paths.Paths\n",
            [(2, "DLM103", False), (3, "DLM103", False)],
            id="comments",
        ),
        pytest.param(
            '"""Module doc: daydreaming_dagster.config.paths moved."""\n'
            "def f():\n"
            '    """\n    Uses daydreaming_dagster.config.paths.Paths.\n    """\n',
            [(1, "DLM103", False), (3, "DLM103", False)],
            id="docstrings",
        ),
        pytest.param(
            "raise ValueError('use daydreaming_dagster.config.paths instead')\n"
            "x = f'{a} daydreaming_dagster.config.paths'\n",
            [(1, "DLM103", False), (2, "DLM103", False)],
            id="messages",
        ),
        pytest.param(
            "PLUGINS = ['daydreaming_dagster.config.paths']\n",
            [(1, "DLM104", False)],
            id="exact-string-unknown-role",
        ),
        pytest.param(
            "if x:\n    pass\nelif y == 'daydreaming_dagster.config.paths':\n    pass\n"
            "try:\n    pass\nexcept E:\n    pass\nelse:\n    z = 'daydreaming_dagster.config.paths'\n",
            [(3, "DLM104", False), (10, "DLM104", False)],
            id="exact-strings-in-compound-headers-after-a-suite",
        ),
        pytest.param(
            "m = __import__('daydreaming_dagster.config.paths')\n",
            [(1, "DLM104", False)],
            id="dunder-import-without-fromlist",
        ),
        pytest.param(
            "mock.patch('daydreaming_dagster.config.paths.os')\n",
            [(1, "DLM102", False)],
            id="patch-target-not-exported",
        ),
        pytest.param(
            "def f(p: 'daydreaming_dagster.config.paths.Paths') -> None: ...\n",
            [(1, "DLM104", False)],
            id="string-annotation-without-import",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths\nx = paths.Paths\ny = paths._private\n",
            [(1, "DLM104", False), (3, "DLM102", False)],
            id="module-attribute-not-exported-import-kept",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths as p\nv = getattr(p, name)\n",
            [(1, "DLM104", False), (2, "DLM104", False)],
            id="module-getattr-dynamic-import-kept",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\n"
            "def f(x: 'Optional[daydreaming_dagster.config.paths.Paths]'): ...\n",
            [(1, "DLM104", False), (2, "DLM104", False)],
            id="complex-string-annotation-import-kept",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths\npaths = paths.Paths('x')\n"
            "raw = paths.raw_path('draft', 'g1')\n",
            [(1, "DLM104", False), (3, "DLM102", False)],
            id="module-binding-rebound-at-module-level",
        ),
        pytest.param(
            "from daydreaming_dagster import config\nx = config.paths.Paths\n",
            [(2, "DLM104", False)],
            id="reached-through-package-attribute",
        ),
        pytest.param(
            "import daydreaming_dagster.config\nx = daydreaming_dagster.config.paths.Paths\n",
            [(2, "DLM104", False)],
            id="reached-through-dotted-package",
        ),
        pytest.param(
            'm = importlib.import_module(("daydreaming_dagster.config" ".paths"))\n',
            [(1, "DLM104", False)],
            id="implicit-concatenation",
        ),
        pytest.param(
            'TARGET = "daydreaming_dagster.config.paths:Paths"\n',
            [(1, "DLM104", False)],
            id="module-attr-string-unknown-role",
        ),
        pytest.param(
            'm = pkgutil.resolve_name("daydreaming_dagster.config:paths")\n',
            [(1, "DLM104", False)],
            id="resolve-name-package-attribute",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\n\n"
            "a = daydreaming_dagster.config.paths.Paths('x')  # noqa: DLM001\n",
            [(1, "DLM104", False), (1, "DLM104", False)],
            id="noqa-use-keeps-its-import",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths.sub\n",
            [(1, "DLM104", False)],
            id="import-of-a-submodule",
        ),
        # Uses left as they are that need the legacy module imported keep every import of it.
        pytest.param(
            "from daydreaming_dagster import config as c\nimport daydreaming_dagster.config.paths\n"
            "print(c.paths.Paths)\n",
            [(2, "DLM104", False), (3, "DLM104", False)],
            id="import-kept-for-a-use-through-the-package",
        ),
        pytest.param(
            "from daydreaming_dagster import config\n"
            "from daydreaming_dagster.config.paths import Paths\nx = config.paths.RAW_FILENAME\n",
            [(2, "DLM104", False), (3, "DLM104", False)],
            id="names-import-kept-for-a-use-through-the-package",
        ),
        pytest.param(
            "import sys\nfrom ..config.paths import Paths\n"
            "m = sys.modules['daydreaming_dagster.config.paths']\n",
            [(2, "DLM104", False), (3, "DLM104", False)],
            id="import-kept-for-sys-modules",
        ),
        pytest.param(
            "import sys\nimport daydreaming_dagster.config.paths as p\n"
            "if 'daydreaming_dagster.config.paths' in sys.modules:\n    p.Paths('x')\n",
            [(2, "DLM104", False), (3, "DLM104", False)],
            id="import-kept-for-sys-modules-membership",
        ),
        pytest.param(
            "from ..config.paths import Paths\nPLUGINS = ['daydreaming_dagster.config.paths']\n",
            [(1, "DLM104", False), (2, "DLM104", False)],
            id="import-kept-for-a-string-of-unknown-role",
        ),
        pytest.param(
            "from ..config.paths import Paths\n"
            "m = pkgutil.resolve_name('daydreaming_dagster.config:paths')\n",
            [(1, "DLM104", False), (2, "DLM104", False)],
            id="import-kept-for-resolve-name-through-the-package",
        ),
        pytest.param(
            "import importlib\nfrom daydreaming_dagster.config import paths\n"
            "paths = importlib.reload(paths)\n",
            [(2, "DLM104", False), (3, "DLM104", False)],
            id="import-kept-for-reload",
        ),
        pytest.param(
            "from daydreaming_dagster import config\nfrom ..config.paths import Paths\n"
            "x = config.paths.RAW_FILENAME  # noqa: DLM001\n",
            [(2, "DLM104", False)],
            id="import-kept-for-a-noqa-use-through-the-package",
        ),
    ],
)
def test_reported_and_left(source: str, expected: list[tuple[int, str, bool]]) -> None:
    assert codes(check_noop(C, source)) == expected


@pytest.mark.parametrize(
    ("source", "filename", "expected"),
    [
        pytest.param(
            "from .config.paths import Paths\n",
            SCRIPT,
            [(1, "DLM104", False)],
            id="relative-import-without-module-name",
        ),
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths\n",
            NEW_MODULE_FILE,
            [(1, "DLM104", False)],
            id="new-module-never-imports-itself",
        ),
    ],
)
def test_reported_and_left_located(
    source: str, filename: str, expected: list[tuple[int, str, bool]]
) -> None:
    assert codes(check_noop(C, source, filename=filename)) == expected


def test_reached_through_package_beside_a_module_import() -> None:
    """The chain through `c` needs scope analysis even though the file imports the legacy module
    itself (the guard flags only that import): reported, whichever way the file is scanned, and
    since `c.paths` exists only while the legacy module is imported, the import is kept (with
    the uses through it: they still work)."""
    findings = check_noop(
        C,
        "import daydreaming_dagster.config.paths\nimport daydreaming_dagster.config as c\n"
        "x = daydreaming_dagster.config.paths.Paths\ny = c.paths.X\n",
    )
    assert codes(findings) == [(1, "DLM104", False), (4, "DLM104", False)]
    assert "kept: line 4: `c.paths` reaches it through its package" in findings[0].message


def test_every_rewrite_is_a_fixed_finding_on_its_line() -> None:
    findings = check_transformed(
        C,
        """\
        import daydreaming_dagster.config.paths
        from ..config.paths import (
            Paths,
        )
        x = daydreaming_dagster.config.paths.Paths(
            daydreaming_dagster.config.paths.RAW_FILENAME)
        patch("daydreaming_dagster.config.paths.Paths")  # daydreaming_dagster.config.paths
        """,
        """\
        import data_layer.paths
        from data_layer.paths import (
            Paths,
        )
        x = data_layer.paths.Paths(
            data_layer.paths.RAW_FILENAME)
        patch("data_layer.paths.Paths")  # daydreaming_dagster.config.paths
        """,
    )
    assert [(f.line, f.column, f.code, f.fixed) for f in findings] == [
        (1, 1, "DLM001", True),
        (2, 1, "DLM001", True),
        (5, 5, "DLM001", True),
        (6, 5, "DLM001", True),
        (7, 7, "DLM001", True),
        (7, 50, "DLM103", False),
    ]
    assert all(f.message for f in findings)


def test_unfixed_findings_are_warnings() -> None:
    context = CodemodContext(filename=str(SRC / "assets" / "example.py"))
    codemod = C(context, CONFIG)
    codemod.transform_module(cst.parse_module("from ..config.paths import *\n"))
    assert context.warnings == [codemod.findings[0].format()]
    assert codemod.findings[0].code in C.CODES


# -- where LibCST's RenameCommand fails today, we do not ----------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "from daydreaming_dagster.config.paths import Paths as P\nP('x')\n",
            "from data_layer.paths import Paths as P\nP('x')\n",
            id="rename-drops-aliases",
        ),
        pytest.param(
            "from ..config.paths import Paths\nPaths('x')\n",
            "from data_layer.paths import Paths\nPaths('x')\n",
            id="rename-leaves-relative-imports",
        ),
        pytest.param(
            "from daydreaming_dagster.config import paths\n__all__ = ['paths']\n",
            "from data_layer import paths\n__all__ = ['paths']\n",
            id="rename-breaks-dunder-all",
        ),
        pytest.param(
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from daydreaming_dagster.config.paths import Paths\n"
            "def f(p: 'Paths') -> None: ...\n",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from data_layer.paths import Paths\n"
            "def f(p: 'Paths') -> None: ...\n",
            id="rename-adds-runtime-import-for-type-checking-only",
        ),
        pytest.param(
            "from data_layer.paths import RAW_FILENAME\n"
            "from daydreaming_dagster.config.paths import Paths\nPaths(RAW_FILENAME)\n",
            "from data_layer.paths import RAW_FILENAME, Paths\nPaths(RAW_FILENAME)\n",
            id="rename-adds-second-import-line",
        ),
    ],
)
def test_where_rename_command_fails(before: str, after: str) -> None:
    check_transformed(C, before, after)


# -- configuration, surface, libcst.tool -------------------------------------------------------


def test_paths_exports_match_the_new_module() -> None:
    paths = pytest.importorskip("data_layer.paths")
    assert frozenset(paths.__all__) == PATHS_EXPORTS


def test_may_apply_uses_the_prefilter() -> None:
    assert C.may_apply(b"from ..config.paths import Paths\n", CONFIG)
    assert not C.may_apply(b"import os\n", CONFIG)


def test_source_from_scratch_is_used() -> None:
    source = "from ..config.paths import Paths\n"
    context = CodemodContext(filename=str(SRC / "assets" / "example.py"))
    context.scratch[C.SOURCE_SCRATCH_KEY] = source
    result = C(context, CONFIG).transform_module(cst.parse_module(source))
    assert result.code == "from data_layer.paths import Paths\n"


def test_other_legacy_module_name() -> None:
    config = dataclasses.replace(
        CONFIG, legacy_module="acme.settings.locations", paths_module="acme_store.locations"
    )
    check_transformed(
        C,
        "from ..settings.locations import Paths\nfrom acme.settings import locations\n",
        "from acme_store.locations import Paths\nfrom acme_store import locations\n",
        config=config,
        filename=str(PROJECT / "src" / "acme" / "jobs" / "run.py"),
    )


def test_findings_reset_between_files() -> None:
    context = CodemodContext(filename=str(SRC / "assets" / "example.py"))
    codemod = C(context, CONFIG)
    codemod.transform_module(cst.parse_module("from ..config.paths import *\n"))
    codemod.transform_module(cst.parse_module("import os\n"))
    assert codemod.findings == []


def test_run_codemod_dedents() -> None:
    code, _ = run_codemod(C, textwrap.indent("from ..config.paths import Paths\n", "    "))
    assert code == "from data_layer.paths import Paths\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "module = import_module('.paths', package='daydreaming_dagster.config')\n",
            "module = import_module('data_layer.paths', package='daydreaming_dagster.config')\n",
            id="import-module-relative-with-package",
        ),
        pytest.param(
            "module = importlib.import_module('..config.paths', __package__)\n",
            "module = importlib.import_module('data_layer.paths', __package__)\n",
            id="import-module-relative-with-dunder-package",
        ),
    ],
)
def test_relative_import_module(before: str, after: str) -> None:
    check_transformed(C, before, after)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(
            "m = import_module('.paths', package='daydreaming_dagster.assets')\n",
            id="other-package",
        ),
        pytest.param("m = import_module('.paths', package=name)\n", id="unknown-package"),
    ],
)
def test_relative_import_module_noop(source: str) -> None:
    assert check_noop(C, source) == []


def test_dunder_import_of_the_package_with_the_module_in_fromlist_is_reported() -> None:
    findings = check_noop(C, "m = __import__('daydreaming_dagster.config', fromlist=['paths'])\n")
    assert codes(findings) == [(1, "DLM104", False)]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "from daydreaming_dagster.config import paths, settings\npaths.Paths\n",
            "import newpaths as paths\n\nfrom daydreaming_dagster.config import settings\npaths.Paths\n",
            id="module-from-import-split",
        ),
        pytest.param(
            "from ..config import paths as p\np.Paths\n",
            "import newpaths as p\np.Paths\n",
            id="module-from-import-alias",
        ),
        pytest.param(
            "import daydreaming_dagster.config.paths\ndaydreaming_dagster.config.paths.Paths\n",
            "import newpaths\nnewpaths.Paths\n",
            id="import-dotted",
        ),
    ],
)
def test_top_level_new_module(before: str, after: str) -> None:
    check_transformed(C, before, after, config=dataclasses.replace(CONFIG, paths_module="newpaths"))
