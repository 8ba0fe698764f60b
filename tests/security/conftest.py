from sweep_support import sweep_world  # noqa: F401  (the fixture)
