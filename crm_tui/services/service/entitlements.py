"""Entitlements: how much support a customer is entitled to, and the terms its cases use.

Remaining terms are always total minus what the entitlement's cases were charged (one
per case, or the hours spent), so charging, refunding and editing the total never drift.
An active entitlement whose end date has passed is expired, whether or not anyone has
looked at it since: lists, pickers and new cases treat it so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from peewee import fn

from crm_tui.core.fields import local_today, sort_key
from crm_tui.core.types import a_noun, counted, noun, singular
from crm_tui.core.types.entitlement import (
    BY_HOURS,
    ENT_ACTIVE,
    ENT_CANCELLED,
    ENT_DRAFT,
    ENT_EXPIRED,
    ENTITLEMENT,
    ENTITLEMENT_REASONS,
    ENTITLEMENT_STATE_NAMES,
    ON_CREATION,
)
from crm_tui.models import Case, Contact, Entitlement, User, database
from crm_tui.services import audit
from crm_tui.services.errors import DeleteBlockedError, NotFoundError, ValidationError
from crm_tui.services.records import customer_account, customer_problem, read_field, serves
from crm_tui.services.status_records import StatusRecordService


def effective_state(state: str, end_date: dt.date, today: dt.date | None = None) -> str:
    """Active until its end date has passed; expired after, whatever is stored."""
    if state == ENT_ACTIVE and end_date < (today or local_today()):
        return ENT_EXPIRED
    return state


class EntitlementService(StatusRecordService):
    record_type = ENTITLEMENT
    model = Entitlement

    def rollup_account(self, record_id: int) -> int | None:
        return customer_account(Entitlement, record_id)
    reasons = ENTITLEMENT_REASONS
    open_state = ENT_DRAFT
    set_by_actions = ("remaining_terms", "status_reason")
    _reopen_hint = "set it back to draft (r) to change it"

    def create(self, actor: User, data: dict[str, Any]) -> Entitlement:
        refused = {name: "Set by its actions, not typed" for name in self.set_by_actions if data.get(name)}
        if refused:
            raise ValidationError(refused)
        return super().create(actor, {**data, "status_reason": ENTITLEMENT_REASONS[ENT_DRAFT][0]})

    def _rules(self, record: Entitlement, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = {}
        if not creating:
            errors.update({name: "Set by its actions, not typed" for name in self.set_by_actions if name in changed})
        if creating and read_field(record, self.record_type.field("customer")) is None:
            errors["customer"] = f"Required: the {noun('account')} or {noun('contact')} it entitles (u chooses)"
        if problem := customer_problem(changed.get("customer")):
            errors["customer"] = problem
        if record.start_date and record.end_date and record.end_date < record.start_date:
            errors["end_date"] = "The end is before the start"
        if record.allocation == BY_HOURS and record.decrease_on == ON_CREATION:
            errors["decrease_on"] = f"Hours are counted when {a_noun('case')} is resolved: choose Case resolution"
        return errors

    def _derive(self, record: Entitlement) -> None:
        record.sort_name = sort_key(record.name)[:160]
        record.remaining_terms = record.total_terms - (_charged(record.id) if record.id else 0)
        self._derive_state(record)

    def _before_delete(self, actor: User, record: Entitlement) -> None:
        used = Case.select().where(Case.entitlement == record.id).count()
        if used:
            raise DeleteBlockedError(f"{counted(used, 'case')} use{'s' if used == 1 else ''} “{record.name}”: cancel it instead, which keeps "
                                     "their history")

    # -- its life ---------------------------------------------------------------------------
    def activate(self, actor: User, record_id: int) -> Entitlement:
        with database.atomic():
            record = self.get(record_id)
            if record.state != ENT_DRAFT:
                raise ValidationError({"": f"Only a draft {noun('entitlement')} can be activated; this one is "
                                           f"{self.state_names[record.state].lower()}"})
            if record.end_date < local_today():
                raise ValidationError({"end_date": "It ended on "
                                       f"{record.end_date:%Y-%m-%d}: give it a later end date first"})
            return self._set(actor, record, ENT_ACTIVE, "activated")

    def cancel(self, actor: User, record_id: int) -> Entitlement:
        with database.atomic():
            record = self.get(record_id)
            if record.state == ENT_CANCELLED:
                raise ValidationError({"": f"This {noun('entitlement')} is cancelled already"})
            return self._set(actor, record, ENT_CANCELLED, "cancelled")

    def to_draft(self, actor: User, record_id: int) -> Entitlement:
        with database.atomic():
            record = self.get(record_id)
            if record.state == ENT_DRAFT:
                raise ValidationError({"": f"This {noun('entitlement')} is a draft already"})
            return self._set(actor, record, ENT_DRAFT, "set back to draft")

    def deactivate(self, actor: User, record_id: int) -> Entitlement:
        return self.to_draft(actor, record_id)

    def _set(self, actor: User, record: Entitlement, state: str, verb: str) -> Entitlement:
        return self._change_status(actor, record, verb, f"{singular('entitlement')} {verb}: {record.name}",
                                   status_reason=ENTITLEMENT_REASONS[state][0])

    # -- terms used by cases -------------------------------------------------------------------
    def recount(self, actor: User, entitlement_id: int, why: str) -> Entitlement:
        """Remaining = total - what its cases were charged; audited when it changes."""
        record = self.get(entitlement_id)
        before = record.remaining_terms
        after = record.total_terms - _charged(entitlement_id)
        if after != before:
            Entitlement.update(remaining_terms=after, version=Entitlement.version + 1).where(
                Entitlement.id == entitlement_id).execute()
            audit.record(actor, self.audit_type, entitlement_id, why, {"remaining_terms": (before, after)})
            record.remaining_terms = after
        return record


entitlements = serves(EntitlementService())


def _charged(entitlement_id: int) -> Decimal:
    total = Case.select(fn.SUM(Case.entitlement_charged)).where(Case.entitlement == entitlement_id).scalar()
    return Decimal(total or 0)


def usable_problem(entitlement_id: int, customer: tuple[str, int] | None, today: dt.date | None = None) -> str | None:
    """Why a case for this customer cannot use this entitlement, if it cannot."""
    record = Entitlement.get_or_none(Entitlement.id == entitlement_id)
    if record is None:
        return f"That {noun('entitlement')} does not exist"
    today = today or local_today()
    state = effective_state(record.state, record.end_date, today)
    if state == ENT_EXPIRED:
        return f"“{record.name}” expired on {record.end_date:%Y-%m-%d}"
    if state != ENT_ACTIVE:
        return f"“{record.name}” is {ENTITLEMENT_STATE_NAMES[state].lower()}, not active"
    if record.start_date > today:
        return f"“{record.name}” starts on {record.start_date:%Y-%m-%d}"
    if customer is not None and (record.customer_account_id, record.customer_contact_id) not in entitled_pairs(customer):
        return f"“{record.name}” is for another customer"
    return None


def entitled_pairs(customer: tuple[str, int]) -> list[tuple[int | None, int | None]]:
    """The (account, contact) pairs whose entitlements a customer may use: its own, and a
    contact's account's."""
    kind, customer_id = customer
    if kind == "account":
        return [(customer_id, None)]
    pairs = [(None, customer_id)]
    row = Contact.select(Contact.parent_customer).where(Contact.id == customer_id).tuples().first()
    if row and row[0]:
        pairs.append((row[0], None))
    return pairs


def active_for(customer: tuple[str, int] | None, today: dt.date | None = None) -> Entitlement | None:
    """The entitlement a new case of this customer uses: active, started, not ended; the one
    ending soonest, the customer's own before its account's."""
    if customer is None:
        return None
    today = today or local_today()
    for account_id, contact_id in entitled_pairs(customer):
        owner_column = Entitlement.customer_account if account_id else Entitlement.customer_contact
        found = (Entitlement.select()
                 .where((owner_column == (account_id or contact_id)) & (Entitlement.state == ENT_ACTIVE)
                        & (Entitlement.end_date >= today) & (Entitlement.start_date <= today))
                 .order_by(Entitlement.end_date, Entitlement.id).first())
        if found:
            return found
    return None


def get(entitlement_id: int) -> Entitlement:
    record = Entitlement.get_or_none(Entitlement.id == entitlement_id)
    if record is None:
        raise NotFoundError(f"{singular('entitlement')} {entitlement_id} does not exist (any more)")
    return record
