"""Shared pytest configuration. The fixtures live next to the tests that use them:
tests/services/svc_support.py (`world`), tests/cli/cli_support.py (`cli`, `seeded`),
tests/tui/tui_support.py (the TUI's `world`)."""

import os

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_cache_home(tmp_path_factory):
    """The parsed-config cache (kimai_tui.settings_cache) writes under $XDG_CACHE_HOME: the
    tests, and the commands they start, keep it out of the real home."""
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous
