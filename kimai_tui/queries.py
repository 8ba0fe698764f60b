"""Plain query types that every floor may hold: what a listing asks for and where a page stops.

They carry no Peewee and no Textual, so the faces can build a filter without reaching into
the data layer (architecture.md, floors). The repository in `data/timesheets.py` reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

from kimai_tui.rules.search import SearchQuery


@dataclass
class RecordFilter:
    """What a listing asks for. None means "no restriction" for each field.

    `user_ids` and `customer_ids` are also how the services apply visibility: they pass the
    set of users (or customers, for customer accounts) the acting user may see.
    """

    user_ids: Sequence[int] | None = None
    customer_ids: Sequence[int] | None = None
    project_ids: Sequence[int] | None = None
    activity_ids: Sequence[int] | None = None
    begin_from: datetime | None = None  # records whose begin >= this
    begin_to: datetime | None = None  # records whose begin < this
    tags: Sequence[str] = ()
    state: str = "all"  # running | stopped | all
    exported: bool | None = None
    billable: bool | None = None
    search: SearchQuery | None = None
    ids: Sequence[int] | None = None


@dataclass(frozen=True)
class PageKey:
    """Where the previous page stopped: rows come strictly after (begin_ts, id), newest first."""

    begin_ts: int
    id: int
