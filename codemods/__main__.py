"""`python -m codemods`: the `data-layer-migrate` command."""

from __future__ import annotations

from codemods.cli import main

# Guarded: LibCST's `python -m libcst.tool list` imports every module of the packages that
# `.libcst.codemod.yaml` names, this one included.
if __name__ == "__main__":
    raise SystemExit(main())
