"""The command line that exports what a TUI filter shows (cli.md "Restricted sessions": the
TUI's export says which `ssh` command gives the same file on the person's own computer)."""

from __future__ import annotations

import shlex
from datetime import datetime, time, timedelta

from kimai_tui.rules.search import format_search
from kimai_tui.services.context import Context


def export_arguments(ctx: Context, flt, all_users: bool, fmt: str) -> list[str]:
    """`export` and its options (cli.md "Timesheet commands") for FLT, a RecordFilter.

    Entities are named `#ID`, which cli.md accepts everywhere a name is. A period of whole
    local days becomes `--from DAY --to DAY` (both inclusive); other bounds are ISO instants
    in the user's zone. Only the first of several users/customers/projects/activities can be
    said on a command line; the filters the TUI builds have at most one."""
    args = ["export"]
    if fmt != "csv":
        args += ["--format", fmt]
    if flt.user_ids and len(flt.user_ids) == 1 and flt.user_ids[0] != ctx.user.id:
        args += ["--user", f"#{flt.user_ids[0]}"]
    elif all_users:
        args.append("--all-users")
    for option, ids in (("--customer", flt.customer_ids), ("--project", flt.project_ids),
                        ("--activity", flt.activity_ids)):
        if ids:
            args += [option, f"#{ids[0]}"]
    args += _period(ctx, flt.begin_from, flt.begin_to)
    for tag in flt.tags:
        args += ["--tag", tag]
    if flt.state != "all":
        args += ["--state", flt.state]
    if flt.exported is not None:
        args += ["--exported", "yes" if flt.exported else "no"]
    if flt.search is not None and not flt.search.empty:
        args += ["--search", format_search(flt.search)]
    return args


def ssh_command(ctx: Context, flt, all_users: bool, fmt: str, destination: str,
                port: int | None = None) -> str:
    """`ssh [-p PORT] DESTINATION export ... > FILE`, quoted for a POSIX shell."""
    words = ["ssh"] + (["-p", str(port)] if port and port != 22 else []) + [destination]
    words += export_arguments(ctx, flt, all_users, fmt)
    return " ".join(shlex.quote(w) for w in words) + f" > kimai-export.{fmt}"


def _period(ctx: Context, begin: datetime | None, end: datetime | None) -> list[str]:
    tz = ctx.tz
    out = []
    for option, moment, inclusive_day in (("--from", begin, False), ("--to", end, True)):
        if moment is None:
            continue
        local = moment.astimezone(tz)
        if local.timetz().replace(tzinfo=None) == time(0):
            day = local.date() - timedelta(days=1) if inclusive_day else local.date()
            out += [option, day.isoformat()]
        else:
            out += [option, local.isoformat()]
    return out
