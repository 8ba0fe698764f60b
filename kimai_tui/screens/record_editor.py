"""The record editor (modal): new or existing record, fields per tracking mode and permission,
a live preview of what the times mean, and the services' field errors next to their fields.

Ctrl+S saves, Escape cancels. Saving runs in a worker; nothing is written when it fails.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Label, Markdown, Select, TextArea

from kimai_tui import domain
from kimai_tui.rules.display import format_clock, format_date_clock, format_hours
from kimai_tui.rules.durations import format_duration, parse_duration
from kimai_tui.rules.errors import Conflict, KimaiError, ValidationError
from kimai_tui.screens.form_guard import UnsavedGuard
from kimai_tui.screens.tag_completion import TagCompletion, TagSuggester
from kimai_tui.screens.record_actions import show_form_errors
from kimai_tui.services import inputs, record_save
from kimai_tui.services import choices as choice_service
from kimai_tui.services import timesheets as timesheet_service
from kimai_tui.services.capabilities import Capabilities
from kimai_tui.services.context import Context, zone
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.services.record_times import mode_begin
from kimai_tui.textsafe import inert
from kimai_tui.widgets.safe_fields import SafeInput, SafeTextArea

FIELDS = ("project", "activity", "begin", "end", "duration", "break", "description", "tags",
          "billable", "exported", "meta")


def _local_text(moment: datetime | None, tz, time_format: str = "24h") -> str:
    """A date and time as the field shows it, in the user's 12/24-hour clock (either is read
    back)."""
    if moment is None:
        return ""
    return format_date_clock(moment.astimezone(tz), time_format)


def _actual_text(record: domain.Record, tz, time_format: str = "24h") -> Text:
    """The actual times beside the rounded ones shown in the fields (rules.md "Decision
    (actual and billed times)"): seconds, as the clock said them."""
    begin = format_date_clock(record.actual_begin.astimezone(tz), time_format, seconds=True)
    end = (format_clock(record.actual_end.astimezone(tz), time_format, seconds=True)
           if record.actual_end else "…")
    return Text(f"Actual (clock) {begin} – {end}; begin, end and duration above are rounded "
                "for billing", style="italic")


class RecordEditor(TagCompletion, UnsavedGuard, ModalScreen[domain.Record | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel"),
    ]
    refusal: str | None = None  # why this record cannot be changed: it opens read-only
    DEFAULT_CSS = """
    RecordEditor { align: center middle; }
    RecordEditor > VerticalScroll { width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    RecordEditor .field-label { color: $text-muted; }
    RecordEditor .error { color: $error; width: 100%; height: auto; display: none; }
    RecordEditor .error.-shown { display: block; }
    RecordEditor #preview { color: $success; }
    RecordEditor #read-only { color: $warning; text-style: bold; }
    RecordEditor TextArea { height: 4; }
    RecordEditor Input, RecordEditor Select { margin-bottom: 0; }
    RecordEditor Markdown { height: auto; max-height: 8; border: round $panel; }
    RecordEditor Horizontal { height: auto; }
    RecordEditor Horizontal > Vertical { width: 1fr; height: auto; }
    """

    def __init__(self, ctx: Context, record: domain.Record | None = None,
                 begin: datetime | None = None, end: datetime | None = None,
                 user_id: int | None = None):
        super().__init__()
        self.ctx = ctx
        self.record = record
        self.initial_begin = begin
        self.initial_end = end
        self.user_id = record.user_id if record else (user_id or ctx.user.id)
        self.tz = zone(record.timezone if record else ctx.user.timezone)
        self.prefer_duration = False
        self.choices: list[choice_service.Choice] = []
        caps = Capabilities(ctx)
        self.time_fields = caps.time_fields(self.user_id)
        self.may_billable = caps.billable(self.user_id)
        self.may_export = caps.exported_flag(self.user_id)
        own = self.user_id == ctx.user.id
        self.markdown = ctx.settings.kimai.timesheet.markdown_content and own

    def _owner_name(self) -> str:
        """Whose record this is, as the lead knows them (alias and username)."""
        if self.record is not None:
            return self.record.username
        from kimai_tui.services import users

        try:
            owner = users.get(self.ctx, self.user_id)
        except KimaiError:
            return f"user #{self.user_id}"
        return f"{owner.alias} ({owner.username})" if owner.alias else owner.username

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        record = self.record
        title = f"Edit record #{record.id}" if record else "New record"
        if self.user_id != self.ctx.user.id:  # a lead at a member's record: say whose
            title += f" of {self._owner_name()}" if record else f" for {self._owner_name()}"
        with VerticalScroll():
            yield Label(Text(inert(title), style="bold"))
            yield Label("Project", classes="field-label")
            yield Select([], id="project", prompt="choose a project", compact=True)
            yield self._error("project")
            yield Label("Activity", classes="field-label")
            yield Select([], id="activity", prompt="choose an activity", compact=True)
            yield self._error("activity")
            begin = record.begin if record else self.initial_begin
            end = record.end if record else self.initial_end
            if "begin" in self.time_fields:
                yield Label("Begin (2026-11-02 08:00, 08:00, now, -20m)", classes="field-label")
                yield SafeInput(self._text(begin or self.ctx.now()), id="begin",
                                compact=True)
                yield self._error("begin")
            if "end" in self.time_fields:
                yield Label("End (17:30 or a date and time; empty = running)",
                            classes="field-label")
                yield SafeInput(self._text(end), id="end", compact=True)
                yield self._error("end")
            if "duration" in self.time_fields:
                yield Label("Duration (2:30, 2h30m, 9000 seconds, 2.5 hours; empty = running)",
                            classes="field-label")
                duration = ""
                if record and record.end:
                    duration = format_hours(record.duration, self.ctx.user.decimal_hours)
                elif begin and end:
                    duration = format_duration(int((end - begin).total_seconds()))
                yield SafeInput(duration, id="duration", compact=True)
                yield self._error("duration")
            yield Label("", id="preview")
            if record is not None and record.rounded_differs:
                yield Label(_actual_text(record, self.tz, self.ctx.user.time_format),
                            id="actual-times")
            yield Label("Description", classes="field-label")
            yield SafeTextArea(record.description if record else "", id="description",
                               soft_wrap=True, show_line_numbers=False)
            if self.markdown:
                yield Markdown("", id="markdown-preview")
            yield self._error("description")
            yield Label("Tags (comma separated)", classes="field-label")
            yield SafeInput(", ".join(record.tags) if record else "", id="tags", compact=True)
            yield self._error("tags")
            for custom in self.ctx.settings.custom_fields.timesheet:
                yield Label(Text(inert(custom.label or custom.name)), classes="field-label")
                yield SafeInput(record.meta.get(custom.name, "") if record else "",
                                id=f"meta-{custom.name}", compact=True)
            yield self._error("meta")
            if self.may_billable:
                yield Label("Billable", classes="field-label")
                current = "auto" if record is None else ("yes" if record.billable else "no")
                yield Select([("auto (from customer, project, activity)", "auto"),
                              ("yes", "yes"), ("no", "no")], value=current, id="billable",
                             allow_blank=False, compact=True)
                yield self._error("billable")
            if self.may_export and record is not None:
                yield Checkbox("Exported (locked)", record.exported, id="exported")
                yield self._error("exported")
            if self.time_fields:  # last, so the Tab order of the fields above stays
                yield Label("Break (0:30: a pause inside begin and end, off the duration)",
                            classes="field-label")
                taken = record.break_seconds if record else 0
                yield SafeInput(format_duration(taken) if taken else "", id="break",
                                compact=True)
                yield self._error("break")
            yield Label("", id="general-error", classes="error")
            yield Label("Ctrl+S save · Esc cancel", classes="field-label")

    def _text(self, moment: datetime | None) -> str:
        return _local_text(moment, self.tz, self.ctx.user.time_format)

    def _error(self, field: str) -> Label:
        return Label("", id=f"error-{field}", classes="error")

    def on_mount(self) -> None:
        self.initial = {field: self._value(field) for field in ("begin", "end", "duration")}
        self._load_choices()
        self._update_preview()

    def _edited(self, field: str) -> bool:
        return self._value(field) != self.initial.get(field)

    @work(thread=True)
    def _load_choices(self) -> None:
        """The choices, on a worker connection closed after; the tags when the Tags field
        is focused (`on_descendant_focus`)."""
        from kimai_tui.services.worker_reads import worker_reads

        with worker_reads(self.ctx.database):
            found = choice_service.start_choices(self.ctx)
            refusal = record_save.edit_refusal(self.ctx, self.record) if self.record else None
        self.app.call_from_thread(self._choices_loaded, found, [], refusal)

    def _choices_loaded(self, found, tags, refusal: str | None = None) -> None:
        self.choices = list(found)
        if refusal:
            self._read_only(refusal)
        record = self.record
        if record is not None and not any(c.activity_id == record.activity_id
                                          and c.project_id == record.project_id for c in found):
            # A stopped record on a hidden entry stays editable: offer its own pair.
            self.choices.append(choice_service.Choice(
                record.customer_id, record.customer, record.project_id, record.project,
                record.activity_id, record.activity))
        projects = {}
        for choice in self.choices:
            projects.setdefault(choice.project_id, Text(inert(
                f"{choice.customer} / {choice.project}")))
        select = self.query_one("#project", Select)
        select.set_options([(label, pid) for pid, label in projects.items()])
        if record is not None:
            select.value = record.project_id
            self._fill_activities(record.project_id, record.activity_id)
        self.query_one("#tags", SafeInput).suggester = TagSuggester(tags)
        self.mark_clean()  # the selects now hold the record's project and activity
        if self.refusal is None:
            self.query_one("#project", Select).focus()

    def _read_only(self, reason: str) -> None:
        """The record cannot be changed by this user: every field shows, none takes input,
        and the reason is said before the fields (not only when Ctrl+S fails)."""
        self.refusal = reason
        scroll = self.query_one(VerticalScroll)
        scroll.mount(Label(Text(inert(f"Read-only: {reason}. Esc closes.")), id="read-only"),
                     after=scroll.children[0])  # under the title
        for widget in self.query("Input, Select, TextArea, Checkbox"):
            widget.disabled = True
        self.query_one(VerticalScroll).focus()

    def _fill_activities(self, project_id, activity_id=None) -> None:
        select = self.query_one("#activity", Select)
        select.set_options([(Text(inert(c.activity)), c.activity_id) for c in self.choices
                            if c.project_id == project_id])
        if activity_id is not None:
            select.value = activity_id

    @on(Select.Changed, "#project")
    def _project_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL:
            keep = self.record.activity_id if self.record and \
                event.value == self.record.project_id else None
            self._fill_activities(event.value, keep)

    # -- live preview -----------------------------------------------------------------------

    @on(SafeInput.Changed, "#begin, #end, #duration, #break")
    def _times_changed(self, event: SafeInput.Changed) -> None:
        if event.input.id == "duration":
            self.prefer_duration = True
        elif event.input.id == "end":
            self.prefer_duration = False
        self._update_preview()

    @on(TextArea.Changed, "#description")
    def _description_changed(self, event: TextArea.Changed) -> None:
        if self.markdown:
            self.query_one("#markdown-preview", Markdown).update(inert(event.text_area.text,
                                                                       keep_newlines=True))

    def _value(self, widget_id: str) -> str | None:
        found = self.query(f"#{widget_id}")
        return found.first(SafeInput).value if found else None

    def _times(self):
        begin_text = self._value("begin")
        if begin_text is None:  # duration_fixed_begin: begin comes from the mode
            base = self.record.begin if self.record else (self.initial_begin or self.ctx.now())
            begin_text = self._text(base)
        end_text = self._value("end") or ""
        duration_text = self._value("duration") or ""
        return inputs.form_times(begin_text, end_text, duration_text, self.prefer_duration,
                                 self.tz, self.ctx.now())

    def _update_preview(self) -> None:
        preview = self.query_one("#preview", Label)
        if not self.time_fields and self.record is not None:
            # No time field (the time clock): the record's own times, not a guess from none.
            record = self.record
            if record.end is None:
                preview.update(Text(f"→ {self._text(record.begin)}, running"))
            else:
                preview.update(Text(
                    f"→ {self._text(record.begin)} – {self._text(record.end)}"
                    f"  ({format_hours(record.duration, self.ctx.user.decimal_hours)})"))
            return
        times = self._times()
        begin = times.begin
        if not times.errors:
            try:
                begin = mode_begin(self.ctx, begin, self.tz)
            except ValidationError as exc:  # default_begin in kimai.yaml is not a time
                times.errors.update(exc.errors)
        # What the service will store: a typed duration is worked time, so the end comes
        # after it and the break; an end not touched stays (as _changes sends it).
        taken = self._typed_break()
        end = times.preview_end(begin)
        if times.duration is not None and end is not None:
            record = self.record
            if record is not None and record.end is not None and not self._edited("duration"):
                end = record.actual_end or record.end
            else:
                end += timedelta(seconds=taken)
        if times.errors:
            preview.update(Text(inert("  ".join(m for msgs in times.errors.values()
                                                for m in msgs)), style="italic"))
        elif end is None:
            preview.update(Text(f"→ {self._text(begin)}, running"))
        else:
            seconds = int((end - begin).total_seconds()) - taken  # worked: minus the break
            preview.update(Text(f"→ {self._text(begin)} – "
                                f"{self._text(end)}  "
                                f"({format_hours(max(seconds, 0), self.ctx.user.decimal_hours)})"
                                ))

    def _typed_break(self) -> int:
        """Seconds of the Break field as typed (0 when empty or not a duration yet)."""
        if not self.query("#break"):
            return 0
        try:
            return parse_duration(self.query_one("#break", SafeInput).value.strip() or "0")
        except KimaiError:
            return 0

    # -- saving -----------------------------------------------------------------------------

    def _changes(self) -> RecordChanges:
        changes = RecordChanges()
        record = self.record
        errors: dict[str, list[str]] = {}
        project = self.query_one("#project", Select).value
        activity = self.query_one("#activity", Select).value
        if project is Select.NULL:
            errors["project"] = ["choose a project"]
        if activity is Select.NULL:
            errors["activity"] = ["choose an activity"]
        if record is None or project != record.project_id:
            changes.project_id = project
        if record is None or activity != record.activity_id:
            changes.activity_id = activity
        if self.time_fields:
            times = self._times()
            errors.update(times.errors)
            # Compare what was typed, not the parsed instants: the form shows minutes, and a
            # record begun at 10:07:33 must not move to 10:07 because its form was saved.
            if record is None or self._edited("begin"):
                changes.begin = times.begin
            if record is None or self._edited("end") or self._edited("duration"):
                # A typed duration goes to the service as it is: the service computes the end
                # from the begin it stores (duration_fixed_begin moves the begin).
                if times.duration is not None:
                    changes.duration = times.duration
                else:
                    changes.end = times.end
        elif record is None:
            changes.begin = self.initial_begin or self.ctx.now()
        if self.query("#break"):
            typed = self.query_one("#break", SafeInput).value.strip()
            try:
                taken = parse_duration(typed) if typed else 0
            except KimaiError as exc:
                errors.setdefault("break", []).append(str(exc))
            else:
                if taken != (record.break_seconds if record else 0):
                    changes.break_seconds = taken
        description = self.query_one("#description", SafeTextArea).value_to_save
        if record is None or description != record.description:
            changes.description = description
        tags_field = self.query_one("#tags", SafeInput)
        if record is None or tags_field.edited:  # tags left as they opened are not parsed
            tags = inputs.parse_tags(tags_field.value)
            if record is None or tuple(t.lower() for t in tags) != tuple(
                    t.lower() for t in record.tags):
                changes.tags = tags
        meta = {}
        for custom in self.ctx.settings.custom_fields.timesheet:
            value = self.query_one(f"#meta-{custom.name}", SafeInput).value_to_save
            if record is None and value or record is not None and value != record.meta.get(
                    custom.name, ""):
                meta[custom.name] = value
        if meta:
            changes.meta = meta
        if self.may_billable:
            billable = self.query_one("#billable", Select).value
            current = None if record is None else ("yes" if record.billable else "no")
            if billable != current and not (record is None and billable == "auto"):
                changes.billable = billable
        if self.may_export and record is not None:
            exported = self.query_one("#exported", Checkbox).value
            if exported != record.exported:
                changes.exported = exported
        if self.user_id != self.ctx.user.id and record is None:
            changes.user_id = self.user_id
        if errors:
            raise ValidationError(errors)
        return changes

    def action_save(self) -> None:
        if self.refusal is not None:
            self.notify(inert(f"Read-only: {self.refusal}"), severity="warning", markup=False)
            return
        self._show_errors({})
        try:
            changes = self._changes()
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        record = self.record
        if record is not None and not changes.any_given():
            self.dismiss(None)
            return

        self._save(changes, record.version if record is not None else None)

    def _save(self, changes, expected_version: int | None) -> None:
        record = self.record

        def save():
            if record is None:
                return timesheet_service.create(self.ctx, changes)[0]
            return timesheet_service.update(self.ctx, record.id, changes,
                                            expected_version=expected_version)

        def failed(exc: KimaiError) -> None:
            if isinstance(exc, Conflict) and exc.current is not None:
                self._conflict(changes, exc.current)
            else:
                self._service_failed(exc)

        self.app.call_service(save, "Saved", on_success=self.dismiss, on_error=failed)

    def _conflict(self, changes, current: domain.Record) -> None:
        """Someone saved this record after it was opened: reload, overwrite or keep editing."""
        from kimai_tui.screens.conflict import OVERWRITE, RELOAD, ConflictDialog
        from kimai_tui.services.concurrency import changed_fields

        def chosen(choice: str | None) -> None:
            if choice == OVERWRITE:
                self._save(changes, current.version)
            elif choice == RELOAD:
                self.dismiss(None)
                self.app.push_screen(RecordEditor(self.ctx, current))

        self.app.push_screen(ConflictDialog("record", changed_fields(self.record, current)),
                             chosen)

    def _service_failed(self, exc: KimaiError) -> None:
        errors: dict[str, list[str]] = {}
        for field, message in exc.lines():
            errors.setdefault(field or "general", []).append(message)
        self._show_errors(errors)

    def _show_errors(self, errors: dict[str, list[str]]) -> None:
        general = []
        for field in FIELDS:
            found = self.query(f"#error-{field}")
            if found:
                message = " ".join(errors.get(field, []))
                found.first(Label).update(Text(inert(message)))
                found.first(Label).set_class(bool(message), "-shown")
        for field, messages in errors.items():
            if field not in FIELDS or not self.query(f"#error-{field}"):
                general.extend(f"{field}: {m}" if field != "general" else m for m in messages)
        show_form_errors(self, general, bool(errors))

