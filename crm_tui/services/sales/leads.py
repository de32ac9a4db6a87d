"""Leads: possible sales, from first contact to qualified or disqualified."""

from __future__ import annotations

from typing import Any

from crm_tui.core.fields import sort_key
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import noun, singular
from crm_tui.core.types.lead import LEAD, LEAD_DISQUALIFIED, LEAD_OPEN, LEAD_QUALIFIED, LEAD_REASONS
from crm_tui.models import Lead, User, database
from crm_tui.services import timeline
from crm_tui.services.errors import ValidationError
from crm_tui.services.records import serves
from crm_tui.services.status_records import StatusRecordService


class LeadService(StatusRecordService):
    record_type = LEAD
    model = Lead
    title_fields = ("first_name", "last_name")

    def rollup_account(self, record_id: int) -> int | None:
        row = Lead.select(Lead.qualified_account).where(Lead.id == record_id).tuples().first()
        return row[0] if row else None
    reasons = LEAD_REASONS
    open_state = LEAD_OPEN
    set_by_actions = ("qualified_account", "qualified_contact")
    narrated_fields = ("status_reason", "rating")

    @property
    def _reopen_hint(self) -> str:
        return f"read-only (a disqualified {noun('lead')} can be reactivated with r)"

    def create(self, actor: User, data: dict[str, Any]) -> Lead:
        return super().create(actor, {"status_reason": LEAD_REASONS[LEAD_OPEN][0], **data})

    def _rules(self, record: Lead, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = self._status_rules(changed, creating)
        if creating:
            for name in self.set_by_actions:
                if changed.get(name) is not None:
                    errors[name] = "Set by qualifying the lead"
        return errors

    def _derive(self, record: Lead) -> None:
        record.sort_name = sort_key(record.last_name, record.first_name)[:110]
        self._derive_state(record)

    def full_name(self, record: Lead) -> str:
        return " ".join(p for p in (record.first_name, record.last_name) if p)

    def disqualify(self, actor: User, lead_id: int, reason: str) -> Lead:
        if reason not in LEAD_REASONS[LEAD_DISQUALIFIED]:
            raise ValidationError({"status_reason": "Choose one of: " + ", ".join(LEAD_REASONS[LEAD_DISQUALIFIED])})
        with database.atomic():
            lead = self.get(lead_id)
            if lead.state != LEAD_OPEN:
                raise ValidationError({"": f"Only an open {noun('lead')} can be disqualified; this one is {lead.state}"})
            return self._change_status(actor, lead, "disqualified",
                                       f"{singular('lead')} disqualified: {self.full_name(lead)} ({reason})", status_reason=reason)

    def reactivate(self, actor: User, lead_id: int) -> Lead:
        with database.atomic():
            lead = self.get(lead_id)
            if lead.state == LEAD_QUALIFIED:
                raise ValidationError({"": f"A qualified {noun('lead')} stays qualified: its {noun('opportunity')} carries the sale on"})
            if lead.state != LEAD_DISQUALIFIED:
                raise ValidationError({"": f"This {noun('lead')} is open already"})
            return self._change_status(actor, lead, "reactivated", f"{singular('lead')} reactivated: {self.full_name(lead)}",
                                       status_reason=LEAD_REASONS[LEAD_OPEN][0])

    def mark_qualified(self, actor: User, lead: Lead, account_id: int | None, contact_id: int,
                       opportunity_topic: str) -> Lead:
        """The last step of qualifying (inside its transaction): the lead is read-only from now on."""
        self._change_status(actor, lead, "qualified",
                            f"{singular('lead')} qualified: {self.full_name(lead)} → {lower_noun(singular('opportunity'))} {opportunity_topic}",
                            status_reason=LEAD_REASONS[LEAD_QUALIFIED][0],
                            qualified_account=account_id, qualified_contact=contact_id)
        timeline.follow_rollup("lead", lead.id)  # its history now rolls up to the account
        return lead


leads = serves(LeadService())
