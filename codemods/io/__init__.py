"""The IO codemod: generation-file IO through `Paths` rewritten into `GensDataLayer` calls."""
