"""PostgreSQL tells the sessions listening that a table changed (NOTIFY crm_tui_changes, once a
statement), so a list or a record open elsewhere refreshes; SQLite needs nothing: its change
counter (PRAGMA data_version) says the same."""

from peewee import SqliteDatabase

VERSION = 15
TITLE = "sessions told of each other's changes"
CARRIES_BACKUPS = True  # nothing to restore: triggers only

CHANNEL = "crm_tui_changes"
TABLES = ("account", "contact", "lead", "opportunity", "incident", "entitlement", "sla", "activity", "queue_item")


def up(db):
    if isinstance(db, SqliteDatabase):
        return
    db.execute_sql(f"""CREATE OR REPLACE FUNCTION crm_tui_changed() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$ LANGUAGE plpgsql""")
    for table in TABLES:
        db.execute_sql(f'DROP TRIGGER IF EXISTS crm_tui_changed ON "{table}"')
        db.execute_sql(f'CREATE TRIGGER crm_tui_changed AFTER INSERT OR UPDATE OR DELETE ON "{table}" '
                       "FOR EACH STATEMENT EXECUTE FUNCTION crm_tui_changed()")
