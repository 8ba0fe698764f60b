"""What the acting user may do, asked by the faces in one place (issue 13: the faces held 19
raw permission checks and re-normalised the tracking mode at eight sites).

A face asks `Capabilities(ctx)` what to offer (a mode, a key, a form field, a column); the
services still check every call, so a face that offered too much is refused, never obeyed.
Permission names are Kimai's (rules.md §Roles and permissions); the record-level answers use
services/access.py, which applies rules/visibility.py.
"""

from __future__ import annotations

from functools import cached_property

from kimai_tui import domain
from kimai_tui.rules import modes
from kimai_tui.services import access
from kimai_tui.services.context import Context


class Capabilities:
    """One user's answers. `mode` is kimai.timesheet.mode normalised once (rules/modes.py)."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._rates: dict[int, bool] = {}

    @cached_property
    def mode(self) -> str:
        return modes.normalize_mode(self.ctx.settings.kimai.timesheet.mode)

    def _can(self, permission: str) -> bool:
        return self.ctx.can(permission)

    # -- sections of the TUI ----------------------------------------------------------------

    @property
    def team_records(self) -> bool:
        """Other users' records at all (the Team section, the report's "everyone")."""
        return self._can("view_other_timesheet")

    @property
    def other_rates(self) -> bool:
        """A rate column in listings of others' records (each cell asks `rates`)."""
        return self._can("view_rate_other_timesheet")

    @property
    def users(self) -> bool:
        return self._can("view_user")

    @property
    def teams(self) -> bool:
        return self._can("view_team")

    @property
    def people(self) -> bool:
        return self.users or self.teams

    @property
    def invoices(self) -> bool:
        return self._can("view_invoice")

    @property
    def customer_account(self) -> bool:
        """ROLE_CUSTOMER: sees records by customer, read-only."""
        return access.is_customer_account(self.ctx)

    # -- records ----------------------------------------------------------------------------

    def time_fields(self, user_id: int) -> frozenset[str]:
        """Which of begin, end, duration a record form of USER_ID's record offers."""
        other = self._can("edit_other_timesheet") or user_id != self.ctx.user.id
        return modes.form_fields(self.mode, other)

    def shows_times(self, others: bool = False) -> bool:
        """Tables show begin and end (else date and duration); OTHERS: a team listing."""
        return modes.shows_times(self.mode, others and self._can("edit_other_timesheet"))

    @property
    def calendar_selection(self) -> bool:
        """Range selection and day clicks in the calendar: off in punch mode."""
        return modes.calendar_selection_enabled(self.mode)

    @property
    def new_record(self) -> bool:
        """A typed record (+): not in punch mode, unless the user corrects others' records."""
        return self.mode != "punch" or self._can("edit_other_timesheet")

    def rates(self, user_id: int) -> bool:
        """Rates and amounts of USER_ID's records (asked once per user)."""
        if user_id not in self._rates:
            self._rates[user_id] = access.may_view_rates(self.ctx, user_id)
        return self._rates[user_id]

    def billable(self, user_id: int) -> bool:
        return access.may(self.ctx, "edit_billable_own_timesheet",
                          "edit_billable_other_timesheet", user_id)

    def exported_flag(self, user_id: int) -> bool:
        return access.may(self.ctx, "edit_export_own_timesheet",
                          "edit_export_other_timesheet", user_id)

    def mark_exported(self, record: domain.Record | None) -> bool:
        return record is not None and not record.exported and self.exported_flag(record.user_id)

    def mark_exported_all(self, all_users: bool) -> bool:
        """Mark the records of an export as exported: own, and others' when ALL_USERS."""
        return self._can("edit_export_own_timesheet") and (
            not all_users or self._can("edit_export_other_timesheet"))

    def stop(self, record: domain.Record | None) -> bool:
        return record is not None and record.running and access.may(
            self.ctx, "edit_own_timesheet", "edit_other_timesheet", record.user_id)

    @property
    def export_report(self) -> bool:
        return self._can("export_own_timesheet") or self.customer_account

    # -- catalogue and people ---------------------------------------------------------------

    def create(self, kind: str) -> bool:
        """KIND: customer, project, activity, user or team."""
        return self._can(f"create_{kind}")

    def edit(self, kind: str) -> bool:
        return self._can(f"edit_{kind}") or self._can(f"edit_teamlead_{kind}")

    def delete(self, kind: str) -> bool:
        return self._can(f"delete_{kind}")
