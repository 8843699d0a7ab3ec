"""The one detection of references to the legacy module, LibCST-free: the guard, `report`,
`shim remove` and the import codemod all find references here.

`references` finds and classifies them on the `ast`; `names` holds the module names, `text` the
patterns over source text and the decoder, `runtime` the table of calls that resolve a string at
run time, `scopes` which chains' roots are a parameter or local, `noqa` what `# noqa: DLM001`
means, `prefilter` the byte-level skip and narrowing before parsing.
"""
