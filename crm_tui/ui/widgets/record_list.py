"""A list of any length that renders only the visible lines, fetched a keyset page at a time."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from crm_tui.core.list_types import Column, FirstPage, Fit, ListQuery, Row, key_of
from crm_tui.core.types import muted_states
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.text import clip, printable
from crm_tui.ui.widgets.line_styles import CachedLineStyles

PAGE = 50
MUTED_STATES = muted_states()
CACHED_PAGES = 40  # at most 2,000 rows are held, wherever the user scrolls
CARD_INDENT = 2  # a card's second line, under its first
RETRY_SECONDS = 2.0  # a list that could not be read (the database away or busy) tries again this often


def _listing():
    """The list queries, imported on first use: the first frame is drawn from a page read ahead,
    before the database layer is imported."""
    from crm_tui.services import listing

    return listing


def layout(columns: tuple[Column, ...], width: int) -> list[int]:
    """Column widths for a total width: 0 for a column dropped for room, spare width shared by flex."""
    shown = list(range(len(columns)))
    while len(shown) > 1 and sum(columns[i].width for i in shown) + len(shown) - 1 > width:
        shown.remove(max(shown, key=lambda i: columns[i].drop))
    widths = [columns[i].width if i in shown else 0 for i in range(len(columns))]
    spare = width - sum(widths) - (len(shown) - 1)
    flex_total = sum(columns[i].flex for i in shown)
    if spare > 0 and flex_total:
        for i in shown:
            widths[i] += spare * columns[i].flex // flex_total
    elif spare < 0:
        widths[shown[0]] = max(1, widths[shown[0]] + spare)
    return widths


def _fitted(cell: object, width: int) -> str:
    """The longest form of a cell that fits its width (the shortest, cut, when none does)."""
    if isinstance(cell, Fit):
        forms = [printable(form) for form in cell] or [""]
        return next((form for form in forms if cell_len(form) <= width), forms[-1])
    return printable(cell)


def _line(texts: list, widths: list[int]) -> str:
    return " ".join(clip(_fitted(text, w), w) for text, w in zip(texts, widths) if w)


@dataclass
class _Page:
    rows: list[Row]


class RecordList(CachedLineStyles, ScrollView, can_focus=True):
    """Rows of a ListQuery; enter posts Opened with the record under the cursor."""

    DEFAULT_CSS = """
    RecordList {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    RecordList > .record-list--header {
        text-style: bold;
        background: $panel;
        color: $text;
    }
    /* Where the cursor is in a list without the focus: quiet, so that the one with the focus is
       the only accent on screen (in 16 colours both became the same yellow). */
    RecordList > .record-list--cursor {
        background: $panel;
    }
    RecordList > .record-list--inactive {
        color: $text-muted;
        text-style: italic;
    }
    RecordList > .record-list--placeholder {
        color: $text-disabled;
    }
    RecordList:focus > .record-list--cursor {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    /* NO_COLOR: greys alone may not tell the cursor from the rest. */
    RecordList:nocolor:focus > .record-list--cursor {
        text-style: bold reverse;
    }
    RecordList:nocolor > .record-list--cursor {
        text-style: underline;
    }
    """
    BINDINGS = bindings("rows")
    COMPONENT_CLASSES = {
        "record-list--header",
        "record-list--cursor",
        "record-list--inactive",
        "record-list--placeholder",
    }

    cursor = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, record_list: "RecordList", record_type: str, record_id: int):
            super().__init__()
            self.record_list = record_list
            self.record_type = record_type
            self.record_id = record_id

        @property
        def control(self) -> "RecordList":
            return self.record_list

    class Loaded(Message):
        """The row count is known (after a new query or a reload); changed: what the list shows
        is not what it showed before (a reload that found the rows as they were says False)."""

        def __init__(self, record_list: "RecordList", total: int, changed: bool = True):
            super().__init__()
            self.record_list = record_list
            self.total = total
            self.changed = changed

        @property
        def control(self) -> "RecordList":
            return self.record_list

    def __init__(self, query: ListQuery, empty_text: str = "Nothing here yet.",
                 first_page: FirstPage | None = None, deferred: bool = False, row_lines: int = 1, **kwargs):
        """deferred: read nothing until load_if_deferred() (a tab not yet shown). row_lines 2: each
        row is a card, its first cell on a line of its own and the others on the line under it."""
        super().__init__(**kwargs)
        self.row_lines = row_lines
        self.list_query = query
        self.deferred = deferred
        self._first_page = first_page if first_page and first_page.query == query else None
        self.empty_text = empty_text
        self.total: int | None = None
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._loading: set[int] = set()
        self._generation = 0
        self._select_id: int | None = None
        self._open_when_loaded = False
        self._first_columns: tuple[Column, ...] | None = None  # the first page's, until a reload
        self.trouble: str | None = None  # why the list could not be read, while it cannot (it retries)
        self.marked: list[int] = []  # ids marked, in the order marked (they outlive a reread or a sort)
        self.all_marked = False  # every row of the list, but the excluded
        self.excluded: set[int] = set()

    # -- data ------------------------------------------------------------------------
    def on_mount(self) -> None:
        first = self._first_page
        if first is None:
            if not self.deferred:
                self.reload()
            return
        # Read before the app started: the first frame shows rows, not a wait.
        self._first_page = None
        self._first_columns = first.columns
        self._counted(self._generation, first.total, None, (0, first.rows))

    # -- marks: the rows a bulk change acts on -------------------------------------------
    class MarksChanged(Message):
        """Rows were marked or unmarked."""

        def __init__(self, record_list: "RecordList", count: int):
            super().__init__()
            self.record_list = record_list
            self.count = count

    def is_marked(self, record_id: int) -> bool:
        return record_id not in self.excluded if self.all_marked else record_id in self.marked

    @property
    def marked_count(self) -> int:
        return max(0, (self.total or 0) - len(self.excluded)) if self.all_marked else len(self.marked)

    def clear_marks(self) -> None:
        if self.marked or self.all_marked:
            self.marked, self.all_marked, self.excluded = [], False, set()
            self._marks_changed()

    def _marks_changed(self) -> None:
        self.refresh()
        self.post_message(self.MarksChanged(self, self.marked_count))

    def _set_mark(self, record_id: int, on: bool) -> None:
        if self.all_marked:
            (self.excluded.discard if on else self.excluded.add)(record_id)
        elif on and record_id not in self.marked:
            self.marked.append(record_id)
        elif not on and record_id in self.marked:
            self.marked.remove(record_id)

    def action_mark(self) -> None:
        """Mark the row under the cursor, or unmark it, and go to the next."""
        row = self.current_row
        if row is None:
            return
        self._set_mark(row.id, not self.is_marked(row.id))
        self._move_to(self.cursor + 1)
        self._marks_changed()

    def action_mark_range(self, delta: int) -> None:
        """Mark the row under the cursor and the next one up or down: a range, as shift+arrows do."""
        row = self.current_row
        if row is None:
            return
        self._set_mark(row.id, True)
        self._move_to(self.cursor + delta)
        if (after := self.current_row) is not None:
            self._set_mark(after.id, True)
        self._marks_changed()

    def action_mark_all(self) -> None:
        """Every row of the list marked (without reading them), or, if any are, none."""
        if self.marked or self.all_marked:
            self.clear_marks()
            return
        self.all_marked = bool(self.total)
        self._marks_changed()

    def set_query(self, query: ListQuery, select_id: int | None = None, deferred: bool = False) -> None:
        """Show another query's rows; deferred: forget the old ones now, read the new ones when
        load_if_deferred() is called (the list is out of sight until then)."""
        if query != self.list_query:  # other rows: marks on the old ones mean nothing here
            self.clear_marks()
        self.list_query = query
        if deferred:
            self.deferred = True
            self._forget(keep_rows=False, keep_cursor=False)
            return
        self.reload(select_id=select_id, keep_cursor=False)

    def load_if_deferred(self) -> None:
        if self.deferred:
            self.reload(keep_cursor=False)

    def reload(self, select_id: int | None = None, keep_cursor: bool = True, keep_rows: bool = False) -> None:
        """Forget every row and fetch again (after a write, or a new query): the count, where
        select_id sits, and the page the cursor will be on, in one trip to the database.
        keep_rows: go on showing the rows there are until the new ones come (coming back to a
        list: it shows at once, as it was, and changes only if the data did)."""
        self.deferred = False
        self._forget(keep_rows=keep_rows and self.total is not None and keep_cursor, keep_cursor=keep_cursor)
        self._select_id = select_id
        generation, query, cursor = self._generation, self.list_query, self.cursor

        def fetch():
            total = _listing().count(query)
            position = _position_of(query, select_id) if select_id is not None else None
            at = min(position if position is not None else cursor, max(0, total - 1))
            number = at // PAGE
            start = number * PAGE
            size = min(PAGE, total - start)
            if not total:
                rows = []
            elif number == 0:
                rows = _listing().page(query, limit=size)
            else:  # back where the cursor was (a list reread after a save): the key index walks there
                rows = _listing().page_at(query, start, size)
            return total, position, (number, rows)

        def failed(error) -> None:
            if generation == self._generation:
                self._could_not_read(str(error), lambda: self.reload(select_id, keep_cursor, keep_rows=True))

        db_call(self, fetch, on_success=lambda result: self._counted(generation, *result, cursor_asked=cursor),
                on_error=failed,
                group=f"list-count-{id(self)}", exclusive=True)

    def _could_not_read(self, why: str, again) -> None:
        """Say on the list why it is not there, and try again by itself (until it can)."""
        self.trouble = why
        self.refresh()
        generation = self._generation

        def retry() -> None:
            if generation == self._generation and self.is_attached:
                again()

        self.set_timer(RETRY_SECONDS, retry)

    def _forget(self, keep_rows: bool, keep_cursor: bool) -> None:
        """Drop what was read for the list's query (answers still on their way are dropped too)."""
        self._generation += 1
        self._open_when_loaded = False
        if not keep_rows:
            self._first_columns = None
            self.total = None  # pages wait for the new count: a page sized by the old one would be cut short
            self._pages.clear()
        self._loading.clear()
        if not keep_cursor:
            self.cursor = 0
            self._scroll_to_line(0)

    def _counted(self, generation: int, total: int, position: int | None,
                 page: tuple[int, list[Row]] | None = None, cursor_asked: int | None = None) -> None:
        if generation != self._generation:
            return
        was_shown = self._shown_now()
        self.trouble = None
        self._pages.clear()  # rows kept while this was read (keep_rows) are replaced now
        if page is not None:
            self._pages[page[0]] = _Page(page[1])
        self.total = total
        self.virtual_size = Size(0, total * self.row_lines + 1)
        # Where the record sits now, unless a key moved the cursor while the kept rows were shown:
        # that key was meant for what was on screen.
        if position is not None and (cursor_asked is None or self.cursor == cursor_asked):
            self.cursor = position
        else:
            self.cursor = min(self.cursor, max(0, total - 1))
        self._scroll_cursor_into_view()
        changed = self._shown_now() != was_shown
        if changed:  # coming back to a list that did not change: no repaint
            self.refresh()
        self.post_message(self.Loaded(self, total, changed))

    def _shown_now(self) -> tuple | None:
        """What the list shows: its count, cursor, first line and the rows in sight (None if a
        row in sight is not read yet, or a trouble line is up)."""
        if self.total is None or self.trouble:
            return None
        top = self._top_row
        rows = [self.row_at(i) for i in range(top, min(self.total, top + self.size.height // self.row_lines + 1))]
        return None if None in rows else (self.total, self.cursor, top, tuple(rows))

    def _fetch_page(self, number: int) -> None:
        if number in self._pages or number in self._loading or self.total is None:
            return
        self._loading.add(number)
        generation, query, total = self._generation, self.list_query, self.total
        previous, following = self._pages.get(number - 1), self._pages.get(number + 1)
        start = number * PAGE
        size = min(PAGE, total - start)

        def fetch() -> list[Row]:
            if number == 0:
                return _listing().page(query, limit=size)
            if previous and previous.rows:
                return _listing().page(query, after=key_of(previous.rows[-1]), limit=size)
            if following and following.rows:
                return _listing().page(query, before=key_of(following.rows[0]), limit=size)
            if start + size >= total:
                return _listing().page(query, before=(), limit=size)
            return _listing().page_at(query, start, size)  # a far jump: nothing loaded nearby

        def failed(error) -> None:
            if generation == self._generation:
                self._could_not_read(str(error), lambda: (self._loading.discard(number), self.refresh()))

        db_call(self, fetch, on_success=lambda rows: self._fetched(generation, number, rows), on_error=failed,
                group=f"list-page-{id(self)}-{number}")

    def _fetched(self, generation: int, number: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return
        self._loading.discard(number)
        self.trouble = None
        self._pages[number] = _Page(rows)
        self._pages.move_to_end(number)
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        self.refresh()
        if self._open_when_loaded and self.current_row is not None:
            self._open_when_loaded = False
            self.action_open()

    def row_at(self, index: int) -> Row | None:
        page = self._pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page.rows[offset] if offset < len(page.rows) else None

    @property
    def current_row(self) -> Row | None:
        return self.row_at(self.cursor) if self.total else None

    @property
    def current_id(self) -> int | None:
        row = self.current_row
        return row.id if row else None

    def keys_on_hold(self) -> bool:
        """A key for this list waits for its count and for the row under the cursor, which enter
        and the screen's actions act on (the key gate asks; see ui/keys.py)."""
        if self.total is None:
            self.load_if_deferred()
            return True
        if self.total and self.current_row is None:
            self._fetch_page(self.cursor // PAGE)  # on its way, if it was not already
            return True
        return False

    # -- rendering ---------------------------------------------------------------------
    @property
    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    @property
    def _top_row(self) -> int:
        return int(self.scroll_offset.y) // self.row_lines

    def _row_at_line(self, y: int) -> tuple[int, int]:
        """The row a line of the widget shows (y 1 is the first under the header), and which of its lines."""
        line = int(self.scroll_offset.y) + y - 1
        return line // self.row_lines, line % self.row_lines

    def _resolve_line_styles(self) -> dict[str, Style]:
        base = self.rich_style
        return {
            "base": base,
            "header": self.get_component_rich_style("record-list--header"),
            "placeholder": self.get_component_rich_style("record-list--placeholder"),
            "inactive": base + self.get_component_rich_style("record-list--inactive"),
            "cursor": self.get_component_rich_style("record-list--cursor"),
        }

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        styles = self._styles()
        columns = self._first_columns or _listing().columns(self.list_query)
        if self.row_lines > 1:  # a card: the first cell alone, the others under it, indented
            lead, columns = columns[0], columns[1:]
        marking = bool(self.marked or self.all_marked)  # a column for the marks, while there are any
        gutter = 2 if marking else 0
        widths = layout(columns, width - gutter - (CARD_INDENT if self.row_lines > 1 else 0))
        if y == 0:
            if self.row_lines > 1:
                text = " " * gutter + clip(", ".join([lead.title, *(c.title for c, w in zip(columns, widths) if w)]),
                                           width - gutter)
            else:
                text = " " * gutter + _line([c.title for c in columns], widths)
            return Strip([Segment(text.ljust(width)[:width], styles["header"])], width)
        base = styles["base"]
        if self.trouble and y == 1 and (self.total is None or self.row_at(self._top_row) is None):
            text = f"Could not read this list: {printable(self.trouble)} Trying again…"
            return Strip([Segment(text.ljust(width)[:width], styles["placeholder"])], width)
        if self.total == 0:
            text = self.empty_text if y == 1 else ""
            return Strip([Segment(text.ljust(width)[:width], base)], width)
        index, part = self._row_at_line(y)
        if self.total is None or index >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            self._fetch_page(index // PAGE)
            return Strip([Segment("…".ljust(width), styles["placeholder"])], width)
        mark = ("✓ " if part == 0 and self.is_marked(row.id) else "  ") if marking else ""
        if self.row_lines == 1:
            text = mark + _line(list(row.cells), widths)
        elif part == 0:
            text = mark + clip(_fitted(row.cells[0], width - gutter), width - gutter)
        else:
            text = mark + " " * CARD_INDENT + _line(list(row.cells[1:]), widths)
        style = styles["inactive"] if row.state in MUTED_STATES else base
        if index == self.cursor:
            style = style + styles["cursor"]
            if not self.has_focus:
                style = style + Style(bold=False, dim=True)
        return Strip([Segment(text.ljust(width)[:width], style)], width)

    def on_resize(self) -> None:
        if self.total is not None:
            self.virtual_size = Size(0, self.total * self.row_lines + 1)
            # A list placed before it was laid out scrolled for no height: the cursor back in sight.
            self.call_after_refresh(self._scroll_cursor_into_view)

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- keys and mouse ------------------------------------------------------------------
    def _scroll_cursor_into_view(self) -> None:
        # In rows, so that a card is never cut at the top (the offset stays a multiple of its lines).
        top, rows = self._top_row, max(1, self._body_height // self.row_lines)
        if self.cursor < top:
            self._scroll_to_line(self.cursor * self.row_lines)
        elif self.cursor >= top + rows:
            self._scroll_to_line((self.cursor - rows + 1) * self.row_lines)

    def _scroll_to_line(self, y: int) -> None:
        # Forced: a list that has just grown has no scroll bar until its next layout, and Textual
        # refuses to scroll a view without one, leaving the cursor out of sight. Clamped to the
        # height of this moment; a later resize brings the cursor back (on_resize).
        self.scroll_to(y=y, animate=False, force=True)

    def _move_to(self, index: int) -> None:
        if not self.total:
            return
        self.cursor = max(0, min(self.total - 1, index))
        self._scroll_cursor_into_view()

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self._body_height // self.row_lines - 1))

    def action_jump(self, where: int) -> None:
        self._move_to(0 if where == 0 else (self.total or 1) - 1)

    def action_open(self) -> None:
        row = self.current_row
        if row is not None:
            self.post_message(self.Opened(self, row.open_as, row.id))
        elif self.total is None or self.total > 0:
            self._open_when_loaded = True  # the row is on its way: open it when it lands

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1 and self.total:
            index = self._row_at_line(event.y)[0]
            if index < self.total:
                self._move_to(index)
                if event.chain >= 2:
                    self.action_open()


def _position_of(query: ListQuery, record_id: int) -> int | None:
    """Where a record sits in the list, or None when the list does not show it."""
    for row in _listing().rows_by_id(query, [record_id]):
        return _listing().position(query, key_of(row))
    return None


class MarkableList(RecordList):
    """A list whose rows are marked for a change to many at once (a list screen's own list)."""

    BINDINGS = bindings("marks")
