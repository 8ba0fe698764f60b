"""What the pickers offer: every startable customer / project / activity, the recent ones, tags.

Hidden entries and team-restricted ones the user may not use are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kimai_tui.data import timesheets as records_repo
from kimai_tui.services import catalogue
from kimai_tui.services import tags as tag_service
from kimai_tui.services.context import Context


@dataclass(frozen=True)
class Choice:
    customer_id: int
    customer: str
    project_id: int
    project: str
    activity_id: int
    activity: str
    color: str | None = None

    @property
    def label(self) -> str:
        return f"{self.customer} / {self.project} / {self.activity}"


def start_choices(ctx: Context) -> list[Choice]:
    customers = {c.id: c for c in catalogue.usable(ctx, "customer")}
    projects = [p for p in catalogue.usable(ctx, "project") if p.customer_id in customers]
    activities = catalogue.usable(ctx, "activity")
    by_project: dict[int | None, list] = {}
    for activity in activities:
        by_project.setdefault(activity.project_id, []).append(activity)
    out = []
    for project in projects:
        customer = customers[project.customer_id]
        offered = list(by_project.get(project.id, []))
        if project.global_activities:
            offered += by_project.get(None, [])
        for activity in offered:
            out.append(Choice(customer.id, customer.name, project.id, project.name, activity.id,
                              activity.name, activity.color or project.color or customer.color))
    return out


def recent_choices(ctx: Context, limit: int = 10) -> list[Choice]:
    """The user's recently used pairs that can still be started, newest first."""
    startable = {(c.project_id, c.activity_id): c for c in start_choices(ctx)}
    return [startable[pair] for pair in records_repo.recent_activities(ctx.user.id, limit * 2)
            if pair in startable][:limit]


def tags(ctx: Context) -> list[str]:
    """The tags the acting user may see (services.tags: what the record listing shows)."""
    return tag_service.names(ctx)


def fold(text: str) -> str:
    """Unicode case folding (rules.md §Markdown and display: `übergabe` finds `Übergabe`)."""
    return text.casefold()


def _fold_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, per folded character, the index of the character it came from
    (folding may lengthen a text: `ß` -> `ss`)."""
    folded, where = [], []
    for index, char in enumerate(text):
        part = char.casefold()
        folded.append(part)
        where.extend([index] * len(part))
    return "".join(folded), where


def _whole_word(needle: str, haystack: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def _tier(words: list[str], phrase: str, activity: str, label: str) -> int | None:
    """How well the query fits (lower is better), None when it does not fit at all:
    0 the activity name is the query, 1 it starts with it, 2 holds it as whole words,
    3 holds every word as a whole word, 4 holds every word, 5 every word is somewhere in
    customer / project / activity, 6 the letters come in order."""
    if activity == phrase:
        return 0
    if activity.startswith(phrase):
        return 1
    if _whole_word(phrase, activity):
        return 2
    if all(_whole_word(word, activity) for word in words):
        return 3
    if all(word in activity for word in words):
        return 4
    if all(word in label for word in words):
        return 5
    if _in_order("".join(words), label):
        return 6
    return None


def rank(query: str, found: list[Choice], recent: list[Choice] = ()) -> list[Choice]:
    """The choices that fit QUERY, best first (issue 14 item 1): an exact, prefix or
    whole-word match in the activity name comes before words spread over customer and
    project, which come before letters in order. Within a tier, for matches in the activity
    name, the name with fewer words besides the query's first; then the recently used
    combinations (RECENT, newest first), then more words matched at a word start, then the
    shorter label. Case is folded for every alphabet."""
    words = fold(query).split()
    if not words:
        return list(found)
    phrase = " ".join(words)
    recency = {(c.project_id, c.activity_id): i for i, c in enumerate(recent)}
    scored = []
    for choice in found:
        activity = " ".join(fold(choice.activity).split())
        label = fold(choice.label)
        tier = _tier(words, phrase, activity, label)
        if tier is None:
            continue
        extra = len(activity.split()) - len(words) if tier <= 4 else 0
        starts = sum(1 for word in words if f" {word}" in f" {label}")
        scored.append(((tier, extra, recency.get((choice.project_id, choice.activity_id),
                                                 len(recency)), -starts, len(label)), choice))
    scored.sort(key=lambda item: item[0])
    return [choice for _, choice in scored]


def matched_spans(query: str, text: str, prefer_from: int = 0) -> list[tuple[int, int]]:
    """Where the words of QUERY match TEXT, as sorted, merged (start, end) character ranges
    of TEXT, for highlighting. Each word is looked for from PREFER_FROM on (the activity
    name) first, as a whole word and then anywhere, else in the whole text; words found
    nowhere fall back to the letters in order."""
    words = fold(query).split()
    if not words:
        return []
    folded, where = _fold_map(text)
    prefer = len(_fold_map(text[:prefer_from])[0])
    spans = []
    missing = []
    for word in words:
        found = None
        for start in (prefer, 0):
            match = re.search(r"(?<!\w)" + re.escape(word), folded[start:])
            if match is None:
                index = folded.find(word, start)
                match_at = index if index >= 0 else None
            else:
                match_at = start + match.start()
            if match_at is not None:
                found = (match_at, match_at + len(word))
                break
        if found is None:
            missing.append(word)
        else:
            spans.append(found)
    if missing:
        position = 0
        for letter in "".join(missing):
            index = folded.find(letter, position)
            if index < 0:
                break
            spans.append((index, index + 1))
            position = index + 1
    out: list[tuple[int, int]] = []
    for start, end in sorted((where[a], where[b - 1] + 1) for a, b in spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _in_order(letters: str, label: str) -> bool:
    position = 0
    for letter in letters:
        position = label.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True
