"""A duplicate detection rule, new or changed: its name, the records it checks and those they
are compared with, its conditions as written (`first_name:first 3, last_name, parent_customer`),
and whether case, blanks and inactive records count. Saved through the service, which checks
every part and makes the index the rule reads."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from crm_tui.core.duplicate_rules import RULE_TYPES, TEXT_KINDS, RuleSpec
from crm_tui.core.fields import REFERENCE
from crm_tui.core.types import record_type
from crm_tui.services import duplicates
from crm_tui.services.errors import ServiceError, ValidationError
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.text import plain
from crm_tui.ui.widgets.form import ErrorLine

FLAGS = (("ignore_case", "Case does not count"), ("ignore_blanks", "A blank matches nothing"),
         ("ignore_inactive", "Inactive records left out"), ("active", "In force"))


def comparable_fields(rt_key: str) -> str:
    """The fields a condition may name, for the hint under the conditions."""
    return ", ".join(f.name for f in record_type(rt_key).fields
                     if not f.computed and (f.kind in TEXT_KINDS or f.kind == REFERENCE))


class RuleEditorScreen(Dialog[bool]):
    """Dismissed with True once saved."""

    BINDINGS = bindings("rule_editor")

    def __init__(self, rule: RuleSpec | None):
        super().__init__()
        self.rule = rule

    def compose(self) -> ComposeResult:
        rule = self.rule
        types = [(record_type(key).plural, key) for key in RULE_TYPES]
        with Vertical(classes="dialog rule-editor"):
            yield Static("Change the duplicate rule" if rule else "A new duplicate rule", classes="dialog-title")
            with Horizontal(classes="rule-line"):
                yield Label("Name", classes="rule-label")
                yield Input(rule.name if rule else "", placeholder="what it finds, in words", id="rule-name",
                            compact=True)
            with Horizontal(classes="rule-line"):
                yield Label("Checks", classes="rule-label")
                yield Select(types, value=rule.record_type if rule else "account", allow_blank=False,
                             id="rule-type", compact=True)
            with Horizontal(classes="rule-line"):
                yield Label("Against", classes="rule-label")
                yield Select(types, value=rule.matching_type if rule else "account", allow_blank=False,
                             id="rule-matching", compact=True)
            with Horizontal(classes="rule-line"):
                yield Label("Conditions", classes="rule-label")
                yield Input(rule.conditions_text() if rule else "", id="rule-conditions", compact=True,
                            placeholder="email  ·  name:first 5  ·  first_name, last_name, parent_customer")
            yield Static(id="rule-fields", classes="dialog-hint")
            for name, label in FLAGS:
                yield Checkbox(label, getattr(rule, name) if rule else True, id=f"rule-{name}")
            yield ErrorLine(id="rule-error")
            yield Static("ctrl+s saves · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self._hint()
        self.query_one("#rule-name", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._hint()

    def _hint(self) -> None:
        mine, theirs = str(self.query_one("#rule-type", Select).value), str(self.query_one("#rule-matching", Select).value)
        text = (f"FIELD, FIELD=OTHER_FIELD (when the names differ), FIELD:first N or FIELD:last N, joined by commas. "
                f"{record_type(mine).plural}: {comparable_fields(mine)}")
        if theirs != mine:
            text += f". {record_type(theirs).plural}: {comparable_fields(theirs)}"
        self.query_one("#rule-fields", Static).update(plain(text))

    def action_save(self) -> None:
        flags = {name: self.query_one(f"#rule-{name}", Checkbox).value for name, _label in FLAGS}
        db_call(self, lambda: duplicates.save_rule(
            self.rule.id if self.rule else None, self.query_one("#rule-name", Input).value,
            str(self.query_one("#rule-type", Select).value), str(self.query_one("#rule-matching", Select).value),
            self.query_one("#rule-conditions", Input).value, **flags),
            on_success=lambda saved: self.dismiss(True), on_error=self._refused, holds_keys=True)

    def _refused(self, error: ServiceError) -> None:
        if isinstance(error, ValidationError):
            self.query_one("#rule-error", ErrorLine).say("; ".join(error.errors.values()))
        else:
            self.query_one("#rule-error", ErrorLine).say(str(error))

    def action_cancel(self) -> None:
        self.dismiss(False)
