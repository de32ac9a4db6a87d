"""State changes shared by leads, opportunities, cases and entitlements: refused edits while
closed, and closing steps."""

from __future__ import annotations

from typing import Any

from crm_tui.core.fields import REFERENCE
from crm_tui.core.record_type import lower_noun, state_of
from crm_tui.models import User
from crm_tui.models.record import RecordModel
from crm_tui.services import audit
from crm_tui.services.errors import ValidationError
from crm_tui.services.records import RecordService, read_field


class StatusRecordService(RecordService):
    """A record whose state follows its status reason, and leaves "open" only through its own actions."""

    reasons: dict[str, tuple[str, ...]]
    open_state: str
    set_by_actions: tuple[str, ...] = ()  # fields only the record's actions write

    @property
    def state_names(self) -> dict[str, str]:
        return self.record_type.state_names

    def deactivate(self, actor: User, record_id: int) -> RecordModel:
        raise ValidationError({"": f"{self.record_type.plural} are closed with their own actions, not deactivated"})

    def activate(self, actor: User, record_id: int) -> RecordModel:
        return self.deactivate(actor, record_id)

    def _before_update(self, record: RecordModel) -> None:
        if record.state != self.open_state:
            raise ValidationError({"": f"This {lower_noun(self.record_type.singular)} is "
                                       f"{self.state_names[record.state].lower()}: {self._reopen_hint}"})

    _reopen_hint = "reopen it to change it"

    def _status_rules(self, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = {}
        reason = changed.get("status_reason")
        if reason is not None and reason not in self.reasons[self.open_state]:
            errors["status_reason"] = "Choose one of: " + ", ".join(self.reasons[self.open_state])
        if not creating:
            for name in self.set_by_actions:
                if name in changed:
                    errors[name] = "Set by its action, not typed"
        return errors

    def _derive_state(self, record: RecordModel) -> None:
        record.state = state_of(self.reasons, record.status_reason) or self.open_state

    def _change_status(self, actor: User, record: RecordModel, action: str, event: str, **values: Any) -> RecordModel:
        """Write a state change (already checked) as one audited version, with its timeline event."""
        diffs = {}
        for name, value in values.items():
            spec = self.record_type.field(name) if name != "state" else None
            old = read_field(record, spec) if spec else record.state
            if old != value:
                diffs[name] = (old, value)
            setattr(record, f"{name}_id" if spec and spec.kind == REFERENCE else name, value)
        self._derive(record)
        self._bump(actor, record, record.version, {})
        audit.record(actor, self.audit_type, record.id, action, diffs)
        self._event(actor, record, event)
        return record
