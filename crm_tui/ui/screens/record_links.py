"""Choosing the records a form links to: parent, primary contact, account, owner, regarding,
customer, a case's parent case and entitlement."""

from __future__ import annotations

from typing import Callable

from crm_tui.core.fields import REFERENCE
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import plural, singular
from crm_tui.services import search
from crm_tui.services.hits import Hit
from crm_tui.ui.screens.picker import NONE, PickerScreen
from crm_tui.ui.widgets.form import RefField


def _either() -> str:
    return f"{lower_noun(singular('account'))} or {lower_noun(singular('contact'))}"

class LinkPickers:
    """Mixed into the record screen: each link field is changed by choosing from a picker."""

    record_id: int | None
    refs: dict[str, tuple[object, str]]

    def on_ref_field_pick(self, event: RefField.Pick) -> None:
        pickers = {"parent": self.action_choose_parent, "primary_contact": self.action_choose_primary,
                   "parent_customer": self.action_choose_account, "owner": self.action_choose_owner,
                   "regarding": self.action_choose_regarding, "customer": self.action_choose_customer,
                   "contact": self.action_choose_contact, "parent_case": self.action_choose_parent_case,
                   "entitlement": self.action_choose_entitlement}
        spec = self.rt.field(event.field)
        if spec.computed:
            self.open_ref(event.field)
        elif event.field in pickers:
            pickers[event.field]()
        elif spec.kind == REFERENCE:  # any other link: a picker of the records of its type, by name
            own_id = self.record_id if spec.target == self.rt.key else None
            self._pick(event.field, spec.label,
                       lambda text: search.find_of_type(spec.target, text, limit=50, exclude_id=own_id))
        else:  # set by an action (a qualified lead's records): enter opens what it points at
            self.open_ref(event.field)

    def _pick(self, field: str, title: str, find: Callable[[str], list[Hit]], allow_none: bool = True) -> None:
        def picked(choice: Hit | None) -> None:
            if choice is None:
                return
            if choice is NONE:
                self.refs[field] = (None, "")
            elif field in ("regarding", "customer"):
                self.refs[field] = ((choice.record_type, choice.id), f"{choice.record_type.title()}: {choice.title}")
            else:
                self.refs[field] = (choice.id, choice.title)
            self._show_refs()
            self.query_one(f"#ref-{field}").focus()

        self.app.push_screen(PickerScreen(title, find, allow_none=allow_none), picked)

    def action_choose_parent(self) -> None:
        own_id = self.record_id
        self._pick("parent", f"Parent {lower_noun(singular('account'))} (none: a top-level one)",
                   lambda text: search.find_accounts(text, limit=50, exclude_id=own_id))

    def action_choose_primary(self) -> None:
        own_id = self.record_id
        self._pick("primary_contact", f"Primary {lower_noun(singular('contact'))}: one of this {lower_noun(singular('account'))}'s {lower_noun(plural('contact'))}",
                   lambda text: search.find_contacts(text, limit=50, account_id=own_id))

    def action_choose_account(self) -> None:
        self._pick("parent_customer", f"{singular('account')} (none: a person on their own)",
                   lambda text: search.find_accounts(text, limit=50))

    def action_choose_owner(self) -> None:
        self._pick("owner", "Owner", lambda text: search.find_owners(text), allow_none=False)

    def action_choose_customer(self) -> None:
        self._pick("customer", f"Customer: {_either()}",
                   lambda text: search.find_records(text, limit=20) if text.strip() else search.find_accounts("", 20))

    def action_choose_contact(self) -> None:
        self._pick("contact", singular("contact"), lambda text: search.find_contacts(text, limit=50))

    def action_choose_parent_case(self) -> None:
        own_id = self.record_id
        self._pick("parent_case", f"Parent {lower_noun(singular('case'))} (number or title; none: one on its own)",
                   lambda text: search.find_cases(text, limit=30, exclude_id=own_id))

    def action_choose_entitlement(self) -> None:
        customer = self.refs.get("customer", (None, ""))[0]
        if customer is None:
            self.notify(f"Choose the customer first (u): {lower_noun(plural('entitlement'))} belong to a customer", severity="warning")
            return
        self._pick("entitlement", f"{singular('entitlement')}: the customer's active ones",
                   lambda text: search.find_entitlements(text, customer))

    def action_choose_regarding(self) -> None:
        self._pick("regarding", f"Regarding: {_either()}",
                   lambda text: search.find_records(text, limit=20) if text.strip() else search.find_accounts("", 20),
                   allow_none=False)
