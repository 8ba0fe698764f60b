"""`import kimai`, `import csv`, `import xlsx`: parse, call the import services, print the
report (cli.md "Import")."""

from __future__ import annotations

import sys

from kimai_tui.cli import output


def run(session) -> int:
    """`import kimai|csv|xlsx`: run the import service, print the report (JSON with --json)."""
    ctx = session.context()
    progress = _progress if _isatty(sys.stderr) else None
    if session.args.source == "kimai":
        from kimai_tui.services import kimai_import

        report = kimai_import.import_kimai(ctx, session.args.url, session.args.dry_run,
                                           progress, session.environ,
                                           session.args.defaults_file)
    else:
        from kimai_tui.services import file_import

        report = file_import.import_files(ctx, session.args.files, session.args.source,
                                          session.args.dry_run, session.args.timezone,
                                          progress)
    if progress is not None:
        sys.stderr.write("\r\x1b[K")
    if getattr(session.args, "json", False):
        output.print_json(report.as_dict())
    else:
        print_report(report)
    return 0


def print_report(report) -> None:
    """The summary: counts per kind, then what could not be mapped, notes and the settings."""
    what = "would import" if report.dry_run else "imported"
    print(output.inert(f"{report.source}: {what} in {report.seconds:.1f} s"
                       + (" (dry run: nothing was written)" if report.dry_run else "")))
    rows = [(kind, o.new, o.changed, o.unchanged) for kind, o in report.counts.items()]
    output.print_table(["kind", "new", "changed", "unchanged"], rows)
    if getattr(report, "mapping", None):
        print()
        print("columns:")
        output.print_table(["file column", "taken as"], report.mapping)
    if report.unmapped:
        print()
        print(f"to review ({len(report.unmapped)}): not brought over, or not as it was")
        output.print_table(["kind", "source id", "why"],
                           [(u.kind, u.source_id, u.reason) for u in report.unmapped],
                           max_width=100)
    for note in report.notes:
        print(output.inert(f"note: {note}"))
    if report.config_snippet:
        print()
        print("# Kimai's settings, for kimai.yaml (review; nothing was applied):")
        sys.stdout.write(output.inert(report.config_snippet, keep_newlines=True))
    if report.field_declarations:
        print()
        print("# custom fields Kimai holds values for; add to kimai.yaml to use them:")
        sys.stdout.write(output.inert(report.field_declarations, keep_newlines=True))


def _progress(kind: str, done: int, total: int) -> None:
    text = f"{kind}: {done}/{total}" if total else f"{kind}: {done}" if done else f"{kind} ..."
    sys.stderr.write("\r\x1b[K" + output.inert(text))
    sys.stderr.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError, AttributeError):
        return False
