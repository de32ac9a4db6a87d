"""Search everywhere: accounts, contacts, leads, opportunities and cases by any word's start.

Each record type's list module registers how it is read (a Searcher); its words are the
search document its migration declares (crm_tui.models.migrations.search_documents).

Names, emails, phones (with or without punctuation), topics, titles and case numbers. The
database's indexes answer (FTS5 on SQLite; on PostgreSQL a B-tree of the documents' words and a
GIN tsvector index); they are kept in step with every write by the database itself (see
crm_tui.models.search_index).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from peewee import SQL

from crm_tui.core.list_types import LAST_CHAR
from crm_tui.core.types import RECORD_TYPES
from crm_tui.models import database, search_index
from crm_tui.models.db import PLANNED_FOR_ANY, is_sqlite
from crm_tui.services.hits import CANDIDATES, Hit
from crm_tui.services.registry import SEARCHERS

WORD_RE = re.compile(r"[^\W_]+")
DRIVER_ROWS = 1_000  # PostgreSQL: the most rows of the longest word's read before its GIN index is asked
# PostgreSQL: the query typed, as its documents split words (planned for any value)
TSQUERY = "(SELECT to_tsquery('simple'::regconfig, %s))"
HEAD_ROWS = 500  # PostgreSQL: the rows read in order before its index is asked (_postgres_candidates)


@dataclass(frozen=True)
class Results:
    text: str
    hits: list[Hit]  # grouped by record type, in searched() order; by name within a group

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


@cache
def _documents() -> dict:
    """The search documents by table (read when first searched: the migrations are not small)."""
    from crm_tui.models.migrations import search_documents

    return {doc.table: doc for doc in search_documents()}


def _match(model, text_words: list[str]):
    """The model's rows whose document has a word starting with each of text_words."""
    doc = _documents()[model._meta.table_name]
    if is_sqlite():
        expression = " AND ".join("(" + " OR ".join(f'"{form}"*' for form in w.split(PHONE_WORD)) + ")"
                                  for w in text_words)
        ids = SQL(f"(SELECT rowid FROM {doc.fts_table} WHERE {doc.fts_table} MATCH ? LIMIT {CANDIDATES})",
                  (expression,))
    else:
        query = " & ".join("(" + " | ".join(f"{form}:*" for form in w.split(PHONE_WORD)) + ")"
                           for w in text_words)
        if all(_split_alike(form) for w in text_words for form in w.split(PHONE_WORD)):
            ids = _postgres_by_words(doc, text_words, query)
        else:
            ids = _postgres_candidates(doc, query)
    return model.id.in_(ids)


SCIENTIFIC = re.compile(r"\d+e\d")  # PostgreSQL's parser reads "1e10a" as two words, "1e10" and "a"


def _split_alike(form: str) -> bool:
    """Whether PostgreSQL splits this typed word into the same one word as search does, whatever
    its locale: ASCII letters and digits, not read as a number in scientific notation."""
    return form.isascii() and form.isalnum() and not SCIENTIFIC.match(form)


