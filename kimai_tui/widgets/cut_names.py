"""Cutting names to a column's width so that different names stay different.

A plain cut keeps the start of a name; names that share a long start ("Kaesim SLA User
Setup", "Kaesim SLA User Support") then look alike ("Kaesim SL…" twice). `distinct_cuts`
keeps the start while that tells the names apart, and otherwise a short start and the words
from where they differ ("Ka…Setup", "Ka…Support"; "Ko…Non SL…", "Ko…SLA IT…"); when even
that collides, the start and the end.
"""

from __future__ import annotations

import os
from typing import Iterable

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def plain_cut(name: str, width: int) -> str:
    """`name` in at most `width` cells (>= 1): whole, or its start and an ellipsis."""
    if cell_len(name) <= width:
        return name
    return set_cell_size(name, max(width - 1, 0)).rstrip() + ELLIPSIS


def _tail(name: str, cells: int) -> str:
    """The end of `name` in at most `cells` cells."""
    out = ""
    for char in reversed(name):
        if cell_len(char + out) > cells:
            break
        out = char + out
    return out


def _middle_cut(name: str, width: int, head: int) -> str:
    """`head` cells of the start, an ellipsis, and as much of the end as fits."""
    start = set_cell_size(name, head).rstrip()
    return start + ELLIPSIS + _tail(name, width - cell_len(start) - 1).lstrip()


def _differing_word(name: str, others: list[str]) -> int:
    """Where the word starts in which `name` first differs from the closest of `others`."""
    common = max(len(os.path.commonprefix([name, other])) for other in others)
    return name.rfind(" ", 0, common) + 1


def _window_cut(name: str, width: int, start: int) -> str | None:
    """A short start, an ellipsis, and the name from `start` on (cut with an ellipsis)."""
    if start <= 0:
        return None
    head = set_cell_size(name, max(1, min(3, (width - 2) // 4))).rstrip()
    rest = name[start:]
    room = width - cell_len(head) - 1
    if room < 2:
        return None
    return head + ELLIPSIS + plain_cut(rest, room)


def distinct_cuts(names: Iterable[str], width: int) -> dict[str, str]:
    """Each name's form in at most `width` cells; two different names get two different
    forms whenever the width allows it (a name that fits is never changed). Shapes:
    {name: shown}."""
    unique = list(dict.fromkeys(names))
    shown = {name: plain_cut(name, width) for name in unique}
    by_form: dict[str, list[str]] = {}
    for name, form in shown.items():
        by_form.setdefault(form, []).append(name)
    taken = set(shown.values())
    for form, group in by_form.items():
        if len(group) < 2:
            continue
        for name in group:
            if cell_len(name) <= width:
                continue  # shown whole already
            others = [other for other in group if other != name]
            window = _window_cut(name, width, _differing_word(name, others))
            if window is not None and window not in taken:
                taken.add(window)
                shown[name] = window
                continue
            for head in range(max(width // 3, 1), 0, -1):
                candidate = _middle_cut(name, width, head)
                if candidate not in taken:
                    taken.add(candidate)
                    shown[name] = candidate
                    break
    return shown
