"""The filter bar: free text (with custom-field terms such as `location:home`), customer,
project, activity, tags and state. Posts `Changed` a moment after the user stops typing."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Select

from kimai_tui.queries import RecordFilter
from kimai_tui.rules.search import parse_search
from kimai_tui.services import choices as choice_service
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput

DEBOUNCE_SECONDS = 0.15


class FilterBar(Vertical):
    DEFAULT_CSS = """
    FilterBar { height: auto; padding: 0 1; }
    FilterBar Horizontal { height: 1; }
    FilterBar #search { width: 1fr; }
    FilterBar Select { width: 1fr; }
    FilterBar #tag { width: 1fr; }
    FilterBar #state { width: 16; }
    """

    class Changed(Message):
        """The filter changed; the owner reads `current_filter()`."""

    class NamesLoaded(Message):
        """The names the viewer may filter by (and see in the table): {"customer": [...],
        "project": [...], "activity": [...]}; tables cut them where they differ."""

        def __init__(self, names: dict[str, list[str]]):
            super().__init__()
            self.names = names

    def __init__(self, ctx: Context, **kwargs):
        super().__init__(**kwargs)
        self.ctx = ctx
        self._timer: Timer | None = None
        self._lists_due = False  # the lists wait for the first rows (`compose`)
        self._found = None  # the names, kept until the lists are mounted

    def compose(self) -> ComposeResult:
        # On the app's first screen the four lists (half the screen's widgets: 35-45 ms of
        # styling and layout) are mounted after its first rows are drawn (issue 18).
        later = getattr(self.app, "after_first_rows", None)
        self._lists_due = later is not None and later(self._mount_lists)
        with Horizontal():
            yield SafeInput(placeholder="/ search: words, !exclude, field:value", id="search",
                            compact=True)
            if not self._lists_due:
                yield self._state_list()
        with Horizontal():
            if not self._lists_due:
                yield from self._name_lists()
            yield SafeInput(placeholder="tag", id="tag", compact=True)

    @staticmethod
    def _state_list() -> Select:
        return Select([("running", "running"), ("stopped", "stopped")], prompt="any state",
                      id="state", compact=True)

    @staticmethod
    def _name_lists() -> list[Select]:
        return [Select([], prompt="any customer", id="customer", compact=True),
                Select([], prompt="any project", id="project", compact=True),
                Select([], prompt="any activity", id="activity", compact=True)]

    async def _mount_lists(self) -> None:
        if not self.is_attached:
            return
        search, tag = self.query_one("#search", Input), self.query_one("#tag", Input)
        await search.parent.mount(self._state_list(), after=search)
        await tag.parent.mount_all(self._name_lists(), before=tag)
        self._lists_due = False
        if self._found is not None and not self.app._exit:  # not while quitting
            self._fill_lists(self._found)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        found = choice_service.start_choices(self.ctx)
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found) -> None:
        self._found = found
        if not self._lists_due:
            self._fill_lists(found)
        self.post_message(self.NamesLoaded({
            "customer": [inert(c.customer) for c in found],
            "project": [inert(c.project) for c in found],
            "activity": [inert(c.activity) for c in found]}))

    def _fill_lists(self, found) -> None:
        customers, projects, activities = {}, {}, {}
        for choice in found:
            customers.setdefault(choice.customer_id, choice.customer)
            projects.setdefault(choice.project_id, f"{choice.customer} / {choice.project}")
            activities.setdefault(choice.activity_id, choice.activity)
        for widget_id, entries in (("customer", customers), ("project", projects),
                                   ("activity", activities)):
            found_lists = self.query(f"#{widget_id}")
            if not found_lists:
                return  # not mounted (the app is quitting)
            select = found_lists.first(Select)
            select.set_options([(Text(inert(name)), key) for key, name in
                                sorted(entries.items(), key=lambda item: item[1].lower())])

    def focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def current_filter(self) -> RecordFilter:
        flt = RecordFilter()
        text = self.query_one("#search", Input).value.strip()
        if text:
            flt.search = parse_search(text)
        state = self._chosen_value("state")
        flt.state = state if state is not Select.NULL else "all"
        for widget_id, attr in (("customer", "customer_ids"), ("project", "project_ids"),
                                ("activity", "activity_ids")):
            value = self._chosen_value(widget_id)
            if value is not Select.NULL:
                setattr(flt, attr, [value])
        tag = self.query_one("#tag", Input).value.strip()
        if tag:
            flt.tags = [t.strip() for t in tag.split(",") if t.strip()]
        return flt

    def _chosen_value(self, widget_id: str):
        """A list's choice; nothing chosen while the lists wait for the first rows."""
        found = self.query(f"#{widget_id}")
        return found.first(Select).value if found else Select.NULL

    @on(Input.Changed)
    def _changed(self, event) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._emit)

    @on(Select.Changed)
    def _chosen(self, event) -> None:
        """A choice in a list is made once, not typed letter by letter: applied at once,
        without the typing's pause (issue 18)."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._emit()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter applies the filter and gives the keys back to the table (its screen's
        `focus_table` action), as on every screen with a search: `t` or `s` typed next
        are keys, not filter text."""
        event.stop()
        self._emit()
        focus_table = getattr(self.screen, "action_focus_table", None)
        if focus_table is not None:
            focus_table()

    def _emit(self) -> None:
        self._timer = None
        self.post_message(self.Changed())
