"""Tags and custom-field values of a record, checked and stored the same whichever face sent
them (issue 13: the start picker stored a 300-character tag and a checkbox as `yes`).

The save pipeline (`record_save.prepare`) runs `checked` on every change; the command line's
parsers (`inputs.parse_tags`, `inputs.parse_meta`) use the same functions, so a value is
accepted, normalised and refused in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kimai_tui.rules.errors import ValidationError

MAX_TAG = 100  # characters of one tag name (Kimai's tag.name column)
MAX_META = 65_535  # characters of one custom-field value (Kimai's meta value column)
YES = ("yes", "y", "true", "1", "on")
NO = ("no", "n", "false", "0", "off")


def clean_tags(names: Iterable[str]) -> tuple[str, ...]:
    """Tag names stripped, empty ones dropped, repeats (ignoring case) dropped, first kept.
    Raises ValidationError (field tags) for a name longer than MAX_TAG characters."""
    tags: list[str] = []
    for raw in names:
        name = raw.strip()
        if not name:
            continue
        if len(name) > MAX_TAG:
            raise ValidationError(field="tags", message=f"a tag is at most {MAX_TAG} characters")
        if name.lower() not in (t.lower() for t in tags):
            tags.append(name)
    return tuple(tags)


def meta_value(name: str, kind: str, value: str) -> str:
    """The stored text of custom field NAME of type KIND: a checkbox is stored as 1 or 0 (any
    of YES / NO accepted, empty clears it); other types as typed. Raises ValidationError
    (field meta) for a checkbox that is neither, or a value over MAX_META characters."""
    if kind == "checkbox" and value.strip() != "":
        word = value.strip().lower()
        if word not in YES + NO:
            raise ValidationError(field="meta",
                                  message=f'{name}: "{value[:40]}" is not yes or no')
        value = "1" if word in YES else "0"
    if len(value) > MAX_META:
        raise ValidationError(field="meta", message=f"{name}: value is too long")
    return value


def clean_meta(values: Mapping[str, str], declared: tuple, kind: str) -> dict[str, str]:
    """Custom-field values keyed by name, each through `meta_value`. DECLARED: the
    CustomField tuple of kimai.yaml `custom_fields.<kind>`. Raises ValidationError (field
    meta) for a name not declared there."""
    by_name = {f.name: f for f in declared}
    out: dict[str, str] = {}
    for name, value in values.items():
        if name not in by_name:
            known = ", ".join(sorted(by_name)) or "none are declared in kimai.yaml"
            raise ValidationError(field="meta", message=f"{name!r} is not a custom field "
                                  f"of {kind}s (known: {known})")
        out[name] = meta_value(name, by_name[name].type, value)
    return out


def checked(ctx, changes) -> tuple[tuple[str, ...] | None, dict[str, str] | None,
                                   dict[str, list[str]]]:
    """(tags, meta, field errors) of a record_save.RecordChanges: tags and meta are None when
    the change does not give them, else cleaned by `clean_tags` / `clean_meta`."""
    errors: dict[str, list[str]] = {}
    tags = meta = None
    try:
        if changes.given("tags"):
            tags = clean_tags(changes.tags)
    except ValidationError as exc:
        errors.update(exc.errors)
    try:
        if changes.given("meta"):
            meta = clean_meta(changes.meta, ctx.settings.custom_fields.timesheet, "timesheet")
    except ValidationError as exc:
        errors.update(exc.errors)
    return tags, meta, errors
