"""The import codemod: every import of the legacy module rewritten to the new one."""
