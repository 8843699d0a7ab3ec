"""A vendored copy nobody maintains; excluded by [tool.data-layer-migrate] exclude."""

from daydreaming_dagster.config.paths import Paths

OLD = Paths
