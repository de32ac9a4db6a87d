"""The full-text search documents: which columns of which tables, and the SQL that keeps them.

SQLite: one contentless FTS5 table per record table (``search_<table>``, rowid = the record's
id, with prefix indexes), filled and kept in step by triggers on the record table.
PostgreSQL: the same document as a stored generated ``tsvector`` column (``search_doc``) with a
GIN index on it, which the database keeps in step by itself, and its words in a table of their own
(``search_<table>_words``), kept by triggers. Stored, not an expression index: a
short prefix (``s``) matches so many rows that the planner reads the table in order and checks
each row, and computing the document (lower, regexp_replace, to_tsvector) for every row read
cost some 30 µs a row; reading the stored one costs next to nothing.

A document is the listed columns joined by spaces; phone columns are added once more as
digits alone: whole, without the country code, and without the area code too, so
``12065550134``, ``2065550134`` and ``5550134`` find ``+1 (206) 555-0134`` (and a search
typed in national form, ``0206 5550134``, drops its trunk 0: crm_tui.services.global_search). Both backends split it into
words of letters and digits, so ``jane.sm`` finds ``jane.smith@example.com``.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Database, SqliteDatabase

PHONE_PUNCTUATION = " -().+/"
POSTGRES_COLUMN = "search_doc"  # a searched table's stored document on PostgreSQL


@dataclass(frozen=True)
class Document:
    table: str
    columns: tuple[str, ...]
    phones: tuple[str, ...] = ()  # also indexed as digits alone

    @property
    def fts_table(self) -> str:
        return f"search_{self.table}"

    @property
    def index_name(self) -> str:
        return f"search_{self.table}_doc"

    @property
    def words_table(self) -> str:
        return f"search_{self.table}_words"


def _digits_sqlite(expr: str) -> str:
    for ch in PHONE_PUNCTUATION:
        expr = f"replace({expr}, '{ch}', '')"
    return expr


def _national_sqlite(phone: str) -> str:
    """What follows "+44 " in an international number ('' for any other)."""
    return f"(CASE WHEN substr({phone}, 1, 1) = '+' AND instr({phone}, ' ') > 0 THEN substr({phone}, instr({phone}, ' ') + 1) ELSE '' END)"


def _local_sqlite(phone: str) -> str:
    """What follows the area code: the national number (or the number as stored, without a +)
    after its first group of digits ("+1 (206) 555-0134" -> " 555-0134")."""
    national = f"(CASE WHEN substr({phone}, 1, 1) = '+' THEN {_national_sqlite(phone)} ELSE {phone} END)"
    spaced = national
    for ch in "-)/.":
        spaced = f"replace({spaced}, '{ch}', ' ')"
    trimmed = f"ltrim({spaced}, '( ')"
    return f"(CASE WHEN instr({trimmed}, ' ') > 0 THEN substr({trimmed}, instr({trimmed}, ' ') + 1) ELSE '' END)"


def sqlite_expression(doc: Document, row: str = "") -> str:
    """The document of a row; row is "NEW." or "OLD." inside a trigger."""
    parts = [f"coalesce({row}{c}, '')" for c in doc.columns]
    for c in doc.phones:
        phone = f"coalesce({row}{c}, '')"
        parts += [_digits_sqlite(phone), _digits_sqlite(_national_sqlite(phone)), _digits_sqlite(_local_sqlite(phone))]
    return " || ' ' || ".join(parts)


def postgres_expression(doc: Document) -> str:
    """The tsvector of a row, as its stored column is generated."""
    parts = [f"coalesce({c}, '')" for c in doc.columns]
    for c in doc.phones:
        phone = f"coalesce({c}, '')"
        national = f"(CASE WHEN left({phone}, 1) = '+' AND strpos({phone}, ' ') > 0 THEN substr({phone}, strpos({phone}, ' ') + 1) ELSE '' END)"
        # the number after its area code: the national number's (or a stored national one's) first group dropped
        local = (f"regexp_replace((CASE WHEN left({phone}, 1) = '+' THEN {national} ELSE {phone} END), "
                 "'^[^0-9]*[0-9]+[^0-9]+', '')")
        parts += [f"regexp_replace({phone}, '[^0-9]+', '', 'g')", f"regexp_replace({national}, '[^0-9]+', '', 'g')",
                  f"regexp_replace({local}, '[^0-9]+', '', 'g')"]
    text = " || ' ' || ".join(parts)
    return f"to_tsvector('simple'::regconfig, regexp_replace(lower({text}), '[^[:alnum:]]+', ' ', 'g'))"


def _sqlite_triggers(doc: Document) -> list[str]:
    table, fts = doc.table, doc.fts_table
    columns = ", ".join(dict.fromkeys(doc.columns + doc.phones))
    add = f"INSERT INTO {fts}(rowid, doc) VALUES (NEW.id, {sqlite_expression(doc, 'NEW.')});"
    drop = f"INSERT INTO {fts}({fts}, rowid, doc) VALUES ('delete', OLD.id, {sqlite_expression(doc, 'OLD.')});"
    return [
        f'CREATE TRIGGER {fts}_ai AFTER INSERT ON "{table}" BEGIN {add} END',
        f'CREATE TRIGGER {fts}_ad AFTER DELETE ON "{table}" BEGIN {drop} END',
        f'CREATE TRIGGER {fts}_au AFTER UPDATE OF {columns} ON "{table}" BEGIN {drop} {add} END',
    ]


def _fill_sqlite(db: Database, doc: Document) -> None:
    db.execute_sql(f"INSERT INTO {doc.fts_table}({doc.fts_table}) VALUES ('delete-all')")
    db.execute_sql(f'INSERT INTO {doc.fts_table}(rowid, doc) SELECT id, {sqlite_expression(doc)} FROM "{doc.table}"')


def create(db: Database, docs: tuple[Document, ...]) -> None:
    """Build the search documents of these tables (from the rows they hold now)."""
    for doc in docs:
        if isinstance(db, SqliteDatabase):
            db.execute_sql(f"CREATE VIRTUAL TABLE {doc.fts_table} USING fts5(doc, content='', "
                           "prefix='1 2 3', tokenize='unicode61 remove_diacritics 2')")
            _fill_sqlite(db, doc)
            for sql in _sqlite_triggers(doc):
                db.execute_sql(sql)
        else:
            _make_postgres(db, doc)


def _make_postgres(db: Database, doc: Document) -> None:
    """The stored document column (made anew: its expression may have changed), its GIN index and
    its words."""
    _stop_words_trigger(db, doc)  # it reads the column
    db.execute_sql(f"DROP INDEX IF EXISTS {doc.index_name}")
    db.execute_sql(f'ALTER TABLE "{doc.table}" DROP COLUMN IF EXISTS {POSTGRES_COLUMN}')
    db.execute_sql(f'ALTER TABLE "{doc.table}" ADD COLUMN {POSTGRES_COLUMN} tsvector '
                   f"GENERATED ALWAYS AS ({postgres_expression(doc)}) STORED")
    _create_postgres_index(db, doc)
    make_postgres_words(db, doc)


# PostgreSQL: each document's words, one row a word and record, in a B-tree by word (byte order).
# A prefix is a range of it, read in order and stopped at the rows wanted, however many match; a
# GIN index must gather every match of a prefix first (3-7 ms for one matching 3% of 300,000
# contacts). The GIN index stays for what the words cannot answer alone (crm_tui.services.global_search).
# (its percent signs doubled: the driver reads a statement for placeholders)
WORDS_FUNCTION = """
CREATE OR REPLACE FUNCTION crm_keep_search_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        EXECUTE format('DELETE FROM %%I WHERE word = ANY($1) AND record_id = $2', TG_ARGV[0])
            USING tsvector_to_array(OLD.search_doc), OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('INSERT INTO %%I (word, record_id) SELECT DISTINCT word, $2 FROM unnest($1) AS word', TG_ARGV[0])
            USING tsvector_to_array(NEW.search_doc), NEW.id;
    END IF;
    RETURN NULL;
