import pytest

from kimport_support import kimai_database


@pytest.fixture(scope="module")
def kimai_small():
    """A 100-user, 3,000-record generated Kimai, shared by a module's tests (read-only)."""
    yield from kimai_database(records=3000)


@pytest.fixture
def kimai_fresh():
    """A small generated Kimai of the test's own, which the test may change."""
    yield from kimai_database(records=500, users=20, seed=7)
