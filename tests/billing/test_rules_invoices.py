"""Invoice numbers (Kimai's placeholders, documented with the example date 2019-07-09),
grouping of lines and totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kimai_tui.rules.errors import ValidationError
from kimai_tui.rules.invoices import (Item, format_number, group_lines, parse_number_format,
                                      totals)

DAY = date(2019, 7, 9)
TEXTS = {"cname": "Kaesim", "cnumber": "C-17", "ustaff": "P1002", "uid": "4"}


@pytest.mark.parametrize("fmt, counts, expected", [
    ("{date}", {"c": 0}, None),  # no counter: refused below
    ("{Y}/{cy,3}", {"cy": 0}, "2019/001"),
    ("{Y}/{cy,3}", {"cy": 41}, "2019/042"),
    ("{y}{M}{D}-{c}", {"c": 9}, "190709-10"),
    ("{m}.{d}.{Y}-{cm}", {"cm": 2}, "7.9.2019-3"),
    ("{cd,2}", {"cd": 0}, "01"),
    ("{cnumber}-{ccy,4}", {"ccy": 6}, "C-17-0007"),
    ("{cname}/{ccm}/{ccd}/{cc}", {"ccm": 1, "ccd": 0, "cc": 10}, "Kaesim/2/1/11"),
    ("{ustaff}-{uid}-{cu}-{cuy}-{cum}-{cud}", {"cu": 4, "cuy": 3, "cum": 2, "cud": 1},
     "P1002-4-5-4-3-2"),
    ("INV-{cy+100,5}", {"cy": 0}, "INV-00101"),
    ("INV-{c-1}", {"c": 5}, "INV-5"),
])
def test_number_formats(fmt, counts, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            parse_number_format(fmt)
        return
    parse_number_format(fmt)
    assert format_number(fmt, DAY, counts, TEXTS) == expected


def test_bumps_move_every_counter():
    assert format_number("{Y}-{cy,2}", DAY, {"cy": 0}, TEXTS, bump=2) == "2019-03"


@pytest.mark.parametrize("fmt, message", [
    ("{Y}/{xx}", "not a placeholder"), ("{Y}/{cy", "brace"), ("{Y}}{cy}", "brace"),
    ("{Y+1}{cy}", "only counters"), ("{Y}{M}", "no counter"),
])
def test_bad_formats_say_what_is_wrong(fmt, message):
    with pytest.raises(ValidationError) as info:
        parse_number_format(fmt)
    assert message in info.value.message and info.value.field == "number_format"


def _item(rid, day, user="ana", project="P", activity="A", seconds=3600, amount="100",
          hourly="100", fixed=None):
    ids = {"ana": 1, "jose": 2, "P": 10, "Q": 11, "A": 20, "B": 21, "C": 22}
    return Item(rid, day, user, project, activity, f"work {rid}", seconds, Decimal(amount),
                Decimal(hourly) if hourly is not None else None,
                Decimal(fixed) if fixed is not None else None,
                (ids[user], ids[project], ids[activity]))


ITEMS = [_item(1, date(2026, 11, 2)), _item(2, date(2026, 11, 2), user="jose", amount="50",
                                            seconds=1800),
         _item(3, date(2026, 11, 3), activity="B", hourly="445", amount="445"),
         _item(4, date(2026, 11, 4), project="Q", activity="C", hourly=None, fixed="1000",
               amount="1000", seconds=600)]


@pytest.mark.parametrize("grouping, expected", [
    ("record", [("work 1", 3600, "100", "100"), ("work 2", 1800, "50", "100"),
                ("work 3", 3600, "445", "445"), ("work 4", 600, "1000", "1000")]),
    ("activity", [("A", 5400, "150", "100"), ("B", 3600, "445", "445"),
                  ("C", 600, "1000", "1000")]),
    ("project", [("P", 9000, "595", None), ("Q", 600, "1000", "1000")]),
    ("user", [("ana", 7800, "1545", None), ("jose", 1800, "50", "100")]),
    ("date", [("2026-11-02", 5400, "150", "100"), ("2026-11-03", 3600, "445", "445"),
              ("2026-11-04", 600, "1000", "1000")]),
])
def test_lines_are_grouped_as_kimai_groups_them(grouping, expected):
    lines = group_lines(ITEMS, grouping)
    assert [(line.description, line.seconds, str(line.amount),
             str(line.rate) if line.rate is not None else None) for line in lines] == expected
    assert sum(len(line.records) for line in lines) == 4


def test_totals_round_half_up_to_the_cent():
    lines = group_lines([_item(1, DAY, amount="663.2708"), _item(2, DAY, amount="0.0050")],
                        "record")
    result = totals(lines, Decimal("12"))
    assert result.subtotal == Decimal("663.28")  # 663.2758 -> .28
    assert result.tax == Decimal("79.59")  # 79.5936
    assert result.total == Decimal("742.87")
    assert totals(lines, Decimal("0")).tax == Decimal("0.00")


def test_a_global_activity_is_one_line_across_projects():
    items = [_item(1, DAY, project="P"), _item(2, DAY, project="Q")]
    (line,) = group_lines(items, "activity")
    assert (line.description, line.seconds, line.project) == ("A", 7200, "")