END $$"""


def make_postgres_words(db: Database, doc: Document) -> None:
    """The words table of a document, filled from the rows held now and kept in step by triggers."""
    _stop_words_trigger(db, doc)
    db.execute_sql(f"DROP TABLE IF EXISTS {doc.words_table}")
    db.execute_sql(f'CREATE TABLE {doc.words_table} (word text COLLATE "C" NOT NULL, record_id integer NOT NULL)')
    # in the index's order: a prefix's rows lie together, and the planner, seeing so, reads them in order
    db.execute_sql(f"INSERT INTO {doc.words_table} (word, record_id) SELECT DISTINCT word, id "
                   f'FROM "{doc.table}", unnest(tsvector_to_array({POSTGRES_COLUMN})) AS word ORDER BY word, id')
    db.execute_sql(f"ALTER TABLE {doc.words_table} ADD PRIMARY KEY (word, record_id)")  # built once, after the rows
    db.execute_sql(f"ANALYZE {doc.words_table}")
    db.execute_sql(WORDS_FUNCTION)
    for suffix, event, when in WORDS_TRIGGERS:
        db.execute_sql(f'CREATE TRIGGER {doc.words_table}_kept_{suffix} AFTER {event} ON "{doc.table}" FOR EACH ROW '
                       f"{when}EXECUTE FUNCTION crm_keep_search_words('{doc.words_table}')")


# (name suffix, event, condition): the document is generated, never named in an UPDATE, so the
# update trigger asks whether it changed
WORDS_TRIGGERS = (("ai", "INSERT", ""), ("ad", "DELETE", ""),
                  ("au", "UPDATE", f"WHEN (OLD.{POSTGRES_COLUMN} IS DISTINCT FROM NEW.{POSTGRES_COLUMN}) "))


def _stop_words_trigger(db: Database, doc: Document) -> None:
    for suffix, _event, _when in WORDS_TRIGGERS:
        db.execute_sql(f'DROP TRIGGER IF EXISTS {doc.words_table}_kept_{suffix} ON "{doc.table}"')


def has_postgres_words(db: Database, doc: Document) -> bool:
    return db.table_exists(doc.words_table)


def _create_postgres_index(db: Database, doc: Document) -> None:
    """The GIN index on the stored document, taking each write at once: with its default pending
    list, every search would read the entries added since the last vacuum, one by one."""
    db.execute_sql(f'CREATE INDEX IF NOT EXISTS {doc.index_name} ON "{doc.table}" USING gin ({POSTGRES_COLUMN}) '
                   f"WITH (fastupdate = off)")


def index_without_pending_list(db: Database, doc: Document) -> None:
    """An index with a pending list (made before migration 20, or in a bulk load): without one, and
    what the list holds merged."""
    db.execute_sql(f"ALTER INDEX {doc.index_name} SET (fastupdate = off)")
    db.execute_sql("SELECT gin_clean_pending_list(%s::regclass)", (doc.index_name,))


def has_postgres_column(db: Database, doc: Document) -> bool:
    return POSTGRES_COLUMN in {column.name for column in db.get_columns(doc.table)}


def rebuild(db: Database, docs: tuple[Document, ...]) -> None:
    """Make these documents again as the code above now words them (a migration that changed them)."""
    for doc in docs:
        if isinstance(db, SqliteDatabase):
            suspend_triggers(db, (doc,))
            resume_triggers(db, (doc,))
        else:
            _make_postgres(db, doc)


def suspend_triggers(db: Database, docs: tuple[Document, ...]) -> None:
    """Before a bulk load: stop keeping the documents row by row (SQLite: the triggers filling the
    FTS tables; PostgreSQL: the words, cheaper made once, and the GIN indexes' entries, gathered in
    a pending list: built anew after the load, the contacts' alone took 10 s)."""
    for doc in docs:
        if isinstance(db, SqliteDatabase):
            for suffix in ("ai", "ad", "au"):
                db.execute_sql(f"DROP TRIGGER IF EXISTS {doc.fts_table}_{suffix}")
        else:  # GIN gathers the load's entries in its pending list, merged in batches as it fills
            db.execute_sql(f"ALTER INDEX {doc.index_name} SET (fastupdate = on)")
            _stop_words_trigger(db, doc)


def resume_triggers(db: Database, docs: tuple[Document, ...]) -> None:
    """After a bulk load: index every document at once and keep them in step again."""
    for doc in docs:
        if isinstance(db, SqliteDatabase):
            _fill_sqlite(db, doc)
            for sql in _sqlite_triggers(doc):
                db.execute_sql(sql)
        else:
            index_without_pending_list(db, doc)
            make_postgres_words(db, doc)
