"""PostgreSQL's change counter: the statement triggers of migration 15 also move a sequence, which
a session reads to notice a colleague's change where LISTEN cannot hear (behind a pooler in
transaction mode, a session's LISTEN stays on a server connection it no longer holds)."""

from peewee import SqliteDatabase

from crm_tui.models.migrations.m0015_live_changes import CHANNEL

VERSION = 18
TITLE = "a change counter on PostgreSQL"
CARRIES_BACKUPS = True  # a sequence and a trigger function: nothing to restore

COUNTER = "crm_tui_changes"


def up(db):
    if isinstance(db, SqliteDatabase):
        return
    db.execute_sql(f'CREATE SEQUENCE IF NOT EXISTS "{COUNTER}"')
    db.execute_sql(f"""CREATE OR REPLACE FUNCTION crm_tui_changed() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); PERFORM nextval('"{COUNTER}"'); RETURN NULL; END
        $$ LANGUAGE plpgsql""")  # the triggers of migration 15 call it: replacing it is enough
