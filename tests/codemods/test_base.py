"""`MigrationCodemod`: the file's module name follows the context, also on a reused instance."""

from __future__ import annotations

from libcst.codemod import CodemodContext

from codemods.base import MigrationCodemod
from codemods.module_names import ModuleLocation

from codemod_testing import CONFIG, PROJECT


def test_location_follows_each_new_context() -> None:
    codemod = MigrationCodemod(CodemodContext(filename=str(PROJECT / "src/pkg/a.py")), CONFIG)
    assert codemod.location == ModuleLocation("pkg.a")
    codemod.context = CodemodContext(filename=str(PROJECT / "src/pkg/sub/__init__.py"))
    assert codemod.location == ModuleLocation("pkg.sub", is_package=True)


def test_location_falls_back_to_the_context_module_name() -> None:
    context = CodemodContext(filename="/elsewhere/x.py", full_module_name="other.x")
    assert MigrationCodemod(context, CONFIG).location == ModuleLocation("other.x")
    assert MigrationCodemod(CodemodContext(), CONFIG).location is None
