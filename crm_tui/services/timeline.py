"""The timeline: which records it covers, their roll-up, system events, and integrity.

A record type joins the timeline by registering here; the timeline's queries and
widget never change for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from crm_tui.core.types.activity import EVENT, POSTED
from crm_tui.core.types.case import case_number
from crm_tui.models import (
    Account,
    Activity,
    Case,
    Contact,
    Entitlement,
    Lead,
    Opportunity,
    Sla,
    User,
    utcnow,
)


@dataclass(frozen=True)
class Regarding:
    """How a record type sits on the timeline."""

    model: type
    label: Callable[[int], str]
    rollup_account: Callable[[int], int | None]  # whose rolled-up timeline shows its entries
    # Other records whose entries this record's timeline shows too (a qualified lead's history
    # on the contact and the opportunity it became): (record type, an id or a query of ids).
    linked: Callable[[int], list[tuple[str, Any]]] = lambda record_id: []


def _account_name(record_id: int) -> str:
    row = Account.select(Account.name).where(Account.id == record_id).tuples().first()
    return row[0] if row else ""


def _contact_name(record_id: int) -> str:
    row = Contact.select(Contact.first_name, Contact.last_name).where(Contact.id == record_id).tuples().first()
    return " ".join(p for p in row if p) if row else ""


def _contact_account(record_id: int) -> int | None:
    row = Contact.select(Contact.parent_customer).where(Contact.id == record_id).tuples().first()
    return row[0] if row else None


def _lead_name(record_id: int) -> str:
    row = Lead.select(Lead.first_name, Lead.last_name).where(Lead.id == record_id).tuples().first()
    return " ".join(p for p in row if p) if row else ""


def _lead_account(record_id: int) -> int | None:
    row = Lead.select(Lead.qualified_account).where(Lead.id == record_id).tuples().first()
    return row[0] if row else None


def _contact_links(contact_id: int) -> list[tuple[str, Any]]:
    """What a contact's timeline shows besides its own entries: the leads it was qualified from,
    and the opportunities and cases it is the customer or the contact of (a deal won is its
    history). Subqueries: the timeline's one read finds them, however many there are."""
    return [
        ("lead", Lead.select(Lead.id).where(Lead.qualified_contact == contact_id)),
        ("opportunity", Opportunity.select(Opportunity.id).where(
            (Opportunity.customer_contact == contact_id) | (Opportunity.contact == contact_id))),
        ("case", Case.select(Case.id).where((Case.customer_contact == contact_id) | (Case.contact == contact_id))),
    ]


def _opportunity_topic(record_id: int) -> str:
    row = Opportunity.select(Opportunity.topic).where(Opportunity.id == record_id).tuples().first()
    return row[0] if row else ""


def _customer_account(model) -> Callable[[int], int | None]:
    """The account a record's customer is, or the customer contact's account."""

    def account_of(record_id: int) -> int | None:
        row = model.select(model.customer_account, model.customer_contact).where(model.id == record_id).tuples().first()
        if not row:
            return None
        account_id, contact_id = row
        return account_id if account_id is not None else _contact_account(contact_id) if contact_id else None

    return account_of


def _case_label(record_id: int) -> str:
    row = Case.select(Case.title).where(Case.id == record_id).tuples().first()
    return f"{case_number(record_id)} {row[0]}" if row else ""


def _entitlement_name(record_id: int) -> str:
    row = Entitlement.select(Entitlement.name).where(Entitlement.id == record_id).tuples().first()
    return row[0] if row else ""


def _originating_lead(record_id: int) -> list[tuple[str, int]]:
    row = Opportunity.select(Opportunity.originating_lead).where(Opportunity.id == record_id).tuples().first()
    return [("lead", row[0])] if row and row[0] else []


def _sla_name(record_id: int) -> str:
    row = Sla.select(Sla.name).where(Sla.id == record_id).tuples().first()
    return row[0] if row else ""


REGARDING: dict[str, Regarding] = {
    "account": Regarding(Account, _account_name, lambda record_id: record_id),
    "contact": Regarding(Contact, _contact_name, _contact_account, _contact_links),
    "lead": Regarding(Lead, _lead_name, _lead_account),
    "opportunity": Regarding(Opportunity, _opportunity_topic, _customer_account(Opportunity), _originating_lead),
    "case": Regarding(Case, _case_label, _customer_account(Case)),
    "entitlement": Regarding(Entitlement, _entitlement_name, _customer_account(Entitlement)),
    "sla": Regarding(Sla, _sla_name, lambda record_id: None),
}


def register(record_type: str, regarding: Regarding) -> None:
    REGARDING[record_type] = regarding


def exists(record_type: str, record_id: int) -> bool:
    spec = REGARDING.get(record_type)
    return bool(spec) and spec.model.select().where(spec.model.id == record_id).exists()


def label(record_type: str, record_id: int) -> str:
    spec = REGARDING.get(record_type)
    return spec.label(record_id) if spec else ""


def scope(record_type: str, record_id: int) -> list[tuple[str, Any]]:
    """The records whose entries this record's own timeline shows, itself first: (record type,
    an id or a query of ids)."""
    spec = REGARDING.get(record_type)
    return [(record_type, record_id), *(spec.linked(record_id) if spec else [])]


def rollup_account(record_type: str, record_id: int) -> int | None:
    return REGARDING[record_type].rollup_account(record_id)


def record_event(actor: User, record_type: str, record_id: int, subject: str) -> None:
    """A system event (created, deactivated, parent changed...) on a record's timeline."""
    now = utcnow()
    Activity.insert(
        kind=EVENT, subject=subject[:200], regarding_type=record_type, regarding_id=record_id,
        rollup_account=rollup_account(record_type, record_id), state=POSTED, status_reason="Posted",
        version=1, created_on=now, modified_on=now, timeline_at=now,
        owner=actor.id, created_by=actor.id, modified_by=actor.id,
    ).execute()


def delete_regarding(record_type: str, record_id: int) -> int:
    """Remove what a deleted record's timeline held: nothing may point at a record that is gone."""
    return Activity.delete().where(
        (Activity.regarding_type == record_type) & (Activity.regarding_id == record_id)).execute()


def follow_rollup(record_type: str, record_id: int) -> None:
    """A record moved to another account: its entries now roll up there."""
    Activity.update(rollup_account=rollup_account(record_type, record_id)).where(
        (Activity.regarding_type == record_type) & (Activity.regarding_id == record_id)).execute()
