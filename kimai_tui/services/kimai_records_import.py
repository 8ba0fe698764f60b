"""Bringing Kimai's time records over (issue 19): every kimai2_timesheet row with its tags
and custom fields, in id order, a batch at a time (memory stays flat at any size).

Taken as Kimai stored them, never recomputed: the instants (UTC) and the record's time zone,
duration (seconds, break already subtracted, rounding already applied), rate, hourly rate,
fixed rate and internal rate (amounts to 4 decimals), billable (NULL = yes), exported,
description. Our `day` is the local date of the begin in the record's zone (Kimai's date_tz).
"""

from __future__ import annotations

from kimai_tui.data import import_store as store
from kimai_tui.data.kimai_source import KimaiSource
from kimai_tui.rules import kimai_mapping as km
from kimai_tui.services.import_report import ImportReport, Progress
from kimai_tui.services.kimai_catalogue_import import SOURCE, Ids

BATCH = 5000
BULK = 20_000  # a first import at least this large (and larger than what we hold) builds
               # the record indexes once at the end instead of row by row


def record_key(kimai_id: int) -> str:
    """A record's link key: Kimai's id, zero-padded so that keys in id order are also in
    text order (the link index then grows at its end)."""
    return f"{kimai_id:012d}"


def import_records(kimai: KimaiSource, database, report: ImportReport, ids: Ids,
                   meta_names: dict[str, set[str]], progress: Progress | None = None) -> None:
    """Every Kimai record -> ours; new ones in bulk, changed ones updated, unchanged left."""
    users, projects = ids.of("user"), ids.of("project")
    activities, tags = ids.of("activity"), ids.of("tag")
    customer_of = store.project_customers()
    outcome = report.outcome("timesheet")
    writer = store.RecordWriter(database, SOURCE)
    total = kimai.count("kimai2_timesheet")
    done = with_break = 0
    first_run = not store.has_links(SOURCE, "timesheet")
    if first_run and total >= max(BULK, store.record_count()):
        writer.defer_indexes()
    for rows, row_tags, row_meta in kimai.prefetched_batches(BATCH):
        found = store.Links(SOURCE, "timesheet") if first_run else \
            store.links(SOURCE, "timesheet", [record_key(r["id"]) for r in rows])
        present = store.existing_ids("timesheet", [v[0] for v in found.known.values()])
        new_rows, new_tags, new_meta, new_links = [], [], [], []
        for row in rows:
            kid = row["id"]
            user, project = users.get(row["user_id"]), projects.get(row["project_id"])
            activity = activities.get(row["activity_id"])
            if user is None or project is None or activity is None:
                missing = ("user" if user is None else "project" if project is None
                           else "activity")
                report.skip("timesheet", kid, f"its {missing} #{row[missing + '_id']} was not "
                                              "imported")
                continue
            tz_name = row["timezone"] or "UTC"
            tz = km.zone(tz_name)
            if tz is None:
                report.skip("timesheet", kid, f"time zone {tz_name!r} is unknown here; UTC "
                                              "is used")
                tz_name, tz = "UTC", km.zone("UTC")
            begin, end = int(row["begin_ts"]), row["end_ts"]
            end = None if end is None else int(end)
            duration = row["duration"]
            if end is None:
                duration = 0
            elif duration is None:
                duration = end - begin - int(row["break_seconds"] or 0)
                report.skip("timesheet", kid, "Kimai stored no duration; end - begin - break "
                                              "is used")
            if row["break_seconds"]:
                with_break += 1
            modified = int(row["modified_ts"]) if row["modified_ts"] is not None else begin
            tag_ids = tuple(sorted({tags[t] for t in row_tags.get(kid, ()) if t in tags}))
            meta = {km.meta_name(n): (v if v is not None else "")
                    for n, v in row_meta.get(kid, {}).items()}
            if meta:
                meta_names["timesheet"].update(meta)
            rate, internal = km.ticks(row["rate"]), km.ticks(row["internal_rate"])
            values = (user, customer_of[project], project, activity, begin, end,
                      km.local_day(begin, tz), tz_name, int(duration), row["description"] or "",
                      km.flag(row["billable"]), bool(row["exported"]),
                      km.ticks(row["hourly_rate"]), km.ticks(row["fixed_rate"]),
                      rate if rate is not None else 0, internal if internal is not None else 0,
                      modified)
            digest = km.fingerprint((values, tag_ids, tuple(sorted(meta.items()))))
            key = record_key(kid)
            link = found.known.get(key)
            if link is None:
                local_id = writer.take_id()
                new_rows.append((local_id, *values, modified, 1))
                new_tags.extend((local_id, t) for t in tag_ids)
                new_meta.extend(("timesheet", local_id, n, v) for n, v in sorted(meta.items()))
                new_links.append((key, local_id, digest))
                outcome.new += 1
            elif link[1] == digest and link[0] in present:
                outcome.unchanged += 1
            else:
                relink = link[0] not in present
                named = store.record_values(values, keep_created=relink)
                writer.replace(link[0], named, list(tag_ids), meta, key, digest, relink)
                outcome.changed += 1
        writer.insert(new_rows, new_tags, new_meta, new_links)
        done += len(rows)
        if progress is not None:
            progress("timesheet", done, total)
    if progress is not None and writer.deferred:
        progress("building the record indexes", 0, 0)
    writer.finish()
    if with_break:
        report.notes.append(f"{with_break} records had a break in Kimai: their duration "
                            "already has it subtracted (we keep no separate break)")
