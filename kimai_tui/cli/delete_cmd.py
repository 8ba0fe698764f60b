"""`customer|project|activity delete`: unused deleted; used refused unless replaced or cascaded."""

from __future__ import annotations

from kimai_tui.cli import names, output
from kimai_tui.rules.errors import UsageError
from kimai_tui.services import catalogue_delete
from kimai_tui.services.context import Context

_LOOKUP = {"customer": names.customer, "project": names.project, "activity": names.activity}


def delete_entity(session, ctx: Context, kind: str, entity) -> int:
    args = session.args
    if args.cascade and not args.yes:
        found = catalogue_delete.usage(ctx, kind, entity.id)
        raise UsageError(f"--cascade deletes {found.describe(kind)} with {kind} "
                         f"{entity.name!r}; add --yes to confirm", "cascade")
    if args.cascade and args.replace_with:
        raise UsageError("give --replace-with or --cascade, not both", "replace-with")
    replacement_id = None
    if args.replace_with:
        replacement_id = _LOOKUP[kind](ctx, args.replace_with, field="replace-with").id
    found = catalogue_delete.delete(ctx, kind, entity.id, replacement_id, args.cascade)
    result = {"deleted": entity.id, "name": entity.name, "records": found.records,
              "duration": found.duration, "replaced_by": replacement_id,
              "cascade": bool(args.cascade)}
    if getattr(args, "json", False):
        output.print_json(result)
    else:
        moved = f"; moved to #{replacement_id}" if replacement_id else ""
        print(output.inert(f"deleted {kind} #{entity.id} {entity.name} "
                           f"({found.describe(kind)}{moved})"))
    return 0
