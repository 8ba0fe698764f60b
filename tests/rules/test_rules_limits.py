import pytest

from kimai_tui.rules.errors import RuleRefused
from kimai_tui.rules.limits import (decide_start, long_record_seconds, refuse_message,
                                    soft_limit_reached)


def test_limit_one_stops_running():
    assert decide_start(0, 1) == "start"
    assert decide_start(1, 1) == "stop_running"


def test_above_one_refuses_naming_running_records():
    assert decide_start(2, 3) == "start"
    with pytest.raises(RuleRefused) as info:
        decide_start(3, 3, ["Acme / Web / Design", "Acme / Web / Support", "Intern / Admin"])
    assert "Acme / Web / Design" in info.value.message and "Intern / Admin" in info.value.message
    assert "3" in refuse_message(["a", "b", "c"], 3)


def test_soft_limit():
    assert soft_limit_reached(1, 1)
    assert not soft_limit_reached(0, 1)
    assert not soft_limit_reached(1, 2)
    assert soft_limit_reached(3, 2)


def test_long_record_limit_is_the_shorter_of_review_and_kimais_rule():
    assert long_record_seconds(10 * 3600, 0) == 10 * 3600  # Kimai's rule off
    assert long_record_seconds(10 * 3600, 8 * 60) == 8 * 3600
    assert long_record_seconds(4 * 3600, 8 * 60) == 4 * 3600
