"""Fixtures of the IO codemod's tests (the shared cases and checks are in io_cases.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from io_cases import whole_scope_module
from legacy import LEGACY_SRC


@pytest.fixture(params=["reduced", "whole"])
def scope(request: pytest.FixtureRequest) -> Iterator[str]:
    """The test runs twice, and both runs must give the same code and findings: scope analysis
    on the module without the top-level bodies that cannot matter
    (codemods/speedups/scope_module.py), and on the whole module. Autouse for the rule tables
    (tests/io/rules/conftest.py); the driver's table modules ask for it by `pytestmark`."""
    if request.param == "whole":
        with whole_scope_module():
            yield "whole"
    else:
        yield "reduced"


@pytest.fixture
def legacy_on_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`daydreaming_dagster` importable from the bundled legacy project, forgotten afterwards."""
    monkeypatch.syspath_prepend(str(LEGACY_SRC))
    yield
    for name in [name for name in sys.modules if name.split(".")[0] == "daydreaming_dagster"]:
        del sys.modules[name]
