"""Issue #11 "inert everywhere", the services' side: new text with control or invisible
formatting characters is refused with one line on the field, by every service that writes
text, before anything is written (a NUL byte too, on SQLite and on PostgreSQL: this file runs
in the PostgreSQL suite of tests/reliability/test_postgres_suite.py); text already stored
is not new, so saving it unchanged passes and keeps it as it is."""

from __future__ import annotations

import pytest

from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import meta as meta_repo
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.data.models import Timesheet
from kimai_tui.rules.errors import ValidationError
from kimai_tui.services import catalogue, tags, teams, timesheets, users
from kimai_tui.services.record_save import RecordChanges
from nasty import HARMLESS, NASTY, raw_unsafe

HOSTILE = [NASTY[name] for name in NASTY if name not in HARMLESS] + ["tab\there",
                                                                    "two\nlines"]
NUL = "before\x00after"


def everything(world) -> list:
    """Every row of every table, to prove a refused call wrote nothing."""
    database = world.database
    return [(table, sorted(map(repr, database.execute_sql(f'SELECT * FROM "{table}"'))))
            for table in sorted(database.get_tables())]


def refused(world, call, field: str) -> str:
    """Run a call that must be refused on `field`; returns its one-line message."""
    before = everything(world)
    with pytest.raises(ValidationError) as info:
        call()
    assert everything(world) == before
    assert field in info.value.errors, info.value.errors
    (message,) = info.value.errors[field]
    assert "\n" not in message and not raw_unsafe(message)
    return message


def _record_calls(world):
    ctx = world.ctx("alice")
    record = world.add("alice")
    return {
        "description": lambda text: timesheets.create(ctx, world.changes(
            "2026-11-02 05:00", description=text)),
        "tags": lambda text: timesheets.update(ctx, record.id, RecordChanges(
            tags=("fine", text))),
        "meta": lambda text: timesheets.update(ctx, record.id, RecordChanges(
            meta={"location": text})),
    }


@pytest.mark.parametrize("text", HOSTILE + [NUL])
def test_record_text_is_refused(world, text):
    for field, call in _record_calls(world).items():
        if field == "description" and text in ("tab\there", "two\nlines"):
            continue  # a description may hold tabs and line breaks
        refused(world, lambda: call(text), field)


def test_a_nul_byte_is_refused_with_one_line_naming_it(world):
    message = refused(world, lambda: timesheets.start(world.ctx("alice"), RecordChanges(
        project_id=world.project, activity_id=world.activity, description=NUL)),
        "description")
    assert message.startswith("description contains a NUL byte (\\x00) at character 7")


def test_descriptions_keep_tabs_line_breaks_and_plain_unicode(world):
    text = "line one\r\nline two\n\tindented\rold mac " + "".join(
        NASTY[name] for name in HARMLESS)
    record = world.add("alice", description=text)
    assert timesheets.get(world.ctx("alice"), record.id).description == text


def _store_legacy_record(world):
    """A record whose text was stored before the services refused it (or was imported)."""
    record = world.add("alice", description="clean", tags=("ok",))
    Timesheet.update(description="legacy \x1b]0;pwned\x07").where(
        Timesheet.id == record.id).execute()
    records_repo.set_tags(record.id, ("ok", "\u202etag"))
    meta_repo.set_values("timesheet", record.id, {"location": "\x9b2J"})
    return timesheets.get(world.ctx("alice"), record.id)


def test_stored_text_saved_unchanged_passes_and_stays(world):
    legacy = _store_legacy_record(world)
    ctx = world.ctx("alice")
    saved = timesheets.update(ctx, legacy.id, RecordChanges(
        description=legacy.description, tags=legacy.tags, meta=dict(legacy.meta),
        end=legacy.end.replace(minute=30)))
    assert (saved.description, saved.tags, saved.meta) == (
        legacy.description, legacy.tags, legacy.meta)
    assert saved.end.minute == 30
    # A tag of its own stays; a new one with the same kind of character does not get in.
    refused(world, lambda: timesheets.update(ctx, legacy.id, RecordChanges(
        tags=legacy.tags + ("\u202enew",))), "tags")


def test_a_copy_of_stored_text_is_new_text(world):
    legacy = _store_legacy_record(world)
    refused(world, lambda: timesheets.duplicate(world.ctx("alice"), legacy.id), "description")


@pytest.mark.parametrize("text", HOSTILE + [NUL])
def test_catalogue_text_is_refused(world, text):
    admin = world.ctx("admin")
    multiline = text in ("tab\there", "two\nlines")
    refused(world, lambda: catalogue.create(admin, "customer", {"name": "C" + text}), "name")
    refused(world, lambda: catalogue.create(admin, "project", {
        "name": "P", "customer": world.customer, "order_number": text}), "order-number")
    refused(world, lambda: catalogue.update(admin, "activity", world.activity,
                                            {"number": text}), "number")
    refused(world, lambda: catalogue.update(admin, "customer", world.customer, {},
                                            {"note": text}), "meta-note")
    if not multiline:
        refused(world, lambda: catalogue.update(admin, "customer", world.customer,
                                                {"comment": text}), "comment")


def test_catalogue_stored_text_saved_unchanged_passes(world):
    admin = world.ctx("admin")
    catalogue_repo.update("customer", world.customer, {"name": "Acme\u202e", "vat_id": "\x1b"})
    saved = catalogue.update(admin, "customer", world.customer,
                             {"name": "Acme\u202e", "vat_id": "\x1b", "comment": "a\r\nb"})
    assert (saved.name, saved.vat_id, saved.comment) == ("Acme\u202e", "\x1b", "a\r\nb")


@pytest.mark.parametrize("text", HOSTILE + [NUL])
def test_people_text_is_refused(world, text):
    admin = world.ctx("admin")
    alice = world.user("alice").id
    refused(world, lambda: users.update(admin, alice, {"alias": text}), "alias")
    refused(world, lambda: users.update(admin, alice, {"email": f"a{text}@x.org"}), "email")
    refused(world, lambda: users.create(admin, {"username": "mallory", "staff_number": text,
                                                "roles": "ROLE_USER", "timezone": "UTC"}),
            "staff_number")
    refused(world, lambda: teams.save(admin, None, "Team " + text,
                                      leads=[alice]), "name")
    if text.strip() == text and "," not in text:
        refused(world, lambda: tags.add(admin, text), "name")


def test_a_user_saved_with_a_stored_alias_keeps_it(world):
    admin = world.ctx("admin")
    alice = world.user("alice").id
    users_repo.update(alice, {"alias": "Alice \x1b[31m", "email": "a\u200b@x.org"})
    saved = users.update(admin, alice, {"alias": "Alice \x1b[31m", "email": "a\u200b@x.org",
                                        "staff_number": "42"})
    assert (saved.alias, saved.email, saved.staff_number) == (
        "Alice \x1b[31m", "a\u200b@x.org", "42")
