"""DayDreaming experiment pipeline (Dagster assets, resources and helpers)."""
