from decimal import Decimal as D

from kimai_tui.rules.budgets import budget_status, check_budget, month_bounds


def test_status_money():
    s = budget_status("money", D(1000), D(250))
    assert (s.free, s.percent) == (D(750), D("25.00"))


def test_status_time_and_zero_total():
    s = budget_status("time", 36000, 12000)
    assert (s.free, s.percent) == (24000, D("33.33"))
    assert budget_status("time", 0, 500).percent == D(0)


def test_check_budget_refuses_over():
    msg = check_budget("project", "Website", "time", 36000, 30600, 7200)
    assert msg is not None
    for part in ("project", "Website", "8:30", "10:00", "1:30"):
        assert part in msg


def test_check_budget_money_two_decimals():
    msg = check_budget("customer", "Acme", "money", D(1000), D("950.5"), D(100))
    assert "950.50" in msg and "1000.00" in msg and "49.50" in msg and "customer" in msg


def test_check_budget_passes():
    assert check_budget("activity", "A", "time", 36000, 30000, 6000) is None  # exactly full
    assert check_budget("activity", "A", "time", 0, 99999, 600) is None  # no budget
    assert check_budget("activity", "A", "money", D(10), D(50), D(0)) is None  # rate 0
    assert check_budget("activity", "A", "time", 100, 500, 0) is None  # duration 0
    assert check_budget("activity", "A", "time", 100, 500, -50) is None  # an edit that shrinks


def test_month_bounds():
    assert month_bounds(2024, 2) == (20240201, 20240229)
    assert month_bounds(2023, 2) == (20230201, 20230228)
    assert month_bounds(2024, 12) == (20241201, 20241231)
