"""Textual's bindings made from the declared actions (crm_tui/core/actions.py), and whether one
is offered where the screen stands: the only place a screen's keys come from."""

from __future__ import annotations

from textual.binding import Binding

from crm_tui.core import actions
from crm_tui.core.action import Action


def bindings(scope: str) -> list[Binding]:
    """A screen's or widget's BINDINGS: one per declared action of that scope."""
    return [Binding(a.keys, a.call, a.label, show=a.footer, priority=a.priority, id=a.id)
            for a in actions.of(scope)]


def label(binding: Binding) -> str:
    """What a key is called on screen, in the organisation's words."""
    return actions.label(binding.id, binding.description) if binding.id else binding.description


def declared(binding: Binding) -> Action | None:
    return actions.BY_ID.get(binding.id) if binding.id else None


class Offered:
    """Mixed into a screen or widget: its check_action follows the declarations. The screen says
    where it stands: which record type (or list), in which state, and whether it is saved."""

    ACTION_SCOPE: str = ""

    def offered_type(self) -> str:
        return ""

    def offered_state(self) -> str | None:
        return None

    def offered_saved(self) -> bool:
        return True

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        found = actions.by_call(self.ACTION_SCOPE, action, parameters)
        if found is None:
            return True
        return found.offered(self.offered_type(), self.offered_state(), self.offered_saved())
