"""Resolving `--customer`, `--project`, `--activity`, `--user` values: a name or `#ID`."""

from __future__ import annotations

from kimai_tui.rules.errors import UsageError
from kimai_tui.services import catalogue, users
from kimai_tui.services.context import Context


def _by_id(text: str) -> int | None:
    value = text.strip()
    if value.startswith("#") and value[1:].isascii() and value[1:].isdigit():
        return int(value[1:])
    return None


def _one(kind: str, text: str, matches: list, field: str):
    if not matches:
        raise UsageError(f"no {kind} named {text!r}", field)
    if len(matches) > 1:
        listed = ", ".join(f"#{m.id} {m.name}" for m in matches)
        raise UsageError(f"{text!r} is ambiguous: {listed} (use #ID)", field)
    return matches[0]


def customer(ctx: Context, text: str, field: str = "customer"):
    entity_id = _by_id(text)
    if entity_id is not None:
        return _get(ctx, "customer", entity_id, field)
    return _one("customer", text, catalogue.find(ctx, "customer", text.strip()), field)


def project(ctx: Context, text: str, customer_id: int | None = None, field: str = "project"):
    entity_id = _by_id(text)
    if entity_id is not None:
        found = _get(ctx, "project", entity_id, field)
        if customer_id is not None and found.customer_id != customer_id:
            raise UsageError(f"project #{entity_id} does not belong to that customer", field)
        return found
    return _one("project", text,
                catalogue.find(ctx, "project", text.strip(), customer_id=customer_id), field)


def activity(ctx: Context, text: str, project_id: int | None = None, field: str = "activity"):
    """Among the project's activities and the global ones (cli.md)."""
    entity_id = _by_id(text)
    if entity_id is not None:
        return _get(ctx, "activity", entity_id, field)
    matches = catalogue.find(ctx, "activity", text.strip(), project_id=project_id)
    if project_id is not None and len(matches) > 1:
        # The project's own activity wins over a global one of the same name.
        own = [m for m in matches if m.project_id == project_id]
        matches = own if len(own) == 1 else matches
    return _one("activity", text, matches, field)


def user(ctx: Context, text: str, field: str = "user"):
    entity_id = _by_id(text)
    if entity_id is not None:
        try:
            return users.get(ctx, entity_id)
        except Exception:
            raise UsageError(f"no user {text!r}", field) from None
    found = users.find(ctx, text.strip())
    if found is None:
        raise UsageError(f"no user named {text!r}", field)
    return found


def _get(ctx: Context, kind: str, entity_id: int, field: str):
    try:
        return catalogue.get(ctx, kind, entity_id)
    except Exception:
        raise UsageError(f"no {kind} #{entity_id}", field) from None
