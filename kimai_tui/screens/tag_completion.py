"""Tag completion for the fields named `tags` of the start picker and the record editor.

The tags one may use are read when the Tags field is first focused: a pass over the records
one may see (services/tags.py), which most starts never need (issue 18), on a worker
connection closed after (services/worker_reads.py).
"""

from __future__ import annotations

from textual import work
from textual.suggester import Suggester
from textual.widgets import Input

from kimai_tui.services import choices as choice_service
from kimai_tui.textsafe import inert


class TagSuggester(Suggester):
    """Completes the last comma-separated tag from the tags already in use.

    A suggestion is drawn as it is (not through the field's stand-ins), and a tag with
    control or invisible characters could not be added to another record anyway (new text is
    refused): such tags are never suggested."""

    def __init__(self, tags: list[str]):
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = [tag for tag in tags if inert(tag) == tag]

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        last = last.lstrip()
        if not last:
            return None
        for tag in self.tags:
            if tag.lower().startswith(last.lower()) and tag.lower() != last.lower():
                prefix = f"{head}, " if head else ""
                return prefix + tag
        return None


class TagCompletion:
    """Mixed into a screen with `ctx` and an Input `#tags`: reads the tags once, when that
    field is first focused, and gives them to its suggester."""

    _tags_asked = False

    def on_descendant_focus(self, event) -> None:
        if getattr(event.widget, "id", None) == "tags" and not self._tags_asked:
            self._tags_asked = True
            self._load_tags()

    @work(thread=True, group="tags")
    def _load_tags(self) -> None:
        from kimai_tui.services.worker_reads import worker_reads

        with worker_reads(self.ctx.database):
            tags = choice_service.tags(self.ctx)
        self.app.call_from_thread(self._tags_loaded, tags)

    def _tags_loaded(self, tags: list[str]) -> None:
        if self.is_attached:
            self.query_one("#tags", Input).suggester = TagSuggester(tags)
