"""What a screen that is kept and shown again (ui/app.kept_screen) needs."""

from __future__ import annotations

from textual import events


class StylesKept:
    """Mixed into a Screen: showing it again skips Textual's restyle of every one of its widgets
    (~0.3 ms a widget) unless the theme or the style sheets changed while it was away."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls this before Screen's own handler, which restyles when refresh_styles is set.
        styled = (self.app.theme, len(self.app.stylesheet.source))
        if getattr(self, "_styled_for", None) == styled:
            event.refresh_styles = False
        self._styled_for = styled
