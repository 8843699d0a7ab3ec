"""Configuration: canonical filesystem locations of the pipeline's data."""
