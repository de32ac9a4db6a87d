"""For widgets that draw their own lines (the record list, the sidebar)."""

from __future__ import annotations

from rich.style import Style


class CachedLineStyles:
    """A widget's line styles, resolved once per style change (resolving them is most of a
    line's cost). Mix in before the Textual widget class; define _resolve_line_styles."""

    _style_cache: dict[str, Style] | None = None

    def _resolve_line_styles(self) -> dict[str, Style]:
        raise NotImplementedError

    def _styles(self) -> dict[str, Style]:
        if self._style_cache is None:
            self._style_cache = self._resolve_line_styles()
        return self._style_cache

    def notify_style_update(self) -> None:
        self._style_cache = None
        super().notify_style_update()
