"""The queues: on the left every queue with how many wait and how many are picked, on the right
the chosen queue's items, the most urgent first. p picks the item under the cursor (it is
assigned to you), n picks the most urgent one and opens it, r releases, t routes it to another
queue, enter opens its case or activity."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static

from crm_tui.core.list_types import ListQuery
from crm_tui.services import queues
from crm_tui.services.errors import ServiceError
from crm_tui.services.queues import AlreadyPicked, QueueInfo
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import clip, option
from crm_tui.ui.widgets.key_bar import KeyBar
from crm_tui.ui.widgets.record_list import RecordList


def queue_text(info: QueueInfo, width: int) -> str:
    return clip(f"{info.name} · {info.waiting} waiting, {info.picked} picked · {info.whose}", width)


class ChooseQueueScreen(Dialog[int | None]):
    """Which queue to route an item to: returns its id, or None."""

    BINDINGS = bindings("choose_queue")

    def __init__(self, found: list[QueueInfo], current: int | None):
        super().__init__()
        self.found = [q for q in found if q.id != current]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choose-queue"):
            yield Static("Route it to which queue?", classes="dialog-title")
            yield OptionList(*(option(queue_text(q, 70), id=str(q.id)) for q in self.found), id="choose-queue")
            yield Static("enter routes it there · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class QueuesScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("queues")

    def __init__(self, found: list[QueueInfo]):
        super().__init__()
        self.found = found
        self.queue_id: int | None = found[0].id if found else None
        self.title = "Queues"

    def _query(self) -> ListQuery:
        return ListQuery("queue_items", state=None, linked=("queue", self.queue_id if self.queue_id else -1))

    def compose(self) -> ComposeResult:
        yield Static("Queues", id="queues-title", classes="title-bar")
        with Horizontal():
            yield OptionList(id="queues")
            with Vertical(id="queue-pane"):
                yield RecordList(self._query(), empty_text="Nothing waits in this queue.", id="queue-items")
        yield Static("p pick · n next · r release · t route · enter open · tab queues ⇄ items · esc back",
                     classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show_queues()
        if self.found:
            self.query_one("#queue-items", RecordList).focus()
        else:
            self.query_one("#queues-title", Static).update(
                "Queues · none yet: crm-tui queue create NAME [--team TEAM] makes one")

    @property
    def items(self) -> RecordList:
        return self.query_one("#queue-items", RecordList)

    def _show_queues(self) -> None:
        options = self.query_one("#queues", OptionList)
        at = next((n for n, q in enumerate(self.found) if q.id == self.queue_id), 0)
        options.clear_options()
        options.add_options([option(queue_text(q, 40), id=str(q.id)) for q in self.found])
        if self.found:
            options.highlighted = at

    def _refresh(self) -> None:
        def shown(found: list[QueueInfo]) -> None:
            self.found = found
            self._show_queues()
            self.items.reload(select_id=self.items.current_id)

        db_call(self, queues.queues, on_success=shown)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "queues" and event.option.id and int(event.option.id) != self.queue_id:
            self.queue_id = int(event.option.id)
            self.items.set_query(self._query())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "queues":
            self.items.focus()

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        db_call(self, queues.describe, event.record_id, holds_keys=True,
                on_success=lambda item: self.app.open_record(item.record_type, item.record_id))

    def _current_item(self) -> int | None:
        row = self.items.current_row
        return row.id if row is not None else None

    def _done(self, said: str):
        def shown(item) -> None:
            self.notify(said.format(item=item))
            self._refresh()
        return shown

    def _refused(self, error: ServiceError) -> None:
        self.notify(str(error), title="Not picked" if isinstance(error, AlreadyPicked) else "Not done",
                    severity="warning" if isinstance(error, AlreadyPicked) else "error")
        self._refresh()

    def action_pick(self) -> None:
        if (item_id := self._current_item()) is not None:
            db_call(self, queues.pick, self.app.actor, item_id, holds_keys=True,
                    on_success=self._done("Picked: {item.title} is yours"), on_error=self._refused)

    def action_release(self) -> None:
        if (item_id := self._current_item()) is not None:
            db_call(self, queues.release, self.app.actor, item_id, holds_keys=True,
                    on_success=self._done("Released: {item.title} waits in the queue again"),
                    on_error=self._refused)

    def action_next(self) -> None:
        if self.queue_id is None:
            return

        def picked(item) -> None:
            if item is None:
                self.notify("Nothing waits in this queue that you may pick")
                self._refresh()
                return
            self._refresh()
            self.app.open_record(item.record_type, item.record_id)

        db_call(self, queues.next_item, self.app.actor, self.queue_id, holds_keys=True, on_success=picked,
                on_error=self._refused)

    def action_route(self) -> None:
        item_id = self._current_item()
        if item_id is None:
            return

        def chosen(queue_id: int | None) -> None:
            if queue_id is not None:
                db_call(self, queues.route_item, self.app.actor, item_id, queue_id, holds_keys=True,
                        on_success=lambda _moved: self._done("Routed")(None), on_error=self._refused)

        self.app.push_screen(ChooseQueueScreen(self.found, self.queue_id), chosen)

    def action_switch_pane(self) -> None:
        target = self.query_one("#queues") if self.focused is self.items else self.items
        target.focus()

    def action_back(self) -> None:
        self.app.pop_screen()
