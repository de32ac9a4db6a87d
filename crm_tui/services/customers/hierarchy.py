"""The account hierarchy: parents, children, families and cycles."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, fn

from crm_tui.core.types import noun
from crm_tui.models import Account

MAX_DEPTH = 10_000  # a guard against a cycle written behind our back, not a design limit


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    state: str
    child_count: int
    sort_name: str  # with id, the node's keyset key among its siblings

    @property
    def key(self) -> tuple[str, int]:
        return (self.sort_name, self.id)


def parent_of(account_id: int) -> int | None:
    row = Account.select(Account.parent).where(Account.id == account_id).tuples().first()
    return row[0] if row else None


def ancestors(account_id: int) -> list[int]:
    """Ids from the top parent down to the account itself."""
    chain = [account_id]
    current = parent_of(account_id)
    while current is not None and len(chain) < MAX_DEPTH:
        if current in chain:  # corrupt data: stop rather than loop
            break
        chain.append(current)
        current = parent_of(current)
    return list(reversed(chain))


def top_parent(account_id: int) -> int:
    return ancestors(account_id)[0]


def cycle_problem(account_id: int | None, new_parent_id: int) -> str | None:
    """Why new_parent_id cannot be account_id's parent, or None when it can."""
    if not Account.select().where(Account.id == new_parent_id).exists():
        return f"That {noun('account')} does not exist"
    if account_id is None:
        return None
    if new_parent_id == account_id:
        return f"The parent {noun('account')} cannot be this {noun('account')} itself"
    if account_id in ancestors(new_parent_id):
        return f"That {noun('account')} is below this one in the hierarchy: a cycle is not allowed"
    return None


def children(parent_id: int | None, after: tuple[str, int] | None = None, limit: int = 200) -> list[Node]:
    """One page of an account's sub-accounts by name, each with its own child count."""
    child = Account.alias()
    query = (
        Account.select(Account.id, Account.name, Account.state, fn.COUNT(child.id), Account.sort_name)
        .join(child, JOIN.LEFT_OUTER, on=(child.parent == Account.id))
        .where(Account.parent.is_null() if parent_id is None else Account.parent == parent_id)
        .group_by(Account.id, Account.name, Account.state, Account.sort_name)
        .order_by(Account.sort_name, Account.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where((Account.sort_name > after[0]) | ((Account.sort_name == after[0]) & (Account.id > after[1])))
    return [Node(*row) for row in query.tuples()]


def node(account_id: int) -> Node:
    row = (
        Account.select(Account.id, Account.name, Account.state,
                       Account.select(fn.COUNT(Account.id)).where(Account.parent == account_id), Account.sort_name)
        .where(Account.id == account_id)
        .tuples()
        .first()
    )
    return Node(*row)


def descendant_count(account_id: int) -> int:
    """How many accounts are below this one, at any depth (a recursive query)."""
    base = Account.select(Account.id).where(Account.parent == account_id).cte("tree", recursive=True)
    child = Account.alias()
    recursive = child.select(child.id).join(base, on=(child.parent == base.c.id))
    cte = base.union_all(recursive)
    return Account.select(fn.COUNT(cte.c.id)).from_(cte).with_cte(cte).scalar()
