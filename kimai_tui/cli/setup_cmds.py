"""`init`, `config check`, `whoami`."""

from __future__ import annotations

import sys

from kimai_tui.cli import output


def init(session) -> int:
    from kimai_tui.services import database as db
    from kimai_tui.services import identity

    database = session.open_database()
    admin = session.args.admin or identity.os_login_name()
    created = identity.bootstrap(database, session.settings, admin)
    result = {"database": db.describe_url(session.url), "schema_version": db.SCHEMA_VERSION,
              "admin_created": created.username if created else None}
    if getattr(session.args, "json", False):
        output.print_json(result)
    else:
        print(output.inert(f"database {result['database']} at schema version "
                           f"{db.SCHEMA_VERSION}"))
        if created:
            print(output.inert(f"created super admin {created.username!r}"))
    return 0


def config_check(session) -> int:
    from kimai_tui import config

    settings = session.settings  # raises ConfigErrors, printed as file:line: message
    where = settings.source or "built-in defaults (no kimai.yaml found)"
    sys.stdout.write(output.inert(f"# {where}: OK", keep_newlines=True) + "\n")
    sys.stdout.write(output.inert(config.describe_settings(settings), keep_newlines=True))
    if not config.describe_settings(settings).endswith("\n"):
        sys.stdout.write("\n")
    return 0


def whoami(session) -> int:
    from kimai_tui.services import database as db
    from kimai_tui.services import users

    ctx = session.context()
    user = ctx.user
    data = {"username": user.username, "alias": user.alias, "roles": list(user.roles),
            "teams": users.teams_of(user.id), "timezone": user.timezone,
            "database": db.describe_url(session.url)}
    if getattr(session.args, "json", False):
        output.print_json(data)
    else:
        output.print_table(["field", "value"],
                           [(k, ", ".join(v) if isinstance(v, list) else v)
                            for k, v in data.items()], max_width=100)
    return 0


def demo(session) -> int:
    from kimai_tui.services import demo as demo_service

    ctx = session.context()
    args = session.args
    result = demo_service.run(ctx, records=args.records, users=args.users, seed=args.seed,
                              force=args.force)
    data = {"users": result.users, "records": result.records, "customers": result.customers,
            "projects": result.projects, "activities": result.activities}
    if getattr(args, "json", False):
        output.print_json(data)
    else:
        print(f"demo data: {result.records} records for {result.users} users; "
              f"{result.customers} customers, {result.projects} projects, "
              f"{result.activities} activities")
    return 0
