import datetime as dt
import os
import stat

import pytest
from peewee import SqliteDatabase

from crm_tui.models import db as dbmod
from crm_tui.models import schema
from crm_tui.models.migrations import m0001_customers
from crm_tui.services import database
from crm_tui.services.errors import ValidationError  # noqa: F401


def _version_1_database(path):
    """A database as crm-tui schema version 1 left it, with a row in it."""
    db = SqliteDatabase(str(path))
    m0001_customers.up(db)
    db.execute_sql('CREATE TABLE "crm_schema_version" ("id" INTEGER PRIMARY KEY, "version" INTEGER NOT NULL)')
    db.execute_sql('INSERT INTO "crm_schema_version" ("version") VALUES (1)')
    db.execute_sql("""INSERT INTO "user" (username, display_name, is_active, created_on) VALUES ('old', 'Old', 1, '2024-01-01')""")
    db.execute_sql("""INSERT INTO account (state, version, created_on, modified_on, name, sort_name, owner_id,
                      created_by_id, modified_by_id) VALUES ('active', 1, '2024-01-01', '2024-01-01', 'Kept', 'kept', 1, 1, 1)""")
    db.close()


def test_opening_an_older_database_migrates_it_and_copies_it_aside_first(tmp_path):
    path = tmp_path / "old.sqlite"
    _version_1_database(path)
    report = database.open_database(str(path))
    try:
        assert (report.from_version, report.to_version) == (1, schema.LATEST_VERSION)
        assert report.applied == ("2: audit history", "3: activities, notes and the timeline", "4: leads and opportunities",
                                  "5: cases, entitlements and SLAs", "6: saved views and full-text search",
                                  "7: ids are never reused", "8: timeline entries at their own dates",
                                  "9: phone search without the area code", "10: contacts keep their vCard UID",
                                  "11: duplicate detection rules", "12: recent and pinned records",
                                  "13: teams and queues", "14: reminders on activities",
                                  "15: sessions told of each other's changes", "16: teams own records",
                                  "17: find as you type indexed under any collation", "18: a change counter on PostgreSQL",
                                  "19: search documents stored on PostgreSQL",
                                  "20: search indexes without a pending list on PostgreSQL",
                                  "21: search words in order on PostgreSQL")
        assert report.backup is not None and report.backup.exists()
        assert stat.S_IMODE(os.stat(report.backup).st_mode) == 0o600
        backup = SqliteDatabase(str(report.backup))
        assert backup.execute_sql("SELECT version FROM crm_schema_version").fetchone()[0] == 1
        backup.close()
        from crm_tui.models import Account, AuditEntry
        assert [a.name for a in Account.select()] == ["Kept"]
        assert AuditEntry.table_exists()
        from crm_tui.services import global_search
        assert [h.title for h in global_search.find("kep").hits] == ["Kept"]  # existing rows are indexed
        assert database.open_database(str(path)).applied == ()
    finally:
        database.close()


def test_a_database_newer_than_the_program_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    database.open_database(str(path))
    dbmod.database.execute_sql("UPDATE crm_schema_version SET version = 999")
    database.close()
    with pytest.raises(schema.SchemaTooNewError) as info:
        database.open_database(str(path))
    assert "999" in str(info.value) and "Upgrade crm-tui" in str(info.value)
    database.close()


def test_sqlite_file_is_private_and_tuned(tmp_path):
    path = tmp_path / "sub" / "crm.sqlite"
    database.open_database(str(path))
    try:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        db = dbmod.database
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        database.close()


def test_database_urls():
    assert dbmod.redacted("postgresql://bob:secret@db/crm") == "postgresql://bob:***@db/crm"
    assert str(dbmod.sqlite_path("sqlite:////tmp/x.db")) == "/tmp/x.db"
    with pytest.raises(dbmod.DatabaseUrlError):
        dbmod.sqlite_path("mysql://x/y")
    pg = dbmod.make_database("postgresql://bob:secret@db.example:6543/crm")
    assert (pg.database, pg.connect_params["host"], pg.connect_params["port"]) == ("crm", "db.example", 6543)


