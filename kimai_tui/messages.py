"""Messages the app posts to its screens. Kept apart from `app.py` so that screens can
import them without importing the app (which imports the screens): no import cycle."""

from __future__ import annotations

from textual.message import Message

from kimai_tui import domain


class RunningChanged(Message):
    """The running records were (re)loaded; screens and the active bar redraw."""

    def __init__(self, running: list[domain.Record]):
        super().__init__()
        self.running = running


class DataChanged(Message):
    """Something was written (here or elsewhere): views reload what they show."""
