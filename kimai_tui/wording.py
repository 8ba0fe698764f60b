"""Counting words for the screens: "1 record", "2 records", "1,204 records"."""

from __future__ import annotations

IRREGULAR = {"activity": "activities"}


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """`number` with the word in the right number (English): counted(1, "record") is
    "1 record", counted(1204, "record") is "1,204 records"."""
    word = singular if number == 1 else (plural or IRREGULAR.get(singular, singular + "s"))
    return f"{number:,} {word}"


def hint_that_fits(used: int, hint: str, width: int, short: str = "   ? keys") -> str:
    """`hint` when it fits after `used` cells in a line of `width`, else `short` when that
    fits, else nothing: a key hint is never cut in the middle of a word."""
    if used + len(hint) <= width:
        return hint
    return short if used + len(short) <= width else ""
