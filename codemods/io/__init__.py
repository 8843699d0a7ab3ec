"""The IO codemod: generation-file IO through `Paths` rewritten into `GensDataLayer` calls.

One rule per shape in `rules/` (`rules/write_text.py` turns `path.write_text(...)` into
`write_raw` & co.); the driver is `paths_io.py` (`PathsIOCodemod`) with `planner.py`."""
