"""The command-line plumbing: file discovery, the per-file runner, source IO, diffs, progress and
summaries. LibCST-free except `runner`."""