def test_migrations_build_exactly_the_tables_the_models_describe(db_url):
    from crm_tui.models import all_models

    db = dbmod.database
    for model in all_models():
        columns = {c.name: c.null for c in db.get_columns(model._meta.table_name)}
        columns.pop("search_doc", None)  # PostgreSQL's stored search document: the database's, not a field
        expected = {f.column_name: f.null for f in model._meta.sorted_fields if not f.primary_key}
        expected["id"] = False
        columns.setdefault("id", False)
        assert columns == expected, model.__name__


def test_a_deleted_records_id_is_never_given_again(db_url, actor):
    from crm_tui.services.customers.accounts import AccountService
    from crm_tui.services.service.cases import CaseService

    accounts = AccountService()
    customer = accounts.create(actor, {"name": "Customer"})
    newest = accounts.create(actor, {"name": "Deleted Ltd"})
    accounts.delete(actor, newest.id)
    after = accounts.create(actor, {"name": "Newcomer Ltd"})
    assert after.id > newest.id
    from crm_tui.models import AuditEntry

    assert not AuditEntry.select().where(AuditEntry.record_type == "account", AuditEntry.record_id == after.id,
                                         AuditEntry.action == "deleted").exists()
    cases = CaseService()
    case = cases.create(actor, {"title": "Card ending 4242", "customer": ("account", customer.id)})
    cases.delete(actor, case.id)
    next_case = cases.create(actor, {"title": "Another customer's case", "customer": ("account", customer.id)})
    assert next_case.id > case.id  # so its number (CAS-0…) is new too


def test_a_migration_counts_past_ids_its_audit_rows_name(tmp_path):
    """An older file: the newest account was deleted (its audit row remains); the next account
    must not take its id."""
    path = tmp_path / "v6.sqlite"
    database.open_database(str(path))
    from crm_tui.models import Account, AuditEntry
    from crm_tui.services.customers.accounts import AccountService
    from crm_tui.services.users import ensure_user

    actor = ensure_user("tester")
    kept = AccountService().create(actor, {"name": "Kept"})
    gone = AccountService().create(actor, {"name": "Gone"})
    AccountService().delete(actor, gone.id)
    db = dbmod.database
    # Make the file as version 6 left it: a plain integer id, no counter.
    for table in ("account",):
        create = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        db.execute_sql("PRAGMA foreign_keys = OFF")
        db.execute_sql(f'ALTER TABLE "{table}" RENAME TO "{table}_v7"')
        db.execute_sql(create.replace(" AUTOINCREMENT", ""))
        db.execute_sql(f'INSERT INTO "{table}" SELECT * FROM "{table}_v7"')
        db.execute_sql(f'DROP TABLE "{table}_v7"')
        db.execute_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    db.execute_sql("UPDATE crm_schema_version SET version = 6")
    database.close()
    try:
        report = database.open_database(str(path))
        assert report.applied[0] == "7: ids are never reused"
        assert "AUTOINCREMENT" in dbmod.database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'account'").fetchone()[0]
        assert AccountService().create(actor, {"name": "New"}).id > gone.id
        assert AuditEntry.select().where(AuditEntry.record_id == gone.id, AuditEntry.action == "deleted").exists()
        assert Account.get_by_id(kept.id).name == "Kept"
    finally:
        database.close()


