"""Make or change a personal view: its conditions, its sort and its columns, under a name."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Select, SelectionList, Static

from crm_tui.services import views
from crm_tui.services.errors import ServiceError, ValidationError
from crm_tui.services.view_spec import (
    NO_VALUE,
    OPERATOR_LABELS,
    Condition,
    ViewSpec,
    default_spec,
    operators_for,
    view_field,
    view_fields,
)
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.widgets.form import ErrorLine

CONDITION_ROWS = 4


def _columns_of(columns: SelectionList) -> tuple[list[str], set[str]]:
    """Every field in the list's order, and those ticked to show."""
    return [columns.get_option_at_index(i).value for i in range(columns.option_count)], set(columns.selected)


class ViewEditorScreen(Dialog[tuple[int, ViewSpec] | None]):
    """Returns (view id, view) once saved; None when cancelled."""

    BINDINGS = bindings("view_editor")

    def __init__(self, record_type: str, spec: ViewSpec | None, view_id: int | None):
        super().__init__()
        self.record_type = record_type
        self.spec = spec or default_spec(record_type)
        self.view_id = view_id
        self.fields = view_fields(record_type)
        self.condition_rows: list[int] = []

    def _field_options(self) -> list[tuple[str, str]]:
        return [(f.label, f.name) for f in self.fields]

    def compose(self) -> ComposeResult:
        spec = self.spec
        title = "Change the view" if self.view_id else "New view"
        with VerticalScroll(classes="dialog view-editor"):
            yield Static(title, classes="dialog-title")
            with Horizontal(classes="filter-line"):
                yield Label("Name", classes="filter-label")
                yield Input(value=spec.name, placeholder="e.g. Big customers in Oslo", id="view-name",
                            compact=True)
            yield Static("Show only rows where", classes="view-section")
            for n in range(CONDITION_ROWS):
                condition = spec.conditions[n] if n < len(spec.conditions) else None
                with Horizontal(classes="view-condition"):
                    yield Select(self._field_options(), prompt="(no condition)", id=f"cond-field-{n}", compact=True,
                                 value=condition.field if condition else Select.NULL)
                    yield Select(self._operator_options(condition.field if condition else None),
                                 id=f"cond-op-{n}", allow_blank=False, compact=True,
                                 value=condition.op if condition else "equals")
                    yield Input(value=condition.value if condition else "", placeholder="value",
                                id=f"cond-value-{n}", compact=True)
            yield Static("Sort by", classes="view-section")
            with Horizontal(classes="view-condition"):
                yield Select(self._field_options(), value=spec.sort, allow_blank=False, id="view-sort",
                             compact=True)
                yield Select([("A to Z, low to high, old to new", False), ("Z to A, high to low, new to old", True)],
                             value=spec.descending, allow_blank=False, id="view-direction", compact=True)
            yield Static("Columns (space shows or hides; shift+↑ / shift+↓ move the highlighted one)",
                         classes="view-section")
            yield SelectionList[str](*self._column_options(spec.columns), id="view-columns")
            yield ErrorLine(id="view-error")
            yield Static("tab moves · ctrl+s saves and shows the view · esc cancels", classes="dialog-hint")

    def _operator_options(self, field_name: str | None) -> list[tuple[str, str]]:
        if field_name is None:
            return [(OPERATOR_LABELS["equals"], "equals")]
        return [(OPERATOR_LABELS[op], op) for op in operators_for(view_field(self.record_type, field_name))]

    def _column_options(self, shown: tuple[str, ...]) -> list[tuple[str, str, bool]]:
        labels = {f.name: f.label for f in self.fields}
        rest = [f.name for f in self.fields if f.name not in shown]
        return [(labels[name], name, name in shown) for name in (*shown, *rest)]

    def on_mount(self) -> None:
        self.query_one("#view-name", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        select_id = event.select.id or ""
        if select_id.startswith("cond-field-"):
            n = select_id.rsplit("-", 1)[1]
            field_name = None if event.value is Select.NULL else str(event.value)
            ops = self.query_one(f"#cond-op-{n}", Select)
            current = ops.value
            options = self._operator_options(field_name)
            ops.set_options(options)
            if current in [value for _label, value in options]:
                ops.value = current

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_move(self, step: int) -> None:
        columns = self.query_one("#view-columns", SelectionList)
        at = columns.highlighted
        if at is None or not 0 <= at + step < columns.option_count:
            return
        order, shown = _columns_of(columns)
        order[at], order[at + step] = order[at + step], order[at]
        labels = {f.name: f.label for f in self.fields}
        columns.clear_options()
        columns.add_options([(labels[name], name, name in shown) for name in order])
        columns.highlighted = at + step

    def _read(self) -> ViewSpec:
        conditions = []
        self.condition_rows = []  # the row each condition was read from: where its error belongs
        for n in range(CONDITION_ROWS):
            field_name = self.query_one(f"#cond-field-{n}", Select).value
            if field_name is Select.NULL:
                continue
            self.condition_rows.append(n)
            op = str(self.query_one(f"#cond-op-{n}", Select).value)
            value = "" if op in NO_VALUE else self.query_one(f"#cond-value-{n}", Input).value
            conditions.append(Condition(str(field_name), op, value))
        order, shown = _columns_of(self.query_one("#view-columns", SelectionList))
        return ViewSpec(self.record_type, tuple(name for name in order if name in shown),
                        str(self.query_one("#view-sort", Select).value),
                        bool(self.query_one("#view-direction", Select).value), tuple(conditions))

    def action_save(self) -> None:
        spec = self._read()
        name = self.query_one("#view-name", Input).value
        db_call(self, views.save, self.app.actor, spec, name, self.view_id,
                on_success=self.dismiss, on_error=self._refused)

    def _refused(self, error: ServiceError) -> None:
        if not isinstance(error, ValidationError):
            self.query_one("#view-error", ErrorLine).say(str(error))
            return
        labels = {"name": "Name", "columns": "Columns", "sort": "Sort by"}
        lines = []
        for part, message in error.errors.items():
            if part.startswith("condition"):
                row = self.condition_rows[int(part.removeprefix("condition"))]
                lines.append(f"Condition {row + 1}: {message}")
            else:
                lines.append(f"{labels.get(part, part)}: {message}")
        self.query_one("#view-error", ErrorLine).say("\n".join(lines))

    def action_cancel(self) -> None:
        self.dismiss(None)
