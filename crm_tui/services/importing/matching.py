"""Which existing record a row is: by ordered keys — its id, then its email (case ignored), then
its phone's digits, then its name within its account.

The keys of every record of the type are read once, in one pass over the table, and the
records the import makes are added as it goes: a person twice in one file is matched, not
doubled. A weaker key (phone, name) does not match a record whose email differs from the row's:
two people may share a switchboard number or a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_tui.core.fields import CUSTOMER, REGARDING, sort_key
from crm_tui.services.registry import service

NON_DIGITS = re.compile(r"\D+")
MIN_PHONE_DIGITS = 7  # shorter is an extension or a typo, not a number that tells people apart


def phone_key(text: str | None) -> str | None:
    digits = NON_DIGITS.sub("", text or "")
    return digits[-15:] if len(digits) >= MIN_PHONE_DIGITS else None


def email_key(text: str | None) -> str | None:
    text = (text or "").strip().casefold()
    return text or None


def said(key: str) -> str:
    """What matched, in words: "same email", "rule “Accounts with the same name”"."""
    return key if key.startswith("rule ") else f"same {key}"


@dataclass(frozen=True)
class Match:
    record_id: int  # negative: a record this dry run would make (minus the line that makes it)
    key: str  # what matched: "id", "email", "phone", "name", or "rule “NAME”"

    @property
    def said(self) -> str:
        return said(self.key)


class Matcher:
    def __init__(self, rt_key: str, emails: list[str], phones: list[str], scope: str | None) -> None:
        self.svc = service(rt_key)
        self.emails, self.phones, self.scope = emails, phones, scope
        self.ids: set[int] = set()
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_name: dict[tuple, int] = {}
        self.email_of: dict[int, set[str]] = {}  # a record's emails, read when a weaker key finds it
        self.by_uid: dict[str, int] = {}  # vCard UIDs the records came with (contacts)
        self._load()

    def _scope_columns(self) -> list:
        model = self.svc.model
        if self.scope is None:
            return []
        spec = self.svc.record_type.field(self.scope)
        if spec.kind == CUSTOMER:
            return [model.customer_account, model.customer_contact]
        if spec.kind == REGARDING:
            return [model.regarding_type, model.regarding_id]
        return [getattr(model, self.scope)]

    def scope_value(self, values: dict) -> tuple:
        """A row's scope as the table's columns hold it."""
        if self.scope is None:
            return ()
        value = values.get(self.scope)
        spec = self.svc.record_type.field(self.scope)
        if spec.kind == CUSTOMER:
            kind, rid = value if value else (None, None)
            return (rid if kind == "account" else None, rid if kind == "contact" else None)
        if spec.kind == REGARDING:
            return tuple(value) if value else (None, None)
        return (sort_key(value) if isinstance(value, str) else value,)

    def _load(self) -> None:
        model = self.svc.model
        titles = [getattr(model, name) for name in self.svc.title_fields]
        columns = [model.id, *titles, *(getattr(model, n) for n in self.emails),
                   *(getattr(model, n) for n in self.phones), *self._scope_columns()]
        t, e, p = len(titles), len(self.emails), len(self.phones)
        query = model.select(*columns).order_by(model.id)
        if getattr(self.svc, "kind_key", None):  # one kind of activity among them all
            query = query.where(model.kind == self.svc.kind_key)
        sql, params = query.sql()
        cursor = model._meta.database.execute_sql(sql, params)  # rows as the driver gives them: 400,000 read in seconds
        while rows := cursor.fetchmany(5000):
            for row in rows:
                scope = tuple(sort_key(v) if isinstance(v, str) else v for v in row[1 + t + e + p:])
                self._add(row[0], row[1:1 + t], row[1 + t:1 + t + e], row[1 + t + e:1 + t + e + p], scope)
        self._load_uids()

    def _load_uids(self) -> None:
        model = self.svc.model
        if "vcard_uid" in model._meta.fields:
            self.by_uid = dict(model.select(model.vcard_uid, model.id).where(model.vcard_uid.is_null(False)).tuples())

    def learn_uid(self, rid: int, uid: str) -> None:
        self.by_uid.setdefault(uid, rid)

    def _add(self, rid: int, titles, emails, phones, scope: tuple) -> None:
        self.ids.add(rid)
        for key in filter(None, map(email_key, emails)):
            self.by_email.setdefault(key, rid)  # the oldest record with it
        for key in filter(None, map(phone_key, phones)):
            self.by_phone.setdefault(key, rid)
        name = sort_key(*titles)
        if name:
            self.by_name.setdefault((name, scope), rid)

    def _emails_of(self, rid: int) -> set[str]:
        if rid not in self.email_of:
            if rid < 0 or not self.emails:  # a record a dry run would make: learned, not stored
                return set()
            model = self.svc.model
            row = model.select(*(getattr(model, n) for n in self.emails)).where(model.id == rid).tuples().first()
            self.email_of[rid] = {k for k in map(email_key, row or ()) if k}
        return self.email_of[rid]

    def learn(self, rid: int, values: dict) -> None:
        """A record this import made or changed: later rows match it."""
        self.email_of[rid] = {k for k in (email_key(values.get(n)) for n in self.emails) if k}
        self._add(rid, [values.get(n) for n in self.svc.title_fields], [values.get(n) for n in self.emails],
                  [values.get(n) for n in self.phones], self.scope_value(values))

    def find(self, record_id: int | None, values: dict, uid: str | None = None) -> Match | None:
        """The record a row means, by its id (or its vCard's UID), else its other keys in order."""
        if record_id is not None:
            return Match(record_id, "id") if record_id in self.ids else None
        if uid and uid in self.by_uid:
            return Match(self.by_uid[uid], "UID")
        emails = {k for k in (email_key(values.get(n)) for n in self.emails) if k}
        for key in emails:
            if key in self.by_email:
                return Match(self.by_email[key], "email")

        def agrees(rid: int) -> bool:  # no email on one side, or one in common
            theirs = self._emails_of(rid)
            return not emails or not theirs or bool(emails & theirs)

        for key in filter(None, (phone_key(values.get(n)) for n in self.phones)):
            if key in self.by_phone and agrees(self.by_phone[key]):
                return Match(self.by_phone[key], "phone")
        name = sort_key(*(values.get(n) for n in self.svc.title_fields if isinstance(values.get(n), str)))
        rid = self.by_name.get((name, self.scope_value(values))) if name else None
        if rid is not None and agrees(rid):
            return Match(rid, "name")
        return None
