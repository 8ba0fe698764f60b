from billing_support import books  # noqa: F401  (the fixture)
