"""Pipeline steps. In the real project each function is a Dagster asset; here they take any
object with `resources.data_root`, which is all they use of the Dagster context."""
