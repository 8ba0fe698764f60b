import itertools

import pytest

from kimai_tui.rules.billable import resolve_billable
from kimai_tui.rules.errors import ValidationError


@pytest.mark.parametrize("c, p, a", list(itertools.product([True, False], repeat=3)))
def test_auto_is_billable_unless_one_level_is_not(c, p, a):
    assert resolve_billable("auto", c, p, a) == (c and p and a)
    assert resolve_billable("yes", c, p, a) is True
    assert resolve_billable("no", c, p, a) is False


def test_unknown_mode():
    with pytest.raises(ValidationError, match="auto, yes or no") as info:
        resolve_billable("maybe", True, True, True)
    assert info.value.field == "billable"
