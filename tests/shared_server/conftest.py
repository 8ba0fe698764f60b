from shared_support import forced  # noqa: F401  (the fixture)
