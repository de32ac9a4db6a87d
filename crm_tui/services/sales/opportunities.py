"""Opportunities: deals on their way through the sales stages to won or lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crm_tui.core.fields import coerce, display, sort_key
from crm_tui.core.types import noun, singular
from crm_tui.core.types.opportunity import OPP_LOST, OPP_OPEN, OPPORTUNITY, OPPORTUNITY_REASONS, STAGES
from crm_tui.models import Lead, Opportunity, User, database
from crm_tui.services import timeline
from crm_tui.services.errors import ValidationError
from crm_tui.services.records import contact_problem, customer_account, customer_problem, serves
from crm_tui.services.status_records import StatusRecordService


class OpportunityService(StatusRecordService):
    record_type = OPPORTUNITY
    model = Opportunity
    title_fields = ("topic",)

    def rollup_account(self, record_id: int) -> int | None:
        return customer_account(Opportunity, record_id)

    def linked(self, record_id: int) -> list[tuple[str, int]]:
        row = Opportunity.select(Opportunity.originating_lead).where(Opportunity.id == record_id).tuples().first()
        return [("lead", row[0])] if row and row[0] else []
    reasons = OPPORTUNITY_REASONS
    open_state = OPP_OPEN
    set_by_actions = ("originating_lead",)
    narrated_fields = ("stage", "status_reason")

    def create(self, actor: User, data: dict[str, Any]) -> Opportunity:
        return super().create(actor, {"stage": STAGES[0], "status_reason": OPPORTUNITY_REASONS[OPP_OPEN][0], **data})

    def _rules(self, record: Opportunity, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = self._status_rules(changed, creating)
        if problem := customer_problem(changed.get("customer")):
            errors["customer"] = problem
        if problem := contact_problem(changed.get("contact")):
            errors["contact"] = problem
        lead_id = changed.get("originating_lead")
        if creating and lead_id is not None and not Lead.select().where(Lead.id == lead_id).exists():
            errors["originating_lead"] = f"That {noun('lead')} does not exist"
        return errors

    def _derive(self, record: Opportunity) -> None:
        record.sort_name = sort_key(record.topic)[:200]
        record.revenue_key = record.estimated_revenue or 0
        self._derive_state(record)

    def _after_write(self, actor: User, record: Opportunity, diffs: dict[str, tuple]) -> None:
        if "customer" in diffs:
            timeline.follow_rollup("opportunity", record.id)  # its history rolls up to the new customer

    # -- through the pipeline ---------------------------------------------------------------
    def move_stage(self, actor: User, opportunity_id: int, delta: int) -> Opportunity:
        """To the next (delta 1) or previous (-1) sales stage, whatever its version: a move is one intent."""
        record = self.get(opportunity_id)
        index = STAGES.index(record.stage) + delta if record.stage in STAGES else 0
        if not 0 <= index < len(STAGES):
            raise ValidationError({"stage": f"{record.stage} is the {'last' if delta > 0 else 'first'} stage"})
        return self.update(actor, opportunity_id, {"stage": STAGES[index]}, record.version)

    def close_won(self, actor: User, opportunity_id: int, actual_revenue: Any = None,
                  actual_close: Any = None) -> Opportunity:
        """Won: the actual revenue (the estimate unless given) and close date (today unless given)."""
        with database.atomic():
            record = self._open_one(opportunity_id, "closed as won")
            revenue = self._value("actual_revenue", actual_revenue) if actual_revenue not in (None, "") \
                else record.estimated_revenue
            closed_on = self._value("actual_close", actual_close) or dt.date.today()
            amount = f" · {display(revenue)}" if revenue is not None else ""
            return self._change_status(actor, record, "won", f"{singular('opportunity')} won: {record.topic}{amount}",
                                       status_reason="Won", stage=STAGES[-1], probability=100,
                                       actual_revenue=revenue, actual_close=closed_on)

    def close_lost(self, actor: User, opportunity_id: int, reason: str, actual_close: Any = None) -> Opportunity:
        if reason not in OPPORTUNITY_REASONS[OPP_LOST]:
            raise ValidationError({"status_reason": "Choose one of: " + ", ".join(OPPORTUNITY_REASONS[OPP_LOST])})
        with database.atomic():
            record = self._open_one(opportunity_id, "closed as lost")
            closed_on = self._value("actual_close", actual_close) or dt.date.today()
            return self._change_status(actor, record, "lost", f"{singular('opportunity')} lost: {record.topic} ({reason})",
                                       status_reason=reason, probability=0, actual_revenue=None,
                                       actual_close=closed_on)

    def reopen(self, actor: User, opportunity_id: int) -> Opportunity:
        with database.atomic():
            record = self.get(opportunity_id)
            if record.state == OPP_OPEN:
                raise ValidationError({"": f"This {noun('opportunity')} is open already"})
            return self._change_status(actor, record, "reopened", f"{singular('opportunity')} reopened: {record.topic}",
                                       status_reason=OPPORTUNITY_REASONS[OPP_OPEN][0],
                                       actual_revenue=None, actual_close=None)

    def _open_one(self, opportunity_id: int, verb: str) -> Opportunity:
        record = self.get(opportunity_id)
        if record.state != OPP_OPEN:
            raise ValidationError({"": f"Only an open {noun('opportunity')} can be {verb}; this one is {record.state}"})
        return record

    def _value(self, name: str, raw: Any) -> Any:
        value, problem = coerce(self.record_type.field(name), raw)
        if problem:
            raise ValidationError({name: problem})
        return value


opportunities = serves(OpportunityService())
