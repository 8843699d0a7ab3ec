"""Fast paths kept apart from the rules: each is pinned by tests to the slow path it replaces."""
