"""A link as a file writes it — an account's name, a contact's email, a case's number, a user's
name — resolved to the record it means, the way the app's own fields are filled.

Each distinct value is looked up once an import (the answers are kept), so a file of 100,000
contacts at 300 companies reads the accounts 300 times, not 100,000.
"""

from __future__ import annotations

from peewee import fn

from crm_tui.core.fields import EMAIL_RE, sort_key
from crm_tui.core.types.case import case_id_of
from crm_tui.models import Account, Contact, User
from crm_tui.services.registry import service


class Links:
    """Looks links up, and remembers the answers (and the accounts an import made)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], int | None] = {}
        self._users: dict[str, int | None] | None = None
        self._made: list[tuple[str, str]] = []
        self._names: dict[int, str | None] = {}  # an account's sort name, by id

    def account(self, name: str) -> int | None:
        return self._cached("account", name, self._account)

    def named(self, account_id: int, name: str) -> bool:
        """Whether the account with this id is called name (case and spaces aside): a contact already in
        one "Contoso Ltd" is not moved to another of the same name."""
        if account_id not in self._names:
            row = Account.select(Account.sort_name).where(Account.id == account_id).tuples().first()
            self._names[account_id] = row[0] if row else None
        return self._names[account_id] == sort_key(name)[:160]

    def mark(self) -> int:
        return len(self._made)

    def rewind(self, to: int) -> None:
        """Forget the accounts made since mark (their row was refused: they were rolled back)."""
        for key in self._made[to:]:
            self._found.pop(key, None)
        del self._made[to:]

    def learn_account(self, name: str, account_id: int) -> None:
        """An account this import made (or would make, in a dry run) for a company column."""
        self._found[("account", sort_key(name))] = account_id
        self._made.append(("account", sort_key(name)))

    def resolve(self, target: str, text: str) -> int | None:
        """The id of the record of type target that text names; None if none does."""
        text = text.strip()
        if target == "account":
            return self._by_id_or(target, text, self.account)
        if target == "user":
            return self._user(text)
        if target == "case":
            return self._exists(target, case_id_of(text))
        if target == "contact":
            return self._by_id_or(target, text, lambda t: self._cached("contact", t, self._contact))
        return self._by_id_or(target, text, lambda t: None)

    def _by_id_or(self, target: str, text: str, by_name) -> int | None:
        if text.isdigit():
            return self._exists(target, int(text))
        return by_name(text)

    def _exists(self, target: str, record_id: int | None) -> int | None:
        if record_id is None:
            return None
        model = service(target).model
        return self._cached(target, f"#{record_id}",
                            lambda _t: record_id if model.select().where(model.id == record_id).exists() else None)

    def _cached(self, kind: str, text: str, look) -> int | None:
        key = (kind, sort_key(text))
        if key not in self._found:
            self._found[key] = look(text)
        return self._found[key]

    @staticmethod
    def _account(name: str) -> int | None:
        row = (Account.select(Account.id).where(Account.sort_name == sort_key(name)[:160])
               .order_by(Account.state, Account.id).tuples().first())  # an active one before an inactive one
        return row[0] if row else None

    @staticmethod
    def _contact(text: str) -> int | None:
        if EMAIL_RE.match(text):
            query = Contact.select(Contact.id).where(fn.LOWER(Contact.email) == text.casefold())
        else:
            query = Contact.select(Contact.id).where(Contact.alt_sort_name == sort_key(text)[:110])
        row = query.order_by(Contact.id).tuples().first()
        return row[0] if row else None

    def _user(self, text: str) -> int | None:
        if self._users is None:
            self._users = {}
            for uid, username, display in User.select(User.id, User.username, User.display_name).where(
                    User.is_active == True).order_by(User.id.desc()).tuples():  # noqa: E712
                self._users[display.casefold()] = uid
                self._users[username.casefold()] = uid  # a user name wins over a display name
        if text.isdigit() and int(text) in self._users.values():
            return int(text)
        key = text.casefold()
        if key not in self._users:  # a team's name (its principal made on first need), once per name
            from crm_tui.services.teams import owner_id_of

            self._users[key] = owner_id_of(text)
        return self._users[key]
