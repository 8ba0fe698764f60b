"""A seeded database and an app factory for Pilot tests (a real SQLite file per test)."""

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from kimai_tui.app import make_app
from kimai_tui.data import catalogue as catalogue_repo
from kimai_tui.data import db
from kimai_tui.data import users as users_repo
from kimai_tui.services.context import Context
from kimai_tui.settings import (CustomField, CustomFields, KimaiSettings, Settings,
                                TimesheetSettings, TuiSettings)

NOW = datetime(2026, 11, 4, 9, 0, tzinfo=timezone.utc)  # a Wednesday


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def world(tmp_path):
    database = db.connect("sqlite:///" + str(tmp_path / "k.sqlite"))
    user_id = users_repo.create({"username": "alice", "roles": "ROLE_USER",
                                 "hourly_rate": 100, "timezone": "UTC"})
    koruna = catalogue_repo.create("customer", {"name": "Koruna Assist", "currency": "PHP"})
    kaesim = catalogue_repo.create("customer", {"name": "Kaesim Cybersecurity",
                                                "currency": "PHP"})
    sla = catalogue_repo.create("project", {"name": "Koruna SLA", "customer": koruna})
    setup = catalogue_repo.create("project", {"name": "Kaesim SLA IT Support",
                                              "customer": kaesim})
    ids = {
        "user": user_id, "koruna": koruna, "kaesim": kaesim, "sla": sla, "setup": setup,
        "support": catalogue_repo.create("activity", {"name": "User Support", "project": sla}),
        "laptop": catalogue_repo.create("activity", {"name": "Laptop Setup",
                                                     "project": setup}),
    }
    settings = Settings(
        kimai=KimaiSettings(timesheet=TimesheetSettings(rounding=())),
        custom_fields=CustomFields(timesheet=(CustomField("location", "string", "Location"),)),
        tui=TuiSettings(refresh_seconds=0.3))
    clock = Clock()
    ctx = Context(settings, database, users_repo.get(user_id), clock)
    yield {"ctx": ctx, "clock": clock, "ids": ids, "database": database}
    database.close()


def with_settings(ctx: Context, **timesheet_changes) -> Context:
    timesheet = replace(ctx.settings.kimai.timesheet, **timesheet_changes)
    settings = replace(ctx.settings, kimai=replace(ctx.settings.kimai, timesheet=timesheet))
    return Context(settings, ctx.database, ctx.user, ctx.clock)


async def settle(app, pilot, rounds: int = 3):
    """Let workers finish and messages drain (loads run in threads)."""
    from textual.worker import WorkerCancelled

    for _ in range(rounds):
        try:
            await app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive load replaced by a newer one
            pass
        await pilot.pause()


def store_description(record_id: int, text: str) -> None:
    """Give a record a description through the data layer: the services refuse control
    characters as new text (issue #11), yet older or imported records may hold them."""
    from kimai_tui.data.models import Timesheet

    Timesheet.update(description=text).where(Timesheet.id == record_id).execute()


def app_for(ctx):
    return make_app(ctx)


def screen_text(app) -> str:
    """What the terminal shows now (every screen of the stack, as drawn), as plain text."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()
