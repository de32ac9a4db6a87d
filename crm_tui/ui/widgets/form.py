"""The pieces of a record form: a field row per field, and reference fields chosen with a picker."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from crm_tui.core.fields import CHOICE, MULTILINE, FieldSpec
from crm_tui.ui.bindings import bindings
from crm_tui.ui.text import clip, plain, printable, printable_lines


def editor_for(spec: FieldSpec) -> Widget:
    """The widget that edits a field of this kind."""
    widget_id = f"f-{spec.name}"
    if spec.kind == CHOICE:
        return FieldSelect(spec.offered, id=widget_id)
    if spec.kind == MULTILINE:
        return TextArea(id=widget_id, soft_wrap=True, tab_behavior="focus")
    return FieldInput(placeholder=spec.placeholder, id=widget_id, max_length=spec.max_length or 0,
                      select_on_focus=False)


class FieldSelect(Select):
    """A choice field offering what may be picked; a stored value beyond that (a resolved case's
    reason, set by its action) is shown as it is, and offered only while it is the value."""

    def __init__(self, offered: tuple[str, ...], **kwargs):
        super().__init__([(c, c) for c in offered], prompt="—", allow_blank=True, **kwargs)
        self.offered = offered
        self.listed = offered

    def show_value(self, text: str) -> None:
        listed = self.offered + ((text,) if text and text not in self.offered else ())
        if listed != self.listed:
            self.set_options([(c, c) for c in listed])
            self.listed = listed
        self.value = text if text else Select.NULL


class FieldInput(Input):
    """A form's one-line field: a value longer than the field ends in an ellipsis, so it reads
    as cut; with the focus the whole value is there to read and edit, as in any input."""

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y != 0 or self.has_focus or cell_len(self.value) <= width:
            return super().render_line(y)
        text = Text(clip(self.value, width), no_wrap=True, end="")
        strip = Strip(self.app.console.render(text, self.app.console_options.update_width(width + 1)))
        return strip.extend_cell_length(width + 1).apply_style(self.rich_style)


def editor_text(widget: Widget) -> str:
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else str(widget.value)
    if isinstance(widget, TextArea):
        return widget.text
    return widget.value


def set_editor_text(widget: Widget, text: str) -> None:
    """Show a stored value for editing (control characters made visible: never sent raw). Not a
    change the user made, so no Changed message: a form's fifteen would bubble up four levels
    each, some sixty messages every time a record is shown."""
    text = printable_lines(text) if isinstance(widget, TextArea) else printable(text)
    with widget.prevent(Input.Changed, Select.Changed, TextArea.Changed):
        if isinstance(widget, FieldSelect):
            widget.show_value(text)
        elif isinstance(widget, Select):
            widget.value = text if text else Select.NULL
        elif isinstance(widget, TextArea):
            widget.load_text(text)
        else:
            widget.value = text
            widget.cursor_position = 0


class FieldRow(Horizontal):
    """Label beside its editor. Three widgets a field, no more: a form has dozens, and every
    widget costs styling and layout each time the screen shows; an error line is mounted below
    the row only while there is an error (FieldError)."""

    # With the class: one more step of specificity than Textual's own Input:focus, Select:focus
    # and TextArea:focus, which would otherwise put their tall borders back on a focused field.
    DEFAULT_CSS = """
    FieldRow {
        height: auto;
    }
    FieldRow.field-row > .field-label {
        width: 19;
        height: 1;
        color: $text-muted;
    }
    FieldRow.field-row > Input {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $boost;
    }
    FieldRow.field-row > Input:focus {
        background: $accent 25%;
        border-left: outer $accent;  /* a bar in the left padding's cell: seen in 16 colours and without colour */
        padding-left: 0;
    }
    FieldRow.field-row > Select {
        width: 1fr;
        height: 1;
    }
    FieldRow.field-row > Select > SelectCurrent {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    FieldRow.field-row > Select:focus > SelectCurrent {
        background: $accent 25%;
        border-left: outer $accent;
        padding-left: 0;
    }
    FieldRow.field-row > TextArea {
        width: 1fr;
        height: 4;
        border: none;
        border-left: blank;  /* the room the focus bar takes */
        background: $boost;
    }
    FieldRow.field-row > TextArea:focus {
        background: $accent 25%;
        border-left: outer $accent;
    }
    """

    def __init__(self, spec: FieldSpec):
        super().__init__(id=f"row-{spec.name}", classes="field-row")
        self.spec = spec

    def compose(self) -> ComposeResult:
        marker = " *" if self.spec.required else ""
        yield Label(f"{self.spec.label}{marker}", classes="field-label")
        yield editor_for(self.spec)


ERROR_LINE_CSS = """
{name} {{
    display: none;
    height: auto;
    padding-left: 19;
    color: $error;
    text-style: bold;
}}
{name}.-shown {{
    display: block;
}}
"""


class ErrorLine(Static):
    """A dialog's line for what is wrong: shown while there is something to say."""

    DEFAULT_CSS = ERROR_LINE_CSS.format(name="ErrorLine")

    def __init__(self, **kwargs) -> None:
        super().__init__("", classes="field-error", **kwargs)

    def say(self, message: str) -> None:
        """Show message (user text included, never as markup); "" hides the line."""
        self.update(plain(message))
        self.set_class(bool(message), "-shown")


class FieldError(Static):
    """What is wrong with a field, under its row while it is wrong."""

    DEFAULT_CSS = ERROR_LINE_CSS.format(name="FieldError")

    def __init__(self, field: str, message: str):
        super().__init__(plain(message), id=f"err-{field}", classes="field-error -shown")
        self.field = field


class RefField(Static, can_focus=True):
    """A link to another record, changed by choosing from a picker (enter)."""

    DEFAULT_CSS = """
    RefField {
        height: 1;
        padding: 0 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    RefField:focus {
        background: $accent 25%;
        text-style: reverse;  /* no spare cell for a bar: the whole line turns */
    }
    RefField.-changed {
        color: $warning;
    }
    """

    BINDINGS = bindings("ref")

    class Pick(Message):
        def __init__(self, field: str):
            super().__init__()
            self.field = field

    def __init__(self, spec: FieldSpec):
        super().__init__(id=f"ref-{spec.name}", classes="ref-field")
        self.spec = spec
        self.value_label = ""
        self.changed = False

    def show(self, label: str, changed: bool) -> None:
        self.value_label = label
        self.changed = changed
        mark = " (changed)" if changed else ""
        change = "" if self.spec.computed else "  ⏎ change"  # set by the record's actions (a merge), never picked
        self.update(plain(f"{self.spec.label:<19} {label or '—'}{mark}{change}"))
        self.set_class(changed, "-changed")

    def action_pick(self) -> None:
        if not self.spec.computed:
            self.post_message(self.Pick(self.spec.name))
