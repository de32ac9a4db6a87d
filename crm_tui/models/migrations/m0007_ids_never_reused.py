"""Ids are never reused: on SQLite every table's id becomes AUTOINCREMENT.

Without it SQLite gives a new row the highest id there is plus one, so deleting the newest case
handed its number to the next customer's case, and with it the deleted case's audit rows and
timeline. SQLite cannot add AUTOINCREMENT to a table, so each is rebuilt (its rows copied with
their ids, its indexes and triggers made again; foreign keys are off meanwhile, see
crm_tui.models.schema). The counter each table starts from is past every id it has ever given
that anything still names: its rows, and the audit rows and activities of deleted records.

PostgreSQL's sequences never give an id twice: nothing to do there.
"""

from peewee import SqliteDatabase

VERSION = 7
TITLE = "ids are never reused"

# A table, and the record types its rows are audited and regarded as.
TABLES = {
    "user": (),
    "account": ("account",),
    "contact": ("contact",),
    "activity": ("activity",),
    "audit_entry": (),
    "lead": ("lead",),
    "opportunity": ("opportunity",),
    "sla": ("sla",),
    "entitlement": ("entitlement",),
    "incident": ("case", "incident"),
    "saved_view": ("saved_view", "view"),
}

_PLAIN_KEY = '"id" INTEGER NOT NULL PRIMARY KEY,'
_COUNTED_KEY = '"id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,'


def up(db):
    if not isinstance(db, SqliteDatabase):
        return
    for table, record_types in TABLES.items():
        _rebuild(db, table)
        _start_counter_past(db, table, record_types)


def _schema_of(db, table: str, kind: str) -> list[str]:
    rows = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL",
                          (kind, table)).fetchall()
    return [row[0] for row in rows]


def _rebuild(db, table: str) -> None:
    (create,) = _schema_of(db, table, "table")
    if _COUNTED_KEY in create:
        return
    if _PLAIN_KEY not in create:
        raise RuntimeError(f"table {table} has no plain integer id to make AUTOINCREMENT: {create[:120]}")
    indexes, triggers = _schema_of(db, table, "index"), _schema_of(db, table, "trigger")
    statistics = _statistics_of(db, table)
    staged = f"{table}__rebuilt"
    head = f'CREATE TABLE "{table}" ('
    if not create.startswith(head):
        raise RuntimeError(f"unexpected definition of table {table}: {create[:120]}")
    db.execute_sql(f'CREATE TABLE "{staged}" (' + create[len(head):].replace(_PLAIN_KEY, _COUNTED_KEY, 1))
    db.execute_sql(f'INSERT INTO "{staged}" SELECT * FROM "{table}"')
    db.execute_sql(f'DROP TABLE "{table}"')  # its indexes and triggers go with it
    db.execute_sql(f'ALTER TABLE "{staged}" RENAME TO "{table}"')
    for statement in indexes + triggers:
        db.execute_sql(statement)
    # The planner's statistics went with the table (DROP TABLE): without them it picked a worse
    # index (the SLA queue's first page went from 1 ms to 21 ms on the large set). Same rows,
    # same index names: they hold as they were.
    for row in statistics:
        db.execute_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)", row)


def _statistics_of(db, table: str) -> list[tuple]:
    if not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        return []
    return db.execute_sql("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = ?", (table,)).fetchall()


def _start_counter_past(db, table: str, record_types: tuple[str, ...]) -> None:
    highest = [db.execute_sql(f'SELECT max(id) FROM "{table}"').fetchone()[0] or 0]
    for record_type in record_types:
        highest.append(db.execute_sql("SELECT max(record_id) FROM audit_entry WHERE record_type = ?",
                                      (record_type,)).fetchone()[0] or 0)
        highest.append(db.execute_sql("SELECT max(regarding_id) FROM activity WHERE regarding_type = ?",
                                      (record_type,)).fetchone()[0] or 0)
    db.execute_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    db.execute_sql("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, max(highest)))