def test_rebuilding_tables_keeps_the_planners_statistics(tmp_path):
    path = tmp_path / "v6.sqlite"
    database.open_database(str(path))
    from crm_tui.services.customers.accounts import AccountService
    from crm_tui.services.users import ensure_user

    actor = ensure_user("tester")
    for n in range(20):
        AccountService().create(actor, {"name": f"Account {n}", "city": "Oslo" if n % 2 else "Bergen"})
    db = dbmod.database
    db.execute_sql("ANALYZE")
    before = sorted(db.execute_sql("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'account'").fetchall())
    assert before
    from crm_tui.models.migrations import m0007_ids_never_reused

    create = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'account'").fetchone()[0]
    db.execute_sql("PRAGMA foreign_keys = OFF")
    db.execute_sql('ALTER TABLE "account" RENAME TO "account_v7"')
    db.execute_sql(create.replace(" AUTOINCREMENT", ""))
    db.execute_sql('INSERT INTO "account" SELECT * FROM "account_v7"')
    indexes = [r[0] for r in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'account_v7' AND sql IS NOT NULL")]
    db.execute_sql('DROP TABLE "account_v7"')
    for statement in indexes:
        db.execute_sql(statement.replace('"account_v7"', '"account"'))
    db.execute_sql("DELETE FROM sqlite_stat1 WHERE tbl = 'account'")  # as version 6 held them: once each
    db.execute_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES " + ", ".join(["(?, ?, ?)"] * len(before)),
                   [v for row in before for v in row])
    assert "AUTOINCREMENT" not in db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'account'").fetchone()[0]
    with db.atomic():
        m0007_ids_never_reused.up(db.obj)
    assert "AUTOINCREMENT" in db.execute_sql("SELECT sql FROM sqlite_master WHERE name = 'account'").fetchone()[0]
    after = sorted(db.execute_sql("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'account'").fetchall())
    database.close()
    assert after == before


def test_migration_8_moves_entries_to_their_own_dates(tmp_path):
    """A file from before: every entry sat at the time it was logged."""
    path = tmp_path / "v7.sqlite"
    database.open_database(str(path))
    from crm_tui.models import Activity
    from crm_tui.services import activities
    from crm_tui.services.customers.accounts import AccountService
    from crm_tui.services.users import ensure_user

    actor = ensure_user("tester")
    acme = AccountService().create(actor, {"name": "Acme"})
    meeting = activities.log(actor, "appointment", ("account", acme.id), "Review", start_at="2030-06-08 10:00")
    note = activities.log(actor, "note", ("account", acme.id), "Notes")
    logged = dt.datetime(2026, 1, 5, 9, 0)
    Activity.update(timeline_at=logged).execute()
    dbmod.database.execute_sql("UPDATE crm_schema_version SET version = 7")
    database.close()
    try:
        assert database.open_database(str(path)).applied[0] == "8: timeline entries at their own dates"
        assert Activity.get_by_id(meeting.id).timeline_at == meeting.start_at
        assert Activity.get_by_id(note.id).timeline_at == logged
    finally:
        database.close()



def test_a_migration_gives_its_new_indexes_statistics_where_the_others_have_some(tmp_path):
    """An index without statistics beside indexes with some turned SQLite's planner around."""
    from peewee import SqliteDatabase as Plain

    from crm_tui.models import schema

    path = tmp_path / "crm.sqlite"
    database.open_database(str(path))
    from crm_tui.services.customers.accounts import accounts
    from crm_tui.services.sales.opportunities import opportunities
    from crm_tui.services.users import ensure_user

    me = ensure_user("tester")
    acme = accounts.create(me, {"name": "Acme"})
    opportunities.create(me, {"topic": "Chairs", "customer": ("account", acme.id)})
    database.close()
    raw = Plain(str(path))
    raw.execute_sql("ANALYZE")
    raw.execute_sql("DROP INDEX opportunity_owner_id_state_estimated_close")  # as before migration 14
    raw.execute_sql("UPDATE crm_schema_version SET version = 13")
    raw.close()
    report = database.open_database(str(path))
    try:
        assert "14: reminders on activities" in report.applied
        from crm_tui.models import database as bound

        stats = {row[0] for row in bound.execute_sql("SELECT idx FROM sqlite_stat1").fetchall()}
        assert "opportunity_owner_id_state_estimated_close" in stats
        assert schema.LATEST_VERSION == report.to_version
    finally:
        database.close()
