"""The database: one proxy, bound at run time to SQLite or PostgreSQL."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from peewee import SQL, Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.pool import PooledPostgresqlDatabase

from crm_tui import db_file
from crm_tui.db_file import DatabaseUrlError, sqlite_path  # noqa: F401 (re-exported)
from crm_tui.paths import is_postgres_url, redacted  # noqa: F401 (redacted: re-exported)

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    # 1.5 MB a connection: each worker thread keeps its connection (services/database.connection);
    # at 32 MB each they held 150 MB more after a browse, and at SQLite's default of 2 MB the
    # eight of them reached the memory budget once the timeline and search read more.
    "cache_size": -1_500,
}


BUSY_SECONDS = 5  # how long a save waits for another session's write to finish
POOL_SIZE = 8  # PostgreSQL connections a process holds at most (its worker threads share them)
POOL_STALE = 300  # seconds a pooled connection may idle before it is closed instead of reused
POOL_WAIT = 10  # seconds a call waits for a free connection before it is said to be busy


PREPARE_AFTER = 5  # runs of one statement on a connection after which it is prepared (psycopg's default)
PREPARE_CHOICES = ("auto", "on", "off")  # a URL's prepare=: auto prepares unless a pooler is in between


class Postgres(PooledPostgresqlDatabase):
    """A PostgreSQL server through psycopg 3, from a bounded pool: at most POOL_SIZE connections a
    process (a worker thread takes one for a call and gives it back; one idle for POOL_STALE
    seconds, or broken, is closed rather than reused; a call waits up to POOL_WAIT seconds for
    one).

    A statement run PREPARE_AFTER times on a connection is prepared on the server: parsed once, and
    planned once for any values where the server judges that plan as cheap (a list page and a search
    are written so that it does: planned_for_any, fixed_limit).
    Not through a pooler in transaction mode (pgbouncer before 1.21), which may hand the next
    statement to a server connection that never saw it prepared: a pooler answers on a port of its
    own, so a server whose port is not the one connected to is taken for one. The URL's
    prepare=on|off says so outright (a pooler on another host listening on the server's port).

    PostgreSQL text cannot hold NUL: it is dropped from what a query looks for (the fields
    refuse it before a save), where the driver would fail the whole query."""

    def __init__(self, *args, prepare: str = "auto", **kwargs):
        self.prepare = prepare
        super().__init__(*args, **kwargs)

    def _connect(self):
        conn = super()._connect()
        conn.prepare_threshold = PREPARE_AFTER if self._may_prepare(conn) else None
        return conn

    def _may_prepare(self, conn) -> bool:
        if self.prepare != "auto":
            return self.prepare == "on"
        (port,) = conn.execute("SELECT current_setting('port')").fetchone()
        return int(port) == conn.info.port

    def execute_sql(self, sql, params=None):
        if params and any(isinstance(p, str) and "\x00" in p for p in params):
            params = [p.replace("\x00", "") if isinstance(p, str) else p for p in params]
        return super().execute_sql(sql, params)


def _postgres_database(url: str) -> PostgresqlDatabase:
    """user, password and parameters percent-decoded (a password with @ / # : is written %40 …)."""
    parts = urlsplit(url)
    params: dict[str, object] = {}
    if parts.hostname:
        params["host"] = unquote(parts.hostname)
    if parts.port:
        params["port"] = parts.port
    if parts.username:
        params["user"] = unquote(parts.username)
    if parts.password:
        params["password"] = unquote(parts.password)
    params.update(parse_qsl(parts.query, keep_blank_values=True))
    prepare = str(params.pop("prepare", "auto")).lower()
    if prepare not in PREPARE_CHOICES:
        raise DatabaseUrlError(f"prepare={prepare} in the database URL: say one of {', '.join(PREPARE_CHOICES)}")
    name = unquote(parts.path.lstrip("/")) or "crm"
    return Postgres(name, prefer_psycopg3=True, max_connections=POOL_SIZE, stale_timeout=POOL_STALE,
                    timeout=POOL_WAIT, prepare=prepare, **params)


def make_database(url: str) -> Database:
    """A database object for URL. A SQLite path is checked first (crm_tui.db_file): a new file is
    created private (0600), one this user may only read is opened read-only, anything else is
    refused and left alone."""
    if is_postgres_url(url):
        return _postgres_database(url)
    path = sqlite_path(url)
    access = db_file.check(path)
    pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(BUSY_SECONDS * 1000)}
    if access is db_file.Access.NEW:
        db_file.create_private(path)
    elif access is db_file.Access.READ_ONLY:
        # mode=ro: SQLite itself refuses every write (a save says so; nothing is changed).
        return ReadOnlySqlite(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True,
                              pragmas={k: v for k, v in pragmas.items() if k != "journal_mode"},
                              timeout=BUSY_SECONDS)
    # A write transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to the
    # busy timeout for it: begun as a reader and upgraded later, it would fail at once with
    # "database is locked" whenever another session wrote meanwhile (WAL cannot wait there).
    return SqliteDatabase(str(path), pragmas=pragmas, timeout=BUSY_SECONDS, lock_type="IMMEDIATE")


class ReadOnlySqlite(SqliteDatabase):
    """A SQLite file this user may only read."""


def is_read_only() -> bool:
    return isinstance(database.obj, ReadOnlySqlite)


def bind(url: str) -> Database:
    """Bind the module-level proxy to the database at URL and return it."""
    db = make_database(url)
    database.initialize(db)
    return db


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)


