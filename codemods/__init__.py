"""LibCST codemods, command line and guard that move a code base off the legacy paths module.

Importing this package is cheap: LibCST is imported only by the modules that rewrite code.
"""
