"""Modal pickers: start (fuzzy customer / project / activity, description, tags, custom fields),
recent activities, choosing one of several running records, and yes/no confirmation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from kimai_tui import domain
from kimai_tui.screens.confirm import Confirm  # noqa: F401 - where the screens import it
from kimai_tui.screens.form_guard import UnsavedGuard
from kimai_tui.screens.tag_completion import TagCompletion, TagSuggester
from kimai_tui.services import choices as choice_service
from kimai_tui.services.choices import Choice
from kimai_tui.services.favorites import Favorite
from kimai_tui.services.context import Context
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput

MAX_SHOWN = 200


@dataclass
class StartRequest:
    choice: Choice
    description: str = ""
    tags: tuple[str, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)


MATCH_STYLE = "bold underline reverse"


def choice_label(choice: Choice, recent: bool = False, query: str = "") -> Text:
    """customer / project / activity; with QUERY, the letters it matched stand out."""
    text = Text()
    if choice.color:
        text.append("■ ", style=choice.color)
    first = len(text)
    text.append(inert(choice.customer), style="dim")
    text.append(" / ")
    text.append(inert(choice.project))
    text.append(" / ")
    activity_from = len(text)
    text.append(inert(choice.activity), style="bold")
    if query:
        shown = text.plain[first:]
        for start, end in choice_service.matched_spans(query, shown, activity_from - first):
            text.stylize(MATCH_STYLE, first + start, first + end)
    if recent:
        text.append("  recent", style="italic dim")
    return text


class StartPicker(TagCompletion, UnsavedGuard, ModalScreen[StartRequest | None]):
    """Type to filter; Enter starts the highlighted entry with what the other fields say."""

    UNGUARDED = ("query",)  # a search is not worth a question; a description or tags are
    KEYS_HINT = ""  # its own help line is always in view

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("ctrl+s", "confirm", "Start", id="picker.confirm", priority=True),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]
    # Every line but the choices is one row high (compact fields with a label before them),
    # so at 80x24 the list keeps ~10 rows; a choice is one line, cut at the dialog's edge.
    DEFAULT_CSS = """
    StartPicker { align: center middle; }
    StartPicker > Vertical { width: 90%; max-width: 120; height: 90%; max-height: 40;
                             border: thick $primary; background: $surface; padding: 0 1; }
    StartPicker OptionList { height: 1fr; min-height: 3; border: none; padding: 0;
                             text-wrap: nowrap; text-overflow: ellipsis; }
    StartPicker .picker-field { height: 1; }
    StartPicker .picker-field > Label { width: 13; color: $text-muted; }
    StartPicker .picker-field:focus-within > Label { color: $accent; text-style: bold; }
    StartPicker Input { width: 1fr; }
    StartPicker .hint { color: $text-muted; height: 1; text-wrap: nowrap;
                        text-overflow: ellipsis; }
    """

    def __init__(self, ctx: Context, title: str = "Start", preselect: Choice | None = None,
                 on_chosen: Callable[[StartRequest], None] | None = None):
        """ON_CHOSEN: called with the request as Enter is pressed, before the picker closes,
        so the write starts at once instead of after the frame that closes it (issue 18);
        the result callback of `push_screen` still gets the request too."""
        super().__init__()
        self.ctx = ctx
        self.on_chosen = on_chosen
        self.title_text = title
        self.preselect = preselect
        self.choices: list[Choice] = []
        self.recent: list[Choice] = []
        self.shown: list[Choice] = []
        self.starred: list[tuple[Favorite, Choice]] = []
        self.shown_favorites: list[Favorite] = []  # the first rows of `shown`
        self._loaded_yet = False  # the choices have come from the worker
        self._confirm_when_loaded = False  # Enter came before them: start once they are in

    def compose(self) -> ComposeResult:
        """Tab goes query -> description -> tags -> custom fields: the list of choices takes
        no focus (its choice moves with up/down from any field), so what is typed after a
        Tab lands in the field whose label lights up."""
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            with Horizontal(classes="picker-field"):
                yield Label("Search")
                yield SafeInput(placeholder="customer / project / activity (fuzzy)",
                                id="query", compact=True)
            choices = OptionList(id="choices")
            choices.can_focus = False
            yield choices
            with Horizontal(classes="picker-field"):
                yield Label("Description")
                yield SafeInput(id="description", compact=True)
            with Horizontal(classes="picker-field"):
                yield Label("Tags")
                yield SafeInput(placeholder="comma separated", id="tags", compact=True)
            for custom in self.ctx.settings.custom_fields.timesheet:
                with Horizontal(classes="picker-field"):
                    yield Label(Text(inert(custom.label or custom.name)))
                    yield SafeInput(id=f"meta-{custom.name}", name=custom.name, compact=True)
            yield Label("Enter/Ctrl+S start · ↑↓ choose · Tab next field · Esc cancel",
                        classes="hint")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        """The choices, on a worker connection that is closed after
        (services/worker_reads.py); the tags when the Tags field is focused."""
        from kimai_tui.services import favorites
        from kimai_tui.services.worker_reads import worker_reads

        with worker_reads(self.ctx.database):
            found = choice_service.start_choices(self.ctx)
            recent = choice_service.recent_choices(self.ctx)
            starred = favorites.listing(self.ctx)
        self.app.call_from_thread(self._loaded, found, recent, [], starred)

    def _loaded(self, found: list[Choice], recent: list[Choice], tags: list[str],
                starred: list[Favorite] | None = None) -> None:
        self.choices, self.recent = found, recent
        usable = {(c.project_id, c.activity_id): c for c in found}
        # Favourites whose project and activity one may still use, with their choice.
        self.starred = [(f, usable[(f.project_id, f.activity_id)]) for f in starred or ()
                        if (f.project_id, f.activity_id) in usable]
        self.query_one("#tags", Input).suggester = TagSuggester(tags)
        self._loaded_yet = True
        self._filter(self.query_one("#query", Input).value)
        if not found:
            from kimai_tui.screens.first_run import nothing_to_track

            options = self.query_one("#choices", OptionList)
            options.styles.text_wrap = "wrap"
            options.add_option(Option(Text(nothing_to_track(self.ctx), style="italic"),
                                      disabled=True))
        if self._confirm_when_loaded:
            self._confirm_when_loaded = False
            self.call_after_refresh(self.action_confirm)  # after the typed words' filter

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    def _filter(self, query: str) -> None:
        query = query.strip()
        if not query:
            recent_keys = {(c.project_id, c.activity_id) for c in self.recent}
            ordered = self.recent + [c for c in self.choices
                                     if (c.project_id, c.activity_id) not in recent_keys]
            flags = [True] * len(self.recent) + [False] * (len(ordered) - len(self.recent))
        else:
            ordered = choice_service.rank(query, self.choices, self.recent)
            recent_keys = {(c.project_id, c.activity_id) for c in self.recent}
            flags = [(c.project_id, c.activity_id) in recent_keys for c in ordered]
        # Favourites first (issue "For support staff"): all of them with nothing typed, else
        # those whose name or customer / project / activity holds every typed word.
        words = query.lower().split()
        starred = [(f, c) for f, c in self.starred
                   if all(w in f"{f.name} {c.label}".lower() for w in words)]
        self.shown_favorites = [f for f, _ in starred]
        self.shown = ([c for _, c in starred] + ordered)[:MAX_SHOWN]
        flags = [False] * len(starred) + flags
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        options.add_options([
            Option(self._favorite_label(self.shown_favorites[i], c) if i < len(starred)
                   else choice_label(c, recent, query), id=str(i))
            for i, (c, recent) in enumerate(zip(self.shown, flags))])
        if self.shown:
            index = 0
            if self.preselect is not None and not query:
                for i, c in enumerate(self.shown):
                    if (c.project_id, c.activity_id) == (self.preselect.project_id,
                                                         self.preselect.activity_id):
                        index = i
            options.highlighted = index

    def action_move(self, delta: int) -> None:
        options = self.query_one("#choices", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + delta, 0), options.option_count - 1)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_confirm()

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_confirm()

    def on_key(self, event: events.Key) -> None:
        """A quick typist's letters can come before the search field has focus (`s` and the
        words in one burst): the app then hands them to the screen, not to a field, or the
        table below hands them on (`typed_ahead`). They go into the field with focus, else
        the search, in the order typed; an Enter handed on starts the choice."""
        ahead = getattr(event, "typed_ahead", False)  # handed on by the screen below
        if event.is_printable and event.character:
            field = self.focused if isinstance(self.focused, Input) else self.query_one(
                "#query", Input)
            field.insert_text_at_cursor(event.character)
            event.stop()
        elif ahead and event.key == "enter":
            event.stop()  # (no field saw it: its binding would not run)
            self.action_confirm()

    def action_confirm(self) -> None:
        if not self._loaded_yet:  # Enter typed ahead of the choices: start when they are in
            self._confirm_when_loaded = True
            return
        options = self.query_one("#choices", OptionList)
        if options.highlighted is None or not self.shown:
            self.notify("Nothing matches: change the search.", severity="warning")
            return
        choice = self.shown[options.highlighted]
        tags = tuple(t.strip() for t in self.query_one("#tags", Input).value.split(",")
                     if t.strip())
        meta = {}
        for custom in self.ctx.settings.custom_fields.timesheet:
            value = self.query_one(f"#meta-{custom.name}", Input).value
            if value:
                meta[custom.name] = value
        description = self.query_one("#description", Input).value
        if options.highlighted < len(self.shown_favorites):
            # A favourite brings its description, tags and fields; what was typed wins.
            starred = self.shown_favorites[options.highlighted]
            description = description or starred.description
            tags = tags or tuple(starred.tags)
            meta = {**starred.meta, **meta}
        request = StartRequest(choice, description, tags, meta)
        if self.on_chosen is not None:
            self.on_chosen(request)
        self.dismiss(request)

    @staticmethod
    def _favorite_label(starred: Favorite, choice: Choice) -> Text:
        text = Text("★ ", style="bold yellow")
        text.append(inert(starred.name), style="bold")
        text.append("  " + inert(choice.label), style="dim")
        return text


class ChooseRecord(ModalScreen[domain.Record | None]):
    """One of several records (which running record to stop)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="choose.cancel")]
    DEFAULT_CSS = """
    ChooseRecord { align: center middle; }
    ChooseRecord > Vertical { width: 80%; max-width: 110; height: auto; max-height: 80%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, records: list[domain.Record]):
        super().__init__()
        self.title_text = title
        self.records = records

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield OptionList(*[Option(Text(inert(
                f"#{r.id} {r.customer} / {r.project} / {r.activity}  {r.description[:40]}")),
                id=str(r.id)) for r in self.records], id="records")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.records[event.option_index])


class RecentPicker(ModalScreen["Choice | Favorite | None"]):
    """Your favourites (a digit key each) above the recently used activities; Enter or the
    digit starts one; Delete on a favourite removes it (asks)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="recent.cancel"),
                Binding("delete", "delete_favorite", "Delete favourite",
                        id="recent.delete_favorite"),
                *[Binding(str(d), f"favorite({d})", show=False, id=f"recent.favorite_{d}")
                  for d in range(1, 10)]]
    DEFAULT_CSS = """
    RecentPicker { align: center middle; }
    RecentPicker > Vertical { width: 80%; max-width: 110; height: auto; max-height: 80%;
                              border: thick $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, ctx: Context):
        super().__init__()
        self.ctx = ctx
        self.recent: list[Choice] = []
        self.favorites: list[Favorite] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Start again  (1-9: a favourite · Delete: remove a favourite)",
                             style="bold"))
            yield OptionList(id="recent")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._load()

    @work(thread=True)
    def _load(self) -> None:
        from kimai_tui.services import favorites

        found = favorites.listing(self.ctx)
        recent = choice_service.recent_choices(self.ctx)
        self.app.call_from_thread(self._loaded, found, recent)

    def _loaded(self, found: list[Favorite], recent: list[Choice]) -> None:
        self.favorites, self.recent = found, recent
        options = self.query_one(OptionList)
        options.clear_options()
        if not recent and not found:
            options.add_option(Option("No recent activities yet.", disabled=True))
            return
        for favorite in found:
            label = Text(f"★{favorite.key or ' '} ", style="bold yellow")
            label.append(inert(favorite.name), style="bold")
            label.append("  " + inert(favorite.label or "(no longer available)"), style="dim")
            if favorite.description:
                label.append(" · " + inert(favorite.description), style="dim")
            options.add_option(Option(label))
        options.add_options([Option(choice_label(c)) for c in recent])
        options.highlighted = 0

    def _item(self, index: int):
        if index < len(self.favorites):
            return self.favorites[index]
        index -= len(self.favorites)
        return self.recent[index] if 0 <= index < len(self.recent) else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        item = self._item(event.option_index)
        if item is not None:
            self.dismiss(item)

    def action_favorite(self, key: int) -> None:
        for favorite in self.favorites:
            if favorite.key == key:
                self.dismiss(favorite)
                return

    def action_delete_favorite(self) -> None:
        index = self.query_one(OptionList).highlighted
        item = self._item(index) if index is not None else None
        if not isinstance(item, Favorite):
            return
        from kimai_tui.services import favorites

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.call_service(lambda: favorites.delete(self.ctx, item.name),
                                      f"Favourite {item.name} removed",
                                      on_success=lambda _: self._load())

        self.app.push_screen(Confirm(f"Remove the favourite {item.name}?", "Remove"),
                             confirmed)


class AskText(ModalScreen[str | None]):
    """One line of text (a comment) or None when cancelled: Enter answers, Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="ask.cancel")]
    DEFAULT_CSS = """
    AskText { align: center middle; }
    AskText > Vertical { width: 70; max-width: 95%; height: auto; border: thick $primary;
                         background: $surface; padding: 0 1; }
    """

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.question))
            yield SafeInput(id="answer")
            yield Label(Text("Enter to confirm · Esc to cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
