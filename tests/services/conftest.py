from svc_support import world  # noqa: F401  (the fixture)
