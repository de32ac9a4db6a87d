"""My day: a user's overdue and today's activities, cases at risk of breaching their SLA,
opportunities closing this month, items picked from queues and recent records, a section each;
enter opens the record under the cursor, r reads it all again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static

from crm_tui.core.fields import local_today
from crm_tui.services.my_day import Section
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import clip, heading_option, option, plain
from crm_tui.ui.widgets.key_bar import KeyBar


def read_day(user_id: int) -> list[Section]:
    from crm_tui.core.clock import utcnow
    from crm_tui.services import my_day

    return my_day.day(user_id, utcnow())


class MyDayScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("day")

    def __init__(self, sections: list[Section]):
        super().__init__()
        self.sections = sections
        self.entries: dict[str, tuple[str, int]] = {}
        self.title = "My day"

    def compose(self) -> ComposeResult:
        yield Static(plain(f"My day · {local_today():%A %d %B %Y}"), id="day-title", classes="title-bar")
        yield OptionList(id="day")
        yield Static("enter opens · r reads it again · esc back", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#day", OptionList).focus()

    def _show(self) -> None:
        options = self.query_one("#day", OptionList)
        at = options.highlighted
        width = max(30, self.app.size.width - 6)
        options.clear_options()
        self.entries.clear()
        for number, section in enumerate(self.sections):
            options.add_option(heading_option(f"{section.title} ({len(section.entries)})"))
            if not section.entries:
                options.add_option(option(f"  {section.empty}", disabled=True))
            for index, entry in enumerate(section.entries):
                key = f"{number}.{index}"
                self.entries[key] = (entry.record_type, entry.id)
                text = f"  {entry.text}"
                detail = f"  ·  {entry.detail}" if entry.detail else ""
                options.add_option(option(clip(text + detail, width), id=key))
        first = next((n for n in range(options.option_count) if not options.get_option_at_index(n).disabled), None)
        options.highlighted = at if at is not None and at < options.option_count else first

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        record = self.entries.get(event.option.id or "")
        if record:
            self.app.open_record(*record)

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        def shown(sections: list[Section]) -> None:
            self.sections = sections
            self._show()

        db_call(self, read_day, self.app.actor.id, on_success=shown)

    def action_back(self) -> None:
        self.app.pop_screen()
