"""What the picker and search everywhere share: a field whose every keystroke asks again, the
answers as a list under it, enter or a click on one returns its Hit, ↓ goes to the list."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from crm_tui.services.hits import Hit
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import option


class TypeAheadDialog(Dialog[Hit | None]):
    """Subclasses compose an Input and an OptionList and say how a text is searched (_search)."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, Hit] = {}  # option id -> the record it stands for
        self._answered_text: str | None = None  # the text the answers shown are for
        self._choose_when_answered = False  # enter came before the answer to the text typed

    def _search(self, text: str) -> None:
        raise NotImplementedError

    def _add_hit(self, results: OptionList, hit: Hit, mark: str, indent: str = "") -> None:
        """One answer as a line: its title, what tells it apart, and its state if that matters."""
        detail = f"  — {hit.detail}" if hit.detail else ""
        option_id = f"{hit.record_type}:{hit.id}"
        self.hits[option_id] = hit
        results.add_option(option(f"{indent}{hit.title}{detail}{mark}", id=option_id))

    def keys_on_hold(self) -> bool:
        """Keys after an enter that waits for its answer wait too: they are for the screen the
        choice goes back to (o, a name, enter, ctrl+s: the save sees the choice)."""
        return self._choose_when_answered

    def on_input_changed(self, event: Input.Changed) -> None:
        self._choose_when_answered = False  # typed on after an enter: that enter was for less
        self._search(event.value)

    def answered(self, text: str) -> None:
        """Subclasses call this once the answers for text are shown: an enter typed before they
        came chooses now, from them (not from the answers to the text before)."""
        self._answered_text = text
        if self._choose_when_answered and text == self.query_one(Input).value:
            self._choose_when_answered = False
            self._choose_highlighted()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._answered_text != event.value:  # keys faster than the database: wait for this text's answer
            self._choose_when_answered = True
            return
        self._choose_highlighted()

    def _choose_highlighted(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is not None:
            chosen = results.get_option_at_index(results.highlighted)
            if chosen.id in self.hits:
                self.dismiss(self.hits[chosen.id])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option.id])

    def action_to_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
