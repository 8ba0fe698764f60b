"""`import kimai`: migrate a Kimai 2 database (MySQL/MariaDB) into ours (issue 19).

One call = one run:
- Only a user with `importer` (a super admin; Kimai's own default) may import, and never in a
  restricted session.
- Kimai is read read-only, as one consistent snapshot (data/kimai_source.py).
- Everything is written in ONE write transaction: a run that fails (or is killed) writes
  nothing, and the next run starts from what was committed before it. Kimai's ids are
  remembered (import_link), so a re-run brings only what is new or changed, never a duplicate.
- A dry run does the same work and rolls it back: its report is exactly what a run would do.
- Kimai's timesheet settings are returned as a kimai.yaml snippet, never applied; meta names
  that kimai.yaml does not declare are returned as custom_fields declarations to add.
"""

from __future__ import annotations

import time
from collections import defaultdict

from kimai_tui.data.db import write_transaction
from kimai_tui.data.kimai_source import KimaiSource
from kimai_tui.rules import kimai_mapping as km
from kimai_tui.rules.errors import PermissionDenied
from kimai_tui.services import kimai_catalogue_import as catalogue
from kimai_tui.services.context import Context
from kimai_tui.services.import_report import ImportReport, Progress
from kimai_tui.services.kimai_records_import import import_records


class _DryRun(Exception):
    """Raised inside the transaction of a dry run so that nothing is kept."""


def require_importer(ctx: Context) -> None:
    """PermissionDenied unless the acting user may import (super admin) in this session."""
    if ctx.restricted:
        raise PermissionDenied("importing is not available in a restricted session", "command")
    if not ctx.can("importer"):
        raise PermissionDenied("you may not import: only a super admin may (users and their "
                               "roles come along)", "permission")


def import_kimai(ctx: Context, url: str, dry_run: bool = False,
                 progress: Progress | None = None, environ=None,
                 defaults_file: str | None = None) -> ImportReport:
    """Bring a Kimai database over. URL: mysql://USER@HOST[:PORT]/DB (password from the
    environment or an option file, see data/kimai_source.py). Returns the report (counts per
    kind, what could not be mapped with its Kimai id, the settings to review).

    Raises PermissionDenied, UsageError (a bad URL or option file), EnvironmentFailure
    (Kimai cannot be read); in each case nothing was written."""
    require_importer(ctx)
    started = time.monotonic()
    kimai = KimaiSource(url, environ, defaults_file)
    report = ImportReport(source=kimai.url.describe(), dry_run=dry_run)
    try:
        settings = {row["name"]: row["value"] for row in kimai.table("kimai2_configuration")}
        report.config_snippet, unmapped_settings = km.config_snippet(settings)
        for name in unmapped_settings:
            report.notes.append(f"Kimai setting {name} has no kimai.yaml key here; not used")
        default_tz = settings.get("defaults.user.timezone") or "UTC"
        meta_names: dict[str, set[str]] = defaultdict(set)
        try:
            with write_transaction(ctx.database):
                _run(ctx, kimai, report, meta_names, default_tz, progress)
                if dry_run:
                    raise _DryRun()
        except _DryRun:
            pass
    finally:
        kimai.close()
    report.field_declarations = km.field_declarations(_undeclared(ctx, meta_names))
    report.seconds = time.monotonic() - started
    return report


def _run(ctx: Context, kimai: KimaiSource, report: ImportReport,
         meta_names: dict[str, set[str]], default_tz: str, progress: Progress | None) -> None:
    ids = catalogue.Ids()
    steps = (("user", lambda: catalogue.import_users(kimai, report, ids, ctx.user.id,
                                                     default_tz)),
             ("customer", lambda: catalogue.import_customers(kimai, report, ids, meta_names)),
             ("project", lambda: catalogue.import_projects(kimai, report, ids, meta_names)),
             ("activity", lambda: catalogue.import_activities(kimai, report, ids, meta_names)),
             ("tag", lambda: catalogue.import_tags(kimai, report, ids)),
             ("team", lambda: catalogue.import_teams(kimai, report, ids)),
             ("rate", lambda: catalogue.import_rates(kimai, report, ids)))
    for kind, step in steps:
        step()
        if progress is not None:
            progress(kind, len(ids.of(kind)) if kind in ids else 0, 0)
    import_records(kimai, ctx.database, report, ids, meta_names, progress)


def _undeclared(ctx: Context, meta_names: dict[str, set[str]]) -> dict[str, set[str]]:
    fields = ctx.settings.custom_fields
    out = {}
    for kind, names in meta_names.items():
        declared = {f.name.lower() for f in getattr(fields, kind, ())}
        out[kind] = {n for n in names if n and n not in declared}
    return out
