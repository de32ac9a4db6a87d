"""Search everywhere: accounts, contacts, leads, opportunities and cases by any word's start.

Names, emails, phones (with or without punctuation), topics, titles and case numbers. The
database's full-text index answers (FTS5 on SQLite, a GIN tsvector index on PostgreSQL); it
is kept in step with every write by the database itself (see crm_tui.models.search_index).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from peewee import JOIN, SQL

from crm_tui.core.fields import display
from crm_tui.core.list_types import person_name
from crm_tui.core.types.case import case_id_of, case_number
from crm_tui.models import (
    Account,
    Case,
    Contact,
    Lead,
    Opportunity,
    database,
    search_index,
)
from crm_tui.models.db import is_sqlite
from crm_tui.models.migrations.m0006_views_search import DOCUMENTS
from crm_tui.services.search import Hit

WORD_RE = re.compile(r"[^\W_]+")
SEARCHED = ("account", "contact", "lead", "opportunity", "case")  # the order groups are shown in
CANDIDATES = 60  # matches read per record type before ordering by name
_DOCS = {doc.table: doc for doc in DOCUMENTS}


@dataclass(frozen=True)
class Results:
    text: str
    hits: list[Hit]  # grouped by record type, in SEARCHED order; by name within a group

    def of(self, record_type: str) -> list[Hit]:
        return [h for h in self.hits if h.record_type == record_type]


PHONE_RE = re.compile(r"\+?[\d\s\-().+/]+")
PHONE_DIGITS = 5  # fewer digits are a case number, a year, a postcode: searched as words


def phone_forms(text: str) -> tuple[str, ...] | None:
    """A search typed as a phone number, as the documents hold phones: its digits in one word,
    as typed and without the trunk 0 of a national form ("030 7654321": "0307654321" as stored
    so, "307654321" for "+49 30 7654321") or an international 00 ("0049 30": "4930")."""
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    if not PHONE_RE.fullmatch(text) or len(digits) < PHONE_DIGITS:
        return None
    if not text.startswith("+") and digits.startswith("0"):
        return (digits, digits[2:] if digits.startswith("00") else digits[1:])
    return (digits,)


PHONE_WORD = "|"  # joins a phone's forms into one word of words(): any of them may match


def words(text: str) -> list[str]:
    """The words a search looks for, as both backends split documents (a phone's forms as one
    word, its forms joined by PHONE_WORD)."""
    if (forms := phone_forms(text)) is not None:
        return [PHONE_WORD.join(forms)]
    # NUL cannot be stored, so no word holds one: it is dropped, not taken as a word break.
    return WORD_RE.findall(text.replace("\x00", "").lower())[:8]  # lower(), as both tokenizers do (casefold would turn ß into ss)


def _match(model, text_words: list[str]):
    """The model's rows whose document has a word starting with each of text_words."""
    doc = _DOCS[model._meta.table_name]
    if is_sqlite():
        expression = " AND ".join("(" + " OR ".join(f'"{form}"*' for form in w.split(PHONE_WORD)) + ")"
                                  for w in text_words)
        ids = SQL(f"(SELECT rowid FROM {doc.fts_table} WHERE {doc.fts_table} MATCH ? LIMIT {CANDIDATES})",
                  (expression,))
    else:
        query = " & ".join("(" + " | ".join(f"{form}:*" for form in w.split(PHONE_WORD)) + ")"
                           for w in text_words)
        ids = SQL(f'(SELECT id FROM "{doc.table}" WHERE {search_index.postgres_expression(doc)} '
                  f"@@ to_tsquery('simple'::regconfig, %s) LIMIT {CANDIDATES})", (query,))
    return model.id.in_(ids)


OPEN_STATES = ("active", "open")  # shown without a state mark


def state_mark(state: str) -> str:
    """How a hit says it is closed or inactive ("  (resolved)"); nothing for an open one."""
    return "" if state in OPEN_STATES else f"  ({state})"


def _by_name(query, key_at: int) -> list[tuple]:
    """The candidates, ordered by their casefolded name (at key_at), then id."""
    return sorted(query.limit(CANDIDATES).tuples(), key=lambda r: (r[key_at], r[0]))


def _joined(*parts) -> str:
    return " · ".join(p for p in parts if p)


def _accounts(condition) -> list[Hit]:
    rows = _by_name(Account.select(Account.id, Account.name, Account.city, Account.phone, Account.email,
                                   Account.state, Account.sort_name).where(condition), 6)
    return [Hit("account", rid, name, _joined(city, phone, email), state)
            for rid, name, city, phone, email, state, _key in rows]


def _contacts(condition) -> list[Hit]:
    rows = _by_name(Contact.select(Contact.id, Contact.first_name, Contact.last_name, Contact.job_title,
                                   Account.name, Contact.email, Contact.state, Contact.sort_name)
                    .join(Account, JOIN.LEFT_OUTER, on=(Contact.parent_customer == Account.id))
                    .where(condition), 7)
    return [Hit("contact", rid, person_name(first, last), _joined(title, account, email), state)
            for rid, first, last, title, account, email, state, _key in rows]


def _leads(condition) -> list[Hit]:
    rows = _by_name(Lead.select(Lead.id, Lead.first_name, Lead.last_name, Lead.topic, Lead.company_name,
                                Lead.state, Lead.sort_name).where(condition), 6)
    return [Hit("lead", rid, person_name(first, last), _joined(topic, company), state)
            for rid, first, last, topic, company, state, _key in rows]


def _opportunities(condition) -> list[Hit]:
    rows = _by_name(Opportunity.select(Opportunity.id, Opportunity.topic, Opportunity.estimated_revenue,
                                       Opportunity.estimated_close, Opportunity.state, Opportunity.sort_name)
                    .where(condition), 5)
    return [Hit("opportunity", rid, topic,
                _joined(display(revenue) if revenue is not None else "", f"closes {display(close)}" if close else ""),
                state)
            for rid, topic, revenue, close, state, _key in rows]


def _cases(condition) -> list[Hit]:
    rows = _by_name(Case.select(Case.id, Case.title, Case.priority, Case.status_reason, Case.state, Case.sort_name)
                    .where(condition), 5)
    return [Hit("case", rid, f"{case_number(rid)} {title}", f"{priority} · {reason}", state)
            for rid, title, priority, reason, state, _key in rows]


_READERS = {"account": (Account, _accounts), "contact": (Contact, _contacts), "lead": (Lead, _leads),
            "opportunity": (Opportunity, _opportunities), "case": (Case, _cases)}


def find(text: str, per_type: int = 8, record_types: tuple[str, ...] = SEARCHED) -> Results:
    """Records with a word starting with each word typed, up to per_type of each record type.

    A case number (CAS-01042, cas1042) finds that case first.
    """
    text_words = words(text)
    hits: list[Hit] = []
    if not text_words:
        return Results(text, hits)
    for key in record_types:
        model, read = _READERS[key]
        found = read(_match(model, text_words))
        if key == "case" and (number := case_id_of(text)) is not None:
            by_number = [h for h in read(Case.id == number) if h.id not in {f.id for f in found}]
            found = by_number + found
        hits.extend(found[:per_type])
    return Results(text, hits)


@contextmanager
def bulk_load():
    """Around a bulk load (the demo): rebuild the search documents once at the end, not row by row."""
    search_index.suspend_triggers(database.obj, DOCUMENTS)
    try:
        yield
    finally:
        search_index.resume_triggers(database.obj, DOCUMENTS)
