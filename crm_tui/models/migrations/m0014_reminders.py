"""Reminders on activities: minutes before one is due or starts, or at a time of its own; and
the index My day reads a user's opportunities closing this month by."""

from peewee import SqliteDatabase

VERSION = 14
TITLE = "reminders on activities"
# a backup from before it restores: its activities have no reminders
CARRIES_BACKUPS = True

COLUMNS = (("remind_minutes", "INTEGER"), ("remind_at", "DATETIME"), ("reminded_on", "DATETIME"))


def up(db):
    have = {column.name for column in db.get_columns("activity")}
    for name, kind in COLUMNS:
        if kind == "DATETIME" and not isinstance(db, SqliteDatabase):
            kind = "TIMESTAMP"  # as Peewee names a DateTimeField there
        if name not in have:  # a rerun adds nothing twice
            db.execute_sql(f'ALTER TABLE "activity" ADD COLUMN "{name}" {kind}')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "activity_owner_id_remind_at" ON "activity" ("owner_id", "remind_at")')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "opportunity_owner_id_state_estimated_close" ON "opportunity" '
                   '("owner_id", "state", "estimated_close")')
