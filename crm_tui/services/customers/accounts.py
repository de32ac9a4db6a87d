"""Accounts: organisations, their hierarchy and their primary contact."""

from __future__ import annotations

from typing import Any

from crm_tui.core.fields import sort_key
from crm_tui.core.record_type import in_a_list
from crm_tui.core.types import a_noun, counted, noun
from crm_tui.core.types.account import ACCOUNT
from crm_tui.models import Account, Case, Contact, Entitlement, Opportunity, User
from crm_tui.services import audit, timeline
from crm_tui.services.customers.hierarchy import cycle_problem
from crm_tui.services.customers.open_work import open_sales_and_service
from crm_tui.services.errors import DeleteBlockedError
from crm_tui.services.records import RecordService, serves


class AccountService(RecordService):
    record_type = ACCOUNT
    model = Account
    typed_on_timeline = False

    def rollup_account(self, record_id: int) -> int | None:
        return record_id

    def counts(self, record_id: int) -> dict[str, int]:
        return {**super().counts(record_id), **open_sales_and_service(
            Opportunity.customer_account == record_id, Case.customer_account == record_id)}

    def _rules(self, record: Account, changed: dict[str, Any], creating: bool) -> dict[str, str]:
        errors = {}
        if "parent" in changed and changed["parent"] is not None:
            problem = cycle_problem(None if creating else record.id, changed["parent"])
            if problem:
                errors["parent"] = problem
        contact_id = changed.get("primary_contact")
        if contact_id is not None:
            member = Contact.get_or_none(Contact.id == contact_id)
            if member is None:
                errors["primary_contact"] = f"That {noun('contact')} does not exist"
            elif creating or member.parent_customer_id != record.id:
                errors["primary_contact"] = (
                    f"{member.first_name or ''} {member.last_name}".strip()
                    + f" is not {a_noun('contact')} of this {noun('account')}"
                )
        return errors

    def _derive(self, record: Account) -> None:
        record.sort_name = sort_key(record.name)[:160]

    def _after_write(self, actor: User, record: Account, diffs: dict[str, tuple]) -> None:
        if "parent" in diffs:
            new = diffs["parent"][1]
            parent = self.record_type.field("parent").label
            self._event(actor, record, f"{parent} changed to {timeline.label('account', new)}"
                        if new else f"{parent} removed: now a top-level {noun('account')}")
        if "primary_contact" in diffs:
            new = diffs["primary_contact"][1]
            primary = self.record_type.field("primary_contact").label
            self._event(actor, record, f"{primary} set to {timeline.label('contact', new)}"
                        if new else f"{primary} cleared")

    def _before_delete(self, actor: User, record: Account) -> None:
        contacts = Contact.select().where(Contact.parent_customer == record.id).count()
        children = Account.select().where(Account.parent == record.id).count()
        deals = Opportunity.select().where(Opportunity.customer_account == record.id).count()
        cases = Case.select().where(Case.customer_account == record.id).count()
        rights = Entitlement.select().where(Entitlement.customer_account == record.id).count()
        if contacts or children or deals or cases or rights:
            held = in_a_list([counted(contacts, "contact") if contacts else "",
                              counted(children, "account", "sub-") if children else "",
                              counted(deals, "opportunity") if deals else "",
                              counted(cases, "case") if cases else "",
                              counted(rights, "entitlement") if rights else ""])
            raise DeleteBlockedError(
                f"{record.name} has {held}. Move or delete them first, or deactivate the {noun('account')} instead."
            )

    def set_primary_contact(self, actor: User, account_id: int, contact_id: int | None,
                            expected_version: int) -> Account:
        return self.update(actor, account_id, {"primary_contact": contact_id}, expected_version)

    def clear_primary_contact(self, actor: User, contact_id: int, only_account_id: int | None = None) -> None:
        """Unset a contact as primary contact wherever it is (or of one account), audited."""
        query = Account.select().where(Account.primary_contact == contact_id)
        if only_account_id is not None:
            query = query.where(Account.id == only_account_id)
        for account in query:
            account.primary_contact = None
            self._bump(actor, account, account.version, {})  # version+1: an open form sees a conflict
            audit.record(actor, "account", account.id, "updated", {"primary_contact": (contact_id, None)})
            self._event(actor, account, f"{self.record_type.field('primary_contact').label} cleared "
                                        f"({timeline.label('contact', contact_id)} left)")

    def set_parent(self, actor: User, account_id: int, parent_id: int | None, expected_version: int) -> Account:
        return self.update(actor, account_id, {"parent": parent_id}, expected_version)

    def move(self, actor: User, account_id: int, parent_id: int | None) -> Account:
        """Put an account under another (None: top level), whatever its version: a move is one intent."""
        return self.set_parent(actor, account_id, parent_id, self.get(account_id).version)


accounts = serves(AccountService())
