"""Merging records side by side: a column a record, a line a field where they differ; the
master's values survive unless another's is picked, field by field. Everything that pointed at
the others moves to the master, and they close with a link to it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import record_type
from crm_tui.services import merge
from crm_tui.services.merge import Candidate
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.screens.dialogs import ConfirmScreen
from crm_tui.ui.text import clip, plain, printable

SHOWN = 4  # records side by side; more are merged with the master's values
LABEL_WIDTH = 18


class MergeScreen(Dialog[bool]):
    """Dismissed with True once merged."""

    BINDINGS = bindings("merge")

    def __init__(self, rt_key: str, found: list[Candidate]):
        super().__init__()
        self.rt = record_type(rt_key)
        self.found = found
        self.master = 0  # the column of the survivor
        # The fields where the records differ; the others are the same whoever survives.
        self.rows = [(name, label) for name, label in merge.fields(rt_key)
                     if len({c.texts.get(name, "") for c in found}) > 1]
        self.picked: dict[str, int] = {}  # field -> the column whose value survives (else the master's)
        self.cursor = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog merge"):
            yield Static(id="merge-title", classes="dialog-title")
            with VerticalScroll(id="merge-table-scroll", can_focus=False):  # the dialog takes the arrows
                yield Static(id="merge-table")
            yield Static(id="merge-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._draw()

    def _column(self, name: str) -> int:
        return self.picked.get(name, self.master)

    def _draw(self) -> None:
        found = self.found
        shown = found[:SHOWN]
        width = max(10, self.app.size.width * 95 // 100 - LABEL_WIDTH - 10) // max(1, len(shown))
        plural = lower_noun(self.rt.plural)
        more = f" (and {len(found) - SHOWN} more, merged with the master's values)" if len(found) > SHOWN else ""
        self.query_one("#merge-title", Static).update(plain(
            f"{len(found)} {plural} into one: {found[self.master].title} ({found[self.master].id}){more}"))
        head = " " * (LABEL_WIDTH + 2) + "".join(
            clip(f"{'★ ' if n == self.master else ''}{c.id} {printable(c.title)}", width - 1).ljust(width)
            for n, c in enumerate(shown))
        facts = " " * (LABEL_WIDTH + 2) + "".join(
            clip(f"{c.status} · {c.related} linked", width - 1).ljust(width) for c in shown)
        lines = [head, facts, ""]
        if not self.rows:
            lines.append("Their fields hold the same values: only their links and history move.")
        for index, (name, label) in enumerate(self.rows):
            chosen = self._column(name)
            cells = "".join(clip(f"{'● ' if n == chosen else '  '}{printable(c.texts.get(name, '')) or '—'}",
                                 width - 1).ljust(width) for n, c in enumerate(shown))
            pointer = "▶ " if index == self.cursor else "  "
            lines.append(f"{pointer}{clip(printable(label), LABEL_WIDTH).ljust(LABEL_WIDTH)}{cells}")
        self.query_one("#merge-table", Static).update(plain("\n".join(lines)))
        self.call_after_refresh(self._follow, self.cursor + 3)
        self.query_one("#merge-hint", Static).update(
            "↑↓ field · ←→ take the value of another · m makes the one under the cursor the master (★) · "
            "ctrl+s merges · esc cancels")

    def _follow(self, line: int) -> None:
        """Keep the cursor's line in sight on a short terminal."""
        scroll = self.query_one("#merge-table-scroll", VerticalScroll)
        top, height = int(scroll.scroll_y), max(1, scroll.size.height)
        if line < top + 3:
            scroll.scroll_to(y=max(0, line - 3), animate=False)
        elif line >= top + height:
            scroll.scroll_to(y=line - height + 1, animate=False)

    def on_resize(self) -> None:
        self._draw()

    def action_cursor(self, delta: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, self.cursor + delta))
            self._draw()

    def action_pick(self, delta: int) -> None:
        if not self.rows:
            return
        name = self.rows[self.cursor][0]
        column = max(0, min(min(len(self.found), SHOWN) - 1, self._column(name) + delta))
        if column == self.master:
            self.picked.pop(name, None)
        else:
            self.picked[name] = column
        self._draw()

    def action_make_master(self) -> None:
        """The record whose value is picked on the cursor's line survives; the picks start again."""
        if self.rows:
            self.master = self._column(self.rows[self.cursor][0])
        self.picked = {}
        self._draw()

    def action_run(self) -> None:
        found, master = self.found, self.found[self.master]
        others = [c.id for n, c in enumerate(found) if n != self.master]
        take = {name: found[column].id for name, column in self.picked.items() if column != self.master}
        plural = lower_noun(self.rt.plural if len(others) > 1 else self.rt.singular)
        question = (f"Merge {len(others)} {plural} into {master.title} ({master.id})? Everything linked to "
                    f"{'them' if len(others) > 1 else 'it'} moves there, and {'they close' if len(others) > 1 else 'it closes'} "
                    f"with a link to it." + (f" {len(take)} field{'s' if len(take) != 1 else ''} taken from the others."
                                             if take else ""))

        def answered(yes: bool | None) -> None:
            if yes:
                db_call(self, merge.merge, self.app.actor, self.rt.key, master.id, others, take,
                        on_success=lambda done: self.dismiss(True),
                        on_error=lambda error: self.notify(str(error), title="Not merged", severity="error"),
                        holds_keys=True)

        self.app.push_screen(ConfirmScreen(question, "Merge"), answered)

    def action_cancel(self) -> None:
        self.dismiss(False)
