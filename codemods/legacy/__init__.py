"""The one detection of references to the legacy module, LibCST-free: the guard, `report`, `shim remove`
and the import codemod all find references here."""