# PostgreSQL: a parameter as a subquery, which the planner estimates without reading its value
PLANNED_FOR_ANY = "(SELECT %s)"


def planned_for_any(value):
    """A value a prepared statement's plan should not hang on (a list page's key, a prefix's
    bounds): on PostgreSQL PLANNED_FOR_ANY, so the plan is the same for any value and the server
    keeps one instead of planning the statement at every run (a list page's joins took longer to
    plan than to run: half its time); on SQLite the value."""
    return value if is_sqlite() else SQL(PLANNED_FOR_ANY, (value,))


def planned_for(record_id: int):
    """An id a list's plan should be made for (the account whose timeline it is, the owner of
    "mine", the queue): on PostgreSQL written into the statement, so the server plans for that id's
    own rows (a busy account's 12,000 entries, where a plan for any id expects the average 14 and
    sorts them all) and keeps that plan for the list's next pages; on SQLite the value (and None,
    no id, stays None on both: IS NULL)."""
    return record_id if record_id is None or is_sqlite() else SQL(str(int(record_id)))


def id_among(field, ids):
    """field's value among ids, given as one parameter (a JSON array on SQLite, an array on
    PostgreSQL): one statement for any number of ids, where an IN list is a statement for each
    count (and Peewee builds thousands a value at a time: a third of an export's time). The array
    is planned for any value (planned_for_any), or the server plans the statement at each run."""
    ids = [int(record_id) for record_id in ids]
    if is_sqlite():
        if len(ids) <= 100:  # a page's few ids read faster as a list (SQLite keeps each statement compiled)
            return field.in_(ids)
        return field.in_(SQL("(SELECT value FROM json_each(?))", (json.dumps(ids),)))
    return field == SQL(f"ANY(CAST({PLANNED_FOR_ANY} AS bigint[]))", (ids,))


def fixed_limit(rows: int) -> SQL:
    """A LIMIT written into the statement: as a parameter, a plan made for any value of it is one
    for an unknown number of rows (on PostgreSQL a hash of the whole table, 20x slower)."""
    return SQL(str(int(rows)))


BYTE_ORDER_COLLATIONS = ("C", "POSIX")


def collates_by_bytes() -> bool:
    """Whether the PostgreSQL database sorts text byte by byte (asked once a database)."""
    db = database.obj
    if getattr(db, "collation", None) is None:
        db.collation = db.execute_sql("SELECT datcollate FROM pg_database WHERE datname = current_database()").fetchone()[0]
    return db.collation in BYTE_ORDER_COLLATIONS
