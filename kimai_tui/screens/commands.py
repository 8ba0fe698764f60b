"""The command palette (ctrl+p): every action of the current screen, the modes, and
"Start <customer / project / activity>" by fuzzy name."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Iterable

from rich.text import Text
from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from kimai_tui.services import choices as choice_service
from kimai_tui.services.record_save import RecordChanges
from kimai_tui.textsafe import inert


def _highlight(matcher: Matcher, label: str) -> Content:
    """`Matcher.highlight` without reading the label as markup (it parses it: a project named
    `[@click=app.quit]x[/]` would become a live action): the label is shown as it is."""
    content = Content(label)
    _, offsets = matcher.fuzzy_search.match(matcher.query, label)
    for offset in offsets:
        if not label[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def screen_commands(app, screen) -> Iterable[SystemCommand]:
    """One palette entry per binding that works right now, named as in the footer."""
    seen = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not active.enabled or not binding.description or binding.action in seen:
            continue
        seen.add(binding.action)
        node = active.node
        yield SystemCommand(binding.description, f"key: {key}",
                            partial(app.call_later, node.run_action, binding.action))
    for spec in getattr(app, "mode_specs", []):
        yield SystemCommand(f"Go to {spec.title}", f"key: {spec.key}",
                            partial(app.switch_mode, spec.name))


class StartCommands(Provider):
    """"Start Kaesim SLA User Setup" and friends, for everything the user may start."""

    async def startup(self) -> None:
        app = self.app
        self.found = await asyncio.to_thread(choice_service.start_choices, app.ctx)

    def _start(self, choice) -> None:
        from kimai_tui.services import timesheets

        app = self.app
        app.call_service(lambda: timesheets.start(app.ctx, RecordChanges(
            project_id=choice.project_id, activity_id=choice.activity_id)),
            f"Started {choice.activity}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for choice in self.found:
            label = f"Start {choice.label}"
            label = inert(label)
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, _highlight(matcher, label), partial(self._start, choice),
                          text=label, help="start a record now")

    async def discover(self) -> Hits:
        for choice in self.found[:20]:
            label = inert(f"Start {choice.label}")
            yield DiscoveryHit(Text(label), partial(self._start, choice), text=label)
