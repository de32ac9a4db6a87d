"""Find as you type on PostgreSQL: LIKE 'prefix%' on a casefolded key is served by the key's own
index where the database collates by "C"; under any other collation (en_US.UTF-8 and the like)
only a text_pattern_ops index serves it, so those are made there."""

from peewee import SqliteDatabase

VERSION = 17
TITLE = "find as you type indexed under any collation"
CARRIES_BACKUPS = True  # indexes only

KEYS = (("account", "sort_name"), ("contact", "sort_name"), ("contact", "alt_sort_name"), ("lead", "sort_name"),
        ("opportunity", "sort_name"), ("incident", "sort_name"), ("entitlement", "sort_name"), ("sla", "sort_name"))


def up(db):
    if isinstance(db, SqliteDatabase):
        return
    collation = db.execute_sql("SELECT datcollate FROM pg_database WHERE datname = current_database()").fetchone()[0]
    if collation in ("C", "POSIX"):
        return  # the keys' own indexes serve a prefix
    for table, column in KEYS:
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_{column}_prefix" ON "{table}" ("{column}" text_pattern_ops)')
