"""A Line-API widget's own style, looked up once per style change instead of once per line."""

from __future__ import annotations

from rich.style import Style


class CachedBaseStyle:
    """Mix into a Widget before it (`class Grid(CachedBaseStyle, Widget)`): `_base_style()`
    is the widget's `rich_style`, kept until its styles change — walking the ancestors for it
    on every line cost more than drawing the line."""

    _base: Style | None = None

    def _base_style(self) -> Style:
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base = None
