"""What an import remembers of its source (created by schema migration 7 in data/db.py).

One row per thing brought over: the source ("kimai" for a Kimai database, "kimai-csv" for
Kimai's files), the kind (customer, project, activity, user, team, tag, rate, timesheet), the
source's key (Kimai's id, or a fingerprint of a file row), our id, and a digest of the values
as last imported. A re-run finds each thing by its source key: unchanged digest = nothing to
do, another digest = update ours, no row = new. Nothing is ever imported twice.
"""

from __future__ import annotations

from peewee import BigIntegerField, CharField

from kimai_tui.data.models import BaseModel


class ImportLink(BaseModel):
    source = CharField(max_length=20)
    kind = CharField(max_length=20)
    key = CharField(max_length=64)
    local_id = BigIntegerField()
    digest = CharField(max_length=32, default="")

    class Meta:
        table_name = "import_link"
        indexes = ((("source", "kind", "key"), True),)


IMPORT_MODELS = (ImportLink,)
