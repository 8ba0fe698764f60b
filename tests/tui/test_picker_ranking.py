"""Issue 14 item 1: the start picker starts the activity the user typed. On the demo data,
`SLA User Support` and `user support` pick "Kaesim SLA User Support", not the billable
"Kaesim SLA User Setup"; the matched letters stand out; recent combinations come first
among equal matches."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kimai_tui.data import db
from kimai_tui.data import timesheets as records_repo
from kimai_tui.data import users as users_repo
from kimai_tui.screens.pickers import MATCH_STYLE, StartPicker, choice_label
from kimai_tui.services import demo as demo_service
from kimai_tui.services.choices import matched_spans
from kimai_tui.services.context import Context
from kimai_tui.settings import Settings, TuiSettings
from kimai_tui.widgets.active_bar import ActiveBar

from tui_support import app_for, settle

NOW = datetime(2026, 11, 4, 1, 0, tzinfo=timezone.utc)  # 09:00 in Manila


@pytest.fixture
def demo(tmp_path):
    database = db.connect("sqlite:///" + str(tmp_path / "demo.sqlite"))
    admin = users_repo.get(users_repo.create({"username": "root",
                                              "roles": "ROLE_SUPER_ADMIN"}))
    settings = Settings(tui=TuiSettings(refresh_seconds=0.3))
    demo_service.run(Context(settings, database, admin, lambda: NOW), records=300, users=5)
    ana = users_repo.by_username("ana")
    yield Context(settings, database, ana, lambda: NOW)
    database.close()


@pytest.mark.parametrize("typed", ["SLA User Support", "user support"])
async def test_typing_the_activity_name_starts_that_activity(demo, typed):
    app = app_for(demo)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press(*typed)
        await settle(app, pilot)
        picker = app.screen
        assert isinstance(picker, StartPicker)
        assert picker.shown[0].activity == "Kaesim SLA User Support"
        await pilot.press("enter")
        await settle(app, pilot)
        assert "Kaesim SLA User Support" in str(app.screen.query_one(ActiveBar).render())
    [running] = records_repo.running(demo.user.id)
    assert running.activity == "Kaesim SLA User Support"


def test_matched_letters_are_highlighted_in_the_activity_name():
    label = "Kaesim Cybersecurity / Kaesim SLA IT Support / Kaesim SLA User Support"
    activity_from = label.rindex(" / ") + 3
    spans = matched_spans("SLA User Support", label, activity_from)
    assert [label[a:b] for a, b in spans] == ["SLA", "User", "Support"]
    assert spans[0][0] > activity_from
    other = "Team / Übergabe"
    assert [other[a:b] for a, b in matched_spans("übergabe", other)] == ["Übergabe"]


def test_choice_label_styles_the_matches():
    from kimai_tui.services.choices import Choice

    text = choice_label(Choice(1, "Kaesim", 2, "SLA", 3, "User Support"), query="supp")
    styled = [text.plain[span.start:span.end] for span in text.spans
              if str(span.style) == MATCH_STYLE]
    assert styled == ["Supp"]
