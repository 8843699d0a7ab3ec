"""`python -m codemods`: the `data-layer-migrate` command."""

from __future__ import annotations

from codemods.cli import main

raise SystemExit(main())
