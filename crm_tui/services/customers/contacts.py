"""Contacts: people, alone or in an account."""

from __future__ import annotations

from typing import Any

from crm_tui.core.fields import sort_key
from crm_tui.core.record_type import in_a_list
from crm_tui.core.types import counted, noun
from crm_tui.core.types.contact import CONTACT
from crm_tui.models import Account, Case, Contact, Entitlement, Lead, Opportunity, User
from crm_tui.models.bulk import has_row
from crm_tui.services import timeline
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.open_work import open_sales_and_service
from crm_tui.services.errors import DeleteBlockedError
from crm_tui.services.records import RecordService, serves


class ContactService(RecordService):
    record_type = CONTACT
    model = Contact
    title_fields = ("first_name", "last_name")
    typed_on_timeline = False

    def rollup_account(self, record_id: int) -> int | None:
        row = Contact.select(Contact.parent_customer).where(Contact.id == record_id).tuples().first()
        return row[0] if row else None

    def rollup_of(self, record: Contact) -> int | None:
        return record.parent_customer_id

    def linked(self, record_id: int) -> list[tuple[str, Any]]:
        """The leads it was qualified from, and the opportunities and cases it is the customer or
        the contact of (a deal won is its history). Subqueries: the timeline's one read finds
        them, however many there are."""
        return [
            ("lead", Lead.select(Lead.id).where(Lead.qualified_contact == record_id)),
            ("opportunity", Opportunity.select(Opportunity.id).where(
                (Opportunity.customer_contact == record_id) | (Opportunity.contact == record_id))),
            ("case", Case.select(Case.id).where((Case.customer_contact == record_id) | (Case.contact == record_id))),
        ]

    def counts(self, record_id: int) -> dict[str, int]:
        return {**super().counts(record_id), **open_sales_and_service(
            (Opportunity.customer_contact == record_id) | (Opportunity.contact == record_id),
            (Case.customer_contact == record_id) | (Case.contact == record_id))}

    def _rules(self, record: Contact, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        account_id = changed.get("parent_customer")
        if account_id is not None and not has_row(Account, account_id):
            return {"parent_customer": f"That {noun('account')} does not exist"}
        return {}

    def _derive(self, record: Contact) -> None:
        record.sort_name = sort_key(record.last_name, record.first_name)[:110]
        record.alt_sort_name = sort_key(record.first_name, record.last_name)[:110]

    def _after_write(self, actor: User, record: Contact, diffs: dict[str, tuple]) -> None:
        if "parent_customer" not in diffs:
            return
        old, new = diffs["parent_customer"]
        if old is not None:
            # A person who leaves an account is no longer its primary contact.
            accounts.clear_primary_contact(actor, record.id, only_account_id=old)
        timeline.follow_rollup("contact", record.id)  # their history rolls up to the new account
        for record_type, model in (("opportunity", Opportunity), ("case", Case)):
            for (rid,) in model.select(model.id).where(model.customer_contact == record.id).tuples():
                timeline.follow_rollup(record_type, rid)  # and so does that of their deals and cases
        name = self.full_name(record)
        self._event(actor, record, f"{name} moved to account {timeline.label('account', new)}"
                    if new else f"{name} left account {timeline.label('account', old)}")

    def _before_delete(self, actor: User, record: Contact) -> None:
        deals = Opportunity.select().where(Opportunity.customer_contact == record.id).count()
        cases = Case.select().where(Case.customer_contact == record.id).count()
        rights = Entitlement.select().where(Entitlement.customer_contact == record.id).count()
        if deals or cases or rights:
            held = in_a_list([counted(deals, "opportunity") if deals else "",
                              counted(cases, "case") if cases else "",
                              counted(rights, "entitlement") if rights else ""])
            raise DeleteBlockedError(
                f"{self.full_name(record)} is the customer of {held}. Give them another customer or delete them "
                f"first, or deactivate the {noun('contact')} instead.")
        accounts.clear_primary_contact(actor, record.id)

    def full_name(self, record: Contact) -> str:
        return " ".join(p for p in (record.first_name, record.last_name) if p)


contacts = serves(ContactService())
