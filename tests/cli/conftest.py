from cli_support import cli, seeded  # noqa: F401  (the fixtures)
