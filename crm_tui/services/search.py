"""Finding accounts and contacts by the start of a name (the palette and pickers use it)."""

from __future__ import annotations

import operator
from functools import reduce

from peewee import Value

from crm_tui.core.fields import display, local_today, sort_key
from crm_tui.core.types.case import CASE_ACTIVE, case_id_of, case_number
from crm_tui.core.types.entitlement import ENT_ACTIVE, terms_text
from crm_tui.models import Account, Case, Contact, Entitlement
from crm_tui.models.db import fixed_limit
from crm_tui.services.hits import Hit
from crm_tui.services.prefix import prefix_filter
from crm_tui.services.registry import SERVICES
from crm_tui.services.service.entitlements import entitled_pairs


def find_of_type(record_type: str, text: str, limit: int = 50, exclude_id: int | None = None) -> list[Hit]:
    """Records of a type whose name starts with the text, by name (the picker of a link field
    no other finder serves); their names as their service gives them."""
    svc = SERVICES.of(record_type)
    model = svc.model
    query = model.select(model.id, model.state)
    if sort_key(text):
        query = query.where(prefix_filter(model.sort_name, text))
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    rows = list(query.order_by(model.sort_name, model.id).limit(fixed_limit(limit)).tuples())
    names = svc.labels([rid for rid, _state in rows])
    return [Hit(record_type, rid, names.get(rid, ""), "", state) for rid, state in rows]


# Find as you type reads its parts (accounts; contacts by "last first" and by "first last") in one
# statement, a UNION ALL of each part's own ordered page: a round trip a keystroke, not three.
def _account_part(part: int, prefix: str, limit: int, exclude_id: int | None = None):
    query = Account.select(Value(part), Account.id, Account.sort_name, Account.name, Account.city, Value(""),
                           Value(""), Account.state)
    if prefix:
        query = query.where(prefix_filter(Account.sort_name, prefix))
    if exclude_id is not None:
        query = query.where(Account.id != exclude_id)
    return query.order_by(Account.sort_name, Account.id).limit(fixed_limit(limit))


def _contact_part(part: int, key, prefix: str, limit: int, account_id: int | None = None):
    # the account's name a subquery, not a join: the same rows, and a third less for PostgreSQL to
    # plan
    account = Account.select(Account.name).where(Account.id == Contact.parent_customer)
    query = Contact.select(Value(part), Contact.id, key, Contact.first_name, Contact.last_name, Contact.job_title,
                           account, Contact.state)
    if prefix:
        query = query.where(prefix_filter(key, prefix))
    if account_id is not None:
        query = query.where(Contact.parent_customer == account_id)
    return query.order_by(key, Contact.id).limit(fixed_limit(limit))


def _contact_parts(first: int, prefix: str, limit: int, account_id: int | None = None) -> list:
    """By "last first"; a prefix typed, by "first last" too."""
    keys = (Contact.sort_name, Contact.alt_sort_name) if prefix else (Contact.sort_name,)
    return [_contact_part(first + n, key, prefix, limit, account_id) for n, key in enumerate(keys)]


def _read(parts: list) -> list[tuple]:
    """The parts' rows in one statement, part by part, each by its key then id."""
    return sorted(reduce(operator.add, parts).tuples(), key=lambda r: (r[0], r[2] or "", r[1]))


def _account_hit(row: tuple) -> Hit:
    _part, rid, _key, name, city, _a, _b, state = row
    return Hit("account", rid, name, city or "", state)


def _contact_hits(rows: list[tuple], limit: int) -> list[Hit]:
    seen: dict[int, Hit] = {}
    for _part, rid, _key, first, last, title, account, state in rows:
        detail = " · ".join(p for p in (title, account) if p)
        seen.setdefault(rid, Hit("contact", rid, " ".join(p for p in (first, last) if p), detail, state))
    return list(seen.values())[:limit]


def find_accounts(text: str, limit: int = 10, exclude_id: int | None = None) -> list[Hit]:
    return [_account_hit(row) for row in _read([_account_part(0, sort_key(text), limit, exclude_id)])]


def find_contacts(text: str, limit: int = 10, account_id: int | None = None) -> list[Hit]:
    """Contacts whose 'last first' or 'first last' starts with the text."""
    return _contact_hits(_read(_contact_parts(0, sort_key(text), limit, account_id)), limit)


def find_records(text: str, limit: int = 8) -> list[Hit]:
    """Accounts then contacts whose name starts with the text."""
    prefix = sort_key(text)
    if not prefix:
        return []
    rows = _read([_account_part(0, prefix, limit), *_contact_parts(1, prefix, limit)])
    return ([_account_hit(r) for r in rows if r[0] == 0]
            + _contact_hits([r for r in rows if r[0] > 0], limit))


def find_owners(text: str, limit: int = 20) -> list[Hit]:
    """Whom a record may be given to: active people, then teams, whose name (or a person's user
    name) starts with the text."""
    from crm_tui.services.teams import owner_choices

    prefix = sort_key(text)
    return [
        Hit("user", uid, shown, detail, "active")
        for uid, shown, detail in owner_choices(500)
        if not prefix or sort_key(shown).startswith(prefix) or detail.casefold().startswith(prefix)
    ][:limit]


def find_cases(text: str, limit: int = 20, exclude_id: int | None = None, active_only: bool = False) -> list[Hit]:
    """Cases by number (CAS-01042, 1042) or by the start of the title."""
    query = Case.select(Case.id, Case.title, Case.status_reason, Case.priority, Case.state)
    number = case_id_of(text)
    if number is not None:
        query = query.where(Case.id == number)
    elif sort_key(text):
        query = query.where(prefix_filter(Case.sort_name, text))
    if exclude_id is not None:
        query = query.where(Case.id != exclude_id)
    if active_only:
        query = query.where(Case.state == CASE_ACTIVE)
    query = query.order_by(Case.sort_name, Case.id).limit(limit)
    return [Hit("case", rid, f"{case_number(rid)} {title}", f"{priority} · {reason}", state)
            for rid, title, reason, priority, state in query.tuples()]


def find_entitlements(text: str, customer: tuple[str, int] | None, limit: int = 20) -> list[Hit]:
    """The entitlements a case of this customer can use now: active, started, not ended."""
    if customer is None:
        return []
    today = local_today()
    hits = []
    for account_id, contact_id in entitled_pairs(customer):
        column = Entitlement.customer_account if account_id else Entitlement.customer_contact
        query = (Entitlement.select(Entitlement.id, Entitlement.name, Entitlement.remaining_terms,
                                    Entitlement.total_terms, Entitlement.end_date)
                 .where(column == (account_id or contact_id), Entitlement.state == ENT_ACTIVE,
                        Entitlement.end_date >= today, Entitlement.start_date <= today))
        if sort_key(text):
            query = query.where(prefix_filter(Entitlement.sort_name, text))
        for rid, name, remaining, total, end in query.order_by(Entitlement.end_date).limit(limit).tuples():
            detail = f"{terms_text(remaining, total)} left · until {display(end)}"
            hits.append(Hit("entitlement", rid, name, detail, "active"))
    return hits[:limit]
