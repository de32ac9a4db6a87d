"""Noticing a colleague's change: a cheap look, once a second, at whether the database changed
since the last look. SQLite: its change counter (PRAGMA data_version, which moves when another
connection commits), read on a connection of the watch's own. PostgreSQL: LISTEN to the
notices the tables' triggers send (migration 15), read from that connection's socket without a
round trip. Either way a look costs microseconds; what changed is read again by the screen."""

from __future__ import annotations

from peewee import PostgresqlDatabase, SqliteDatabase

from crm_tui.models import db as dbmod

CHANNEL = "crm_tui_changes"


class Watch:
    def __init__(self) -> None:
        self.db = dbmod.database.obj
        self.sqlite = isinstance(self.db, SqliteDatabase)
        # a connection of its own (not the pool's: it stays, listening): the app's threads' commits count too
        self.conn = self.db._connect() if self.sqlite else PostgresqlDatabase._connect(self.db)
        if self.sqlite:
            self.seen = self._version()
        else:
            self.conn.autocommit = True
            self.conn.execute(f"LISTEN {CHANNEL}")

    def _version(self) -> int:
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """Whether anything was written since the last look."""
        if self.sqlite:
            now = self._version()
            moved, self.seen = now != self.seen, now
            return moved
        return bool(list(self.conn.notifies(timeout=0)))  # those come already, drained: none waited for

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # gone already: nothing to release
            pass


def watch() -> Watch | None:
    """A watch on the bound database, or None when it cannot be had (a read-only file still can)."""
    try:
        return Watch()
    except Exception:  # noqa: BLE001 (live updates are a comfort: the app works without them)
        return None
