"""Noticing a colleague's change: a cheap look, once a second, at whether the database changed
since the last look. SQLite: its change counter (PRAGMA data_version, which moves when another
connection commits), read on a connection of the watch's own. PostgreSQL: LISTEN to the
notices the tables' triggers send (migration 15), read from that connection's socket, and the
counter the same triggers move (migration 18), one small read: behind a pooler in transaction
mode the LISTEN stays on a server connection the watch no longer holds, and only the counter
tells. Either way a look costs well under a millisecond; what changed is read again by the screen."""

from __future__ import annotations

from peewee import PostgresqlDatabase, SqliteDatabase

from crm_tui.models import db as dbmod

CHANNEL = "crm_tui_changes"
COUNTER = "crm_tui_changes"  # a sequence (migration 18)


class Watch:
    def __init__(self) -> None:
        self.db = dbmod.database.obj
        self.sqlite = isinstance(self.db, SqliteDatabase)
        # a connection of its own (not the pool's: it stays, listening): the app's threads' commits count too
        self.conn = self.db._connect() if self.sqlite else PostgresqlDatabase._connect(self.db)
        if not self.sqlite:
            self.conn.autocommit = True
            self.conn.execute(f"LISTEN {CHANNEL}")
        self.seen = self._version()

    def _version(self) -> int:
        if self.sqlite:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
        value, called = self.conn.execute(f'SELECT last_value, is_called FROM "{COUNTER}"').fetchone()
        return value if called else 0  # a new sequence says 1 before its first use too

    def changed(self) -> bool:
        """Whether anything was written since the last look."""
        heard = False if self.sqlite else bool(list(self.conn.notifies(timeout=0)))  # drained: none waited for
        now = self._version()
        moved, self.seen = now != self.seen, now
        return heard or moved

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # gone already: nothing to release
            pass


def looks_locally() -> bool:
    """Whether a look reads local memory (SQLite's counter; its connection stays on the thread that
    made it) rather than asking a server, which a caller with keys to answer does off its thread."""
    return isinstance(dbmod.database.obj, SqliteDatabase)


def watch() -> Watch | None:
    """A watch on the bound database, or None when it cannot be had (a read-only file still can)."""
    try:
        return Watch()
    except Exception:  # noqa: BLE001 (live updates are a comfort: the app works without them)
        return None
