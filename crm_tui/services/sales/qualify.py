"""Qualifying a lead: an account, a contact and an open opportunity, wholly or not at all.

Before anything is made, `duplicates` finds the records the lead may already be, by the
duplicate detection rules in force (shipped: an account of the same name; a contact with the
same email, or the same name in such an account), so the user can pick one instead of making a
second.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import noun, singular
from crm_tui.core.types.lead import LEAD, LEAD_OPEN
from crm_tui.models import Account, Contact, User, database
from crm_tui.services import duplicates as duplicate_rules
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import ValidationError
from crm_tui.services.registry import OPERATIONS, register
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities

MATCH_LIMIT = 20


@dataclass(frozen=True)
class Match:
    id: int
    title: str
    detail: str  # what tells two of the same name apart


@dataclass(frozen=True)
class Duplicates:
    accounts: list[Match]
    contacts: list[Match]

    @property
    def found(self) -> bool:
        return bool(self.accounts or self.contacts)


@dataclass(frozen=True)
class Qualified:
    lead_id: int
    account_id: int | None
    contact_id: int
    opportunity_id: int


def duplicates(lead_id: int) -> Duplicates:
    """The accounts and contacts the duplicate rules say the ones qualifying would make may be: the
    account by the lead's company, the contact by its name, email and phones, in no account or in
    one of those accounts."""
    lead = leads.get(lead_id)
    account_ids = [p.id for p in duplicate_rules.check("account", {"name": lead.company_name})
                   if p.record_type == "account"] if lead.company_name else []
    person = {name: getattr(lead, name) for name in ("first_name", "last_name", "email", "business_phone", "mobile_phone")}
    contact_ids: list[int] = []
    for account_id in [None, *account_ids]:
        for possible in duplicate_rules.check("contact", {**person, "parent_customer": account_id}):
            if possible.record_type == "contact" and possible.id not in contact_ids:
                contact_ids.append(possible.id)
    account_rows = list(Account.select(Account.id, Account.name, Account.city, Account.state)
                        .where(Account.id.in_(account_ids[:MATCH_LIMIT])).order_by(Account.id).tuples())
    contact_rows = list(Contact.select(Contact.id, Contact.first_name, Contact.last_name, Contact.email, Account.name)
                        .join(Account, JOIN.LEFT_OUTER, on=(Contact.parent_customer == Account.id))
                        .where(Contact.id.in_(contact_ids[:MATCH_LIMIT])).order_by(Contact.id).tuples())
    return Duplicates(
        [Match(rid, name, " · ".join(p for p in (city, "inactive" if state != "active" else "") if p))
         for rid, name, city, state in account_rows],
        [Match(rid, " ".join(p for p in (first, last) if p), " · ".join(p for p in (email, account) if p))
         for rid, first, last, email, account in contact_rows],
    )


def qualify(actor: User, lead_id: int, account_id: int | None = None, contact_id: int | None = None) -> Qualified:
    """Make (or use the given) account and contact, and an open opportunity for them; the lead is qualified.

    Without a company name and without an account given, the contact alone is the customer.
    """
    with database.atomic():
        lead = leads.get(lead_id)
        if lead.state != LEAD_OPEN:
            raise ValidationError({"": f"This {noun('lead')} is {LEAD.state_names[lead.state].lower()} already: "
                                       f"only an open {noun('lead')} can be qualified"})
        if account_id is not None:
            account = accounts.get(account_id)
        elif lead.company_name:
            account = accounts.create(actor, {"name": lead.company_name, "phone": lead.business_phone,
                                              "website": lead.website, "owner": lead.owner_id})
        else:
            account = None
        if contact_id is not None:
            contact = contacts.get(contact_id)
        else:
            contact = contacts.create(actor, {
                "first_name": lead.first_name, "last_name": lead.last_name, "job_title": lead.job_title,
                "email": lead.email, "business_phone": lead.business_phone, "mobile_phone": lead.mobile_phone,
                "parent_customer": account.id if account else None, "owner": lead.owner_id})
        customer = ("account", account.id) if account else ("contact", contact.id)
        opportunity = opportunities.create(actor, {
            "topic": lead.topic, "customer": customer, "contact": contact.id,
            "estimated_revenue": lead.estimated_value, "description": lead.description,
            "originating_lead": lead.id, "owner": lead.owner_id})
        opportunities._event(actor, opportunity, f"Qualified from {noun('lead')}: {leads.full_name(lead)}")
        leads.mark_qualified(actor, lead, account.id if account else None, contact.id, lead.topic)
    return Qualified(lead.id, account.id if account else None, contact.id, opportunity.id)


def qualify_lead(actor: User, lead_id: int, account: int | None = None, contact: int | None = None):
    """The lead's qualify operation, as the command line runs it by name (`crm-tui lead qualify ID
    [--account ID] [--contact ID]`): the lead as it now is, saying what was made."""
    done = qualify(actor, lead_id, account, contact)
    lead = leads.get(lead_id)
    lead.notices = [f"Qualified: {lower_noun(singular('opportunity'))} {done.opportunity_id}, "
                    f"{lower_noun(singular('contact'))} {done.contact_id}"
                    + (f", {lower_noun(singular('account'))} {done.account_id}" if done.account_id else "")]
    return lead


register(OPERATIONS, "lead.qualify", qualify_lead)
