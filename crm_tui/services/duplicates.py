"""Finding the duplicates across a whole record type, by rules (Dynamics 365's duplicate
detection rules, shipped ones): the same account name; a contact's or a lead's email; a contact's
first and last name within one account; a lead whose company is an account's name.

Each rule compares a key already kept normalised in the table (a sort name, an email in lower
case, which an index holds), so finding reads the table once in key order and never compares
rows pairwise: 300,000 contacts are a single ordered read. Inactive records are left out (a
merged one is inactive). A group is the records sharing one key, largest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

from peewee import fn

from crm_tui.core.types import record_type
from crm_tui.models import Account, Contact, Lead

CHUNK = 5000  # rows a read


@dataclass(frozen=True)
class Rule:
    key: str  # "contact.email"
    record_type: str
    label: str  # what matched, in words
    keys: Callable[[], tuple]  # the model, the key expression(s) and the filter: see _rows


@dataclass(frozen=True)
class Group:
    rule: Rule
    value: str  # the key they share, as kept ("contoso ltd", "ada@example.com")
    ids: tuple[int, ...]  # the records, oldest first
    accounts: tuple[int, ...] = ()  # for a lead whose company is an account's name: those accounts

    def as_dict(self) -> dict:
        found = {"rule": self.rule.key, "matched": self.rule.label, "value": self.value, "ids": list(self.ids)}
        if self.rule.key == "lead.company":
            found["accounts"] = list(self.accounts)
        return found


def _active(model):
    return model.state == record_type(model.record_type_key()).states[0].key


RULES = (
    Rule("account.name", "account", "the same account name",
         lambda: (Account, (Account.sort_name,), _active(Account))),
    Rule("contact.email", "contact", "the same email",
         lambda: (Contact, (fn.LOWER(Contact.email),), _active(Contact) & Contact.email.is_null(False))),
    Rule("contact.name", "contact", "the same first and last name in the same account",
         lambda: (Contact, (Contact.alt_sort_name, Contact.parent_customer),
                  _active(Contact) & Contact.parent_customer.is_null(False))),
    Rule("lead.email", "lead", "the same email",
         lambda: (Lead, (fn.LOWER(Lead.email),), _active(Lead) & Lead.email.is_null(False))),
    Rule("lead.company", "lead", "its company is an account's name",
         lambda: (Lead, (Lead.company_name,), _active(Lead) & Lead.company_name.is_null(False))),
)


def rules_of(rt_key: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in RULES if rule.record_type == rt_key)


def _rows(rule: Rule) -> Iterator[tuple]:
    """(key..., id) of every record the rule looks at, in key order, a chunk at a time."""
    model, keys, where = rule.keys()
    query = model.select(*keys, model.id).where(where).order_by(*keys, model.id)
    sql, params = query.sql()
    cursor = model._meta.database.execute_sql(sql, params)
    while rows := cursor.fetchmany(CHUNK):
        yield from rows


def find(rt_key: str, progress: Callable[[str], None] | None = None) -> list[Group]:
    """Every group of possible duplicates of the type, by every rule, largest first."""
    groups: list[Group] = []
    for rule in rules_of(rt_key):
        if progress:
            progress(rule.label)
        if rule.key == "lead.company":
            groups += _leads_at_accounts(rule)
            continue
        current, ids = None, []
        for *key, rid in _rows(rule):
            key = tuple(key)
            if key != current:
                if len(ids) > 1:
                    groups.append(Group(rule, _shown(current), tuple(ids)))
                current, ids = key, []
            ids.append(rid)
        if len(ids) > 1:
            groups.append(Group(rule, _shown(current), tuple(ids)))
    groups.sort(key=lambda group: (-len(group.ids), group.rule.key, group.value))
    return groups


def _shown(key: tuple) -> str:
    return " · ".join(str(part) for part in key if part not in (None, ""))


def _leads_at_accounts(rule: Rule) -> list[Group]:
    """Open leads whose company name is an active account's name (case and spaces aside)."""
    from crm_tui.core.fields import sort_key

    by_name: dict[str, list[int]] = {}
    for company, rid in _rows(rule):
        by_name.setdefault(sort_key(company)[:160], []).append(rid)
    groups = []
    names = sorted(by_name)
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        found: dict[str, list[int]] = {}
        for name, account_id in (Account.select(Account.sort_name, Account.id)
                                 .where(_active(Account) & Account.sort_name.in_(chunk))
                                 .order_by(Account.sort_name, Account.id).tuples()):
            found.setdefault(name, []).append(account_id)
        for name in chunk:
            if name in found:
                groups.append(Group(rule, name, tuple(by_name[name]), tuple(found[name])))
    return groups
