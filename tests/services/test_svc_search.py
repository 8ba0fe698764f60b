"""Free-text and custom-field search through timesheets.listing (rules.md §Search).
Hostile values (quotes, LIKE wildcards, SQL) only ever match literally."""

from __future__ import annotations

import pytest

from kimai_tui.data.models import Timesheet
from kimai_tui.queries import RecordFilter
from kimai_tui.rules.search import parse_search
from kimai_tui.services import timesheets


@pytest.fixture
def records(world):
    """Four records of alice with descriptions and `location` values (or none)."""
    made = {}
    for hour, (key, description, meta) in enumerate([
            ("home", "hello world", {"location": "homeoffice"}),
            ("office", "Hello there", {"location": "office", "ticket": "T-1"}),
            ("empty", "world peace", {"location": ""}),
            ("none", "nothing", {}),
    ]):
        made[key] = world.add(begin=f"2026-11-01 0{hour}:00", description=description,
                              meta=meta).id
    return made


def search(world, text: str, user: str = "alice") -> set[int]:
    flt = RecordFilter(search=parse_search(text))
    return {r.id for r in timesheets.listing(world.ctx(user), flt, limit=100)}


def test_terms_are_anded_case_insensitive_substrings(world, records):
    assert search(world, "hello") == {records["home"], records["office"]}
    assert search(world, "HELLO WORLD") == {records["home"]}
    assert search(world, "wor") == {records["home"], records["empty"]}


def test_exclusion(world, records):
    assert search(world, "!hello") == {records["empty"], records["none"]}
    assert search(world, "world !peace") == {records["home"]}


def test_field_contains(world, records):
    assert search(world, "location:home") == {records["home"]}
    assert search(world, "location:OFFICE") == {records["home"], records["office"]}
    assert search(world, "location:homeoffice hello world") == {records["home"]}


def test_field_empty_or_missing(world, records):
    assert search(world, "location:") == {records["empty"], records["none"]}
    assert search(world, 'location:""') == {records["empty"], records["none"]}


def test_field_missing(world, records):
    assert search(world, "location:~") == {records["none"]}


def test_field_any_value(world, records):
    assert search(world, "location:*") == {records["home"], records["office"]}


def test_field_exclusion(world, records):
    assert search(world, "location:!home") == {records["office"], records["empty"],
                                               records["none"]}


def test_unknown_field_name_is_data(world, records):
    assert search(world, "nosuchfield:x") == set()
    assert search(world, "nosuchfield:~") == set(records.values())


def test_colon_in_a_value_is_kept(world):
    target = world.add(meta={"ticket": "https://x:8080/a"}).id
    world.add(begin="2026-11-01 05:00", meta={"ticket": "https://x/a"})
    assert search(world, "ticket:https://x:8080") == {target}


HOSTILE = ["'; DROP TABLE timesheet; --", "it's", "100%", "a_b", "x)", "back\\slash",
           "' OR '1'='1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_custom_field_values_match_only_literally(world, value):
    target = world.add(meta={"location": value}, description=value).id
    # Decoys that a wildcard or broken quoting would match.
    decoys = ["100x", "axb", "x", "anything", "OR 1=1"]
    for i, decoy in enumerate(decoys):
        world.add(begin=f"2026-11-01 0{i}:00", meta={"location": decoy}, description=decoy)
    total = world.count()
    assert search(world, f'location:"{value}"') == {target}
    assert search(world, f'"{value}"') == {target}
    assert world.count() == total
    assert Timesheet.select().count() == total  # the table is still there


def test_double_quotes_in_a_value_are_stored_and_found(world):
    target = world.add(meta={"location": '"quoted" value'}).id
    world.add(begin="2026-11-01 05:00", meta={"location": "quote"})
    assert search(world, "location:quoted") == {target}
    assert search(world, 'location:"quoted value"') == set()  # the quotes are not in it


@pytest.mark.parametrize("needle", ["%", "_", "\\", "')", "' OR 1=1 --"])
def test_hostile_search_values_find_nothing_unless_literally_present(world, records, needle):
    assert search(world, needle) == set()
    assert search(world, f"location:{needle}") == set()
    assert search(world, f"{needle}:x") == set()


def test_sql_in_a_field_name_is_data(world, records):
    before = world.count()
    assert search(world, "x'||(select 1)||':home") == set()
    assert search(world, "drop.table--:~") == set(records.values())
    assert search(world, "drop.table--:x") == set()
    assert world.count() == before


def test_picker_ranking_puts_the_activity_name_first():
    """Issue 14 item 1: exact, prefix and whole-word matches in the activity name beat words
    spread over customer and project; among equal matches the recent combination first."""
    from kimai_tui.services.choices import Choice, rank

    setup = Choice(1, "Kaesim Cybersecurity", 2, "Kaesim SLA IT Support", 3,
                   "Kaesim SLA User Setup")
    support = Choice(1, "Kaesim Cybersecurity", 2, "Kaesim SLA IT Support", 4,
                     "Kaesim SLA User Support")
    non_sla = Choice(1, "Kaesim Cybersecurity", 5, "Kaesim Non SLA User Support", 6,
                     "Kaesim Non SLA User Support")
    out_of = Choice(7, "Koruna Assist", 8, "Koruna Assist Non SLA IT Support", 9,
                    "Koruna Assist Out of SLA User Support")
    found = [setup, non_sla, out_of, support]
    assert rank("SLA User Support", found)[0] == support
    assert rank("user support", found)[0] == support
    assert rank("kaesim sla user setup", found)[0] == setup
    assert rank("Kaesim SLA User", found)[:2] == [setup, support]  # prefix, shorter first
    assert rank("Kaesim SLA User", found, recent=[support])[:2] == [support, setup]
    assert rank("ksus", found)  # letters in order still find something
    assert rank("nothing like it", found) == []


def test_case_is_folded_for_every_alphabet(world):
    """Issue 14 item 8, on SQLite and (tests/reliability) PostgreSQL: every search and name
    lookup ignores case beyond ASCII."""
    from kimai_tui.rules.search import parse_search as parse
    from kimai_tui.services import catalogue, tags

    handover = world.add(begin="2026-11-01 01:00", description="Übergabe an Team B",
                         meta={"location": "Büro"}, tags=("Überstunden",)).id
    russian = world.add(begin="2026-11-01 03:00", description="Тест сети").id
    assert search(world, "übergabe") == {handover}
    assert search(world, "ÜBERGABE team") == {handover}
    assert search(world, "тест") == {russian}
    assert search(world, "!тест") == {handover}
    assert search(world, "location:BÜRO") == {handover}
    assert search(world, "location:!büro") == {russian}
    flt = RecordFilter(tags=["überstunden"])
    assert {r.id for r in timesheets.listing(world.ctx(), flt, limit=10)} == {handover}
    assert "Überstunden" in tags.names(world.ctx())
    nord = world.entity("customer", "Ärzte Nord", currency="EUR")
    found = catalogue.listing(world.ctx("admin"), "customer", search=parse("ärzte"))
    assert [c.id for c in found] == [nord]
    project = world.entity("project", "Straßenbau Süd", customer=nord)
    found = catalogue.listing(world.ctx("admin"), "project", search=parse("SÜD"))
    assert [p.id for p in found] == [project]
