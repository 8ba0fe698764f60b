"""`kimai-tui favorite add|list|delete`: a person's favourites (services/favorites.py); start
one with `kimai-tui start --favorite NAME`."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import favorites, inputs


def favorite(session) -> int:
    ctx, args = session.context(), session.args
    if args.action == "list":
        _print(session, favorites.listing(ctx))
        return 0
    if args.action == "delete":
        _print(session, [favorites.delete(ctx, args.name)])
        return 0
    if args.record is not None:
        given = [f"--{n}" for n in ("project", "activity", "customer", "tags")
                 if getattr(args, n) is not None] + (["--meta"] if args.meta else [])
        if given or args.description:
            raise UsageError("--record brings its own fields; drop "
                             f"{', '.join(given or ['--description'])}", "record")
        _print(session, [favorites.add_from_record(ctx, args.name, args.record)])
        return 0
    for option in ("project", "activity"):
        if getattr(args, option) is None:
            raise UsageError(f"--{option} is required (or --record ID)", option)
    customer_id = names.customer(ctx, args.customer).id if args.customer else None
    project = names.project(ctx, args.project, customer_id)
    activity = names.activity(ctx, args.activity, project.id)
    tags = inputs.parse_tags(args.tags) if args.tags else ()
    meta = (inputs.parse_meta(args.meta, ctx.settings.custom_fields.timesheet, "timesheet")
            if args.meta else {})
    description = inputs.parse_text(args.description, "description")
    _print(session, [favorites.add(ctx, args.name, project.id, activity.id, description, tags,
                                   meta)])
    return 0


def _print(session, found: list[favorites.Favorite]) -> None:
    if getattr(session.args, "json", False):
        output.print_json([{"key": f.key, "name": f.name, "project_id": f.project_id,
                            "activity_id": f.activity_id, "label": f.label,
                            "description": f.description, "tags": list(f.tags),
                            "meta": f.meta} for f in found])
        return
    output.print_table(["key", "name", "customer / project / activity", "description", "tags"],
                       [(f.key or "", f.name, f.label or "(no longer available)",
                         f.description, ", ".join(f.tags)) for f in found], max_width=50)