def _postgres_by_words(doc, text_words: list[str], query: str):
    """Up to CANDIDATES ids whose stored document matches, from its words (search_index's B-tree),
    read in the index's order and stopped at the rows wanted however many match.

    One word typed: the rows with a word starting with it (any of a phone's forms). More: those of
    the longest word, at most DRIVER_ROWS of them, each checked against the whole query; only if
    they were too few and more were left unread, the GIN index (its conditions one-time filters,
    evaluated lazily, so it is never asked when the words answered). One statement, a subquery
    of the read."""
    column, table, words_table = search_index.POSTGRES_COLUMN, doc.table, doc.words_table
    driver = max(text_words, key=lambda w: min(len(form) for form in w.split(PHONE_WORD)))
    forms = driver.split(PHONE_WORD)
    # a column collated by bytes: a prefix's words are a plain range of the index, read in its order
    # (LIKE tempted the planner to gather and sort every match); its bounds planned for any value
    # (models.db.planned_for_any), so the statement is planned once whatever is typed
    starts = " OR ".join(f"(word >= {PLANNED_FOR_ANY} AND word < {PLANNED_FOR_ANY})" for _ in forms)
    bounds = tuple(bound for form in forms for bound in (form, form + LAST_CHAR))
    if len(text_words) == 1:
        return SQL(f"(SELECT record_id FROM {words_table} WHERE {starts} ORDER BY word LIMIT {CANDIDATES})", bounds)
    return SQL(f"(WITH driver AS MATERIALIZED (SELECT record_id FROM {words_table} WHERE {starts} "
               f"ORDER BY word LIMIT {DRIVER_ROWS}), "
               f'walk AS MATERIALIZED (SELECT record_id FROM driver WHERE (SELECT {column} FROM "{table}" '
               f"WHERE id = driver.record_id) @@ {TSQUERY} LIMIT {CANDIDATES}), "
               f'hits AS MATERIALIZED (SELECT id FROM "{table}" WHERE {column} @@ {TSQUERY}) '
               f"SELECT record_id FROM walk UNION ALL (SELECT id FROM hits WHERE "
               f"(SELECT count(*) FROM walk) < {CANDIDATES} AND (SELECT count(*) FROM driver) = {DRIVER_ROWS} "
               f"LIMIT {CANDIDATES}))", (*bounds, query, query))


def _postgres_candidates(doc, query: str):
    """Up to CANDIDATES ids whose stored document matches, the cheaper of two ways whatever the
    planner guesses (it cannot tell how many rows a prefix matches): the table's first HEAD_ROWS
    rows read in order, which a short, common prefix fills at once; only if they hold too few, the
    GIN index, which a rarer prefix answers at once (its matches materialised apart from the
    LIMIT, which would tempt the planner into reading the whole table: a prefix matching nothing
    cost most). One statement, a subquery of the read: the head's count is a one-time filter,
    evaluated before the index is asked, so a full head never runs it (one round trip a record
    type, not three)."""
    column, table = search_index.POSTGRES_COLUMN, doc.table
    match = f"{column} @@ {TSQUERY}"
    in_head = "(SELECT count(*) FROM head)"
    return SQL(f'(WITH head AS MATERIALIZED (SELECT id FROM (SELECT id, {column} FROM "{table}" LIMIT {HEAD_ROWS}) '
               f"AS first_rows WHERE {match} LIMIT {CANDIDATES}), "
               f'hits AS MATERIALIZED (SELECT id FROM "{table}" WHERE {match}) '
               f"SELECT id FROM head WHERE {in_head} = {CANDIDATES} "
               f"UNION ALL (SELECT id FROM hits WHERE {in_head} < {CANDIDATES} LIMIT {CANDIDATES}))", (query, query))


def searched() -> tuple[str, ...]:
    """The record types search everywhere reads, in the order their groups are shown."""
    registered = SEARCHERS.every()
    return tuple(rt.key for rt in RECORD_TYPES if rt.key in registered)


def find(text: str, per_type: int = 8, record_types: tuple[str, ...] | None = None) -> Results:
    """Records with a word starting with each word typed, up to per_type of each record type.

    A case number (CAS-01042, cas1042) finds that case first.
    """
    text_words = words(text)
    hits: list[Hit] = []
    if not text_words:
        return Results(text, hits)
    for key in record_types or searched():
        searcher = SEARCHERS.of(key)
        found = searcher.read(_match(searcher.model, text_words))
        if searcher.by_number is not None and (condition := searcher.by_number(text)) is not None:
            by_number = [h for h in searcher.read(condition) if h.id not in {f.id for f in found}]
            found = by_number + found
        hits.extend(found[:per_type])
    return Results(text, hits)


@contextmanager
def bulk_load():
    """Around a bulk load (the demo, a restore), inside its transaction: index the search documents
    once at the end, not row by row. A load that fails is rolled back with the suspension (indexing
    again in a transaction PostgreSQL has aborted would fail and hide why)."""
    if not database.in_transaction():
        raise RuntimeError("a bulk load runs in a transaction")
    search_index.suspend_triggers(database.obj, tuple(_documents().values()))
    yield
    search_index.resume_triggers(database.obj, tuple(_documents().values()))
