"""The database: one proxy, bound at run time to SQLite or PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from crm_tui.paths import is_postgres_url, redacted  # noqa: F401 (redacted: re-exported)

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -32_000,
}


BUSY_SECONDS = 5  # how long a save waits for another session's write to finish


class DatabaseUrlError(ValueError):
    """The --db value is neither a SQLite path nor a postgresql:// URL."""


def sqlite_path(url: str) -> Path:
    """The file a SQLite URL or plain path names."""
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///") :])
    if url.startswith("sqlite://"):
        raise DatabaseUrlError(f"Use sqlite:///PATH or a plain path, not {url!r}")
    if "://" in url:
        scheme = url.split("://", 1)[0]
        raise DatabaseUrlError(f"Unsupported database scheme {scheme!r}: use a file path or postgresql://")
    return Path(url).expanduser()


def _create_private_file(path: Path) -> None:
    """Create the SQLite file (and its folder) readable by its owner only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


def _postgres_database(url: str) -> PostgresqlDatabase:
    parts = urlsplit(url)
    params: dict[str, object] = {}
    if parts.hostname:
        params["host"] = parts.hostname
    if parts.port:
        params["port"] = parts.port
    if parts.username:
        params["user"] = parts.username
    if parts.password:
        params["password"] = parts.password
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        params[key] = value
    name = parts.path.lstrip("/") or "crm"
    return PostgresqlDatabase(name, **params)


def make_database(url: str) -> Database:
    """A database object for URL; a SQLite file is created private (0600) first."""
    if is_postgres_url(url):
        return _postgres_database(url)
    path = sqlite_path(url)
    _create_private_file(path)
    # A write transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to the
    # busy timeout for it: begun as a reader and upgraded later, it would fail at once with
    # "database is locked" whenever another session wrote meanwhile (WAL cannot wait there).
    pragmas = {**SQLITE_PRAGMAS, "busy_timeout": int(BUSY_SECONDS * 1000)}
    return SqliteDatabase(str(path), pragmas=pragmas, timeout=BUSY_SECONDS, lock_type="IMMEDIATE")


def bind(url: str) -> Database:
    """Bind the module-level proxy to the database at URL and return it."""
    db = make_database(url)
    database.initialize(db)
    return db


def is_sqlite() -> bool:
    return isinstance(database.obj, SqliteDatabase)
