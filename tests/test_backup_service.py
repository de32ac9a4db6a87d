"""Backup and restore: every table out to one file and back, on both databases, and between them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from crm_tui.models.duplicate_rule import DuplicateRule
from crm_tui.models import Account, AuditEntry, Contact, SavedView, User
from crm_tui.models import db as dbmod
from crm_tui.services import backup, database
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.users import ensure_user
from crm_tui.tools import demo
from tests.run_cli import cli

ROOT = Path(__file__).resolve().parents[1]


def _other_database(db_url: str, tmp_path: Path, name: str = "restored") -> str:
    """An empty database of the same kind as db_url's."""
    if not db_url.startswith("postgresql"):
        return str(tmp_path / f"{name}.sqlite")
    server = dbmod.make_database(db_url)
    server.execute_sql(f"DROP DATABASE IF EXISTS {name}")
    server.execute_sql(f"CREATE DATABASE {name}")
    server.close()
    return db_url.rsplit("/", 1)[0] + f"/{name}"


def _contents(path: Path) -> dict[str, bytes]:
    """What a backup holds, less the moment it was written."""
    with zipfile.ZipFile(path) as archive:
        found = {name: archive.read(name) for name in archive.namelist() if name.startswith("tables/")}
        manifest = json.loads(archive.read(backup.MANIFEST))
    manifest.pop("written_at")
    found["manifest"] = json.dumps(manifest, sort_keys=True).encode()
    return found


def _fill(actor) -> int:
    """The small demo set, a saved view, and a deleted account (its id must never come back)."""
    demo.build("small", owner_id=actor.id)
    SavedView.create(owner=actor.id, record_type="account", name="Oslo", sort_name="oslo",
                     definition='{"columns": ["name"]}')
    gone = accounts.create(actor, {"name": "Deleted Ltd"})
    accounts.delete(actor, gone.id)
    return gone.id


def test_a_restore_backed_up_again_gives_the_same_backup(db_url, actor, tmp_path):
    gone = _fill(actor)
    first = tmp_path / "first.zip"
    report = backup.backup(first)
    assert report.rows > 5000 and {t.table for t in report.tables} >= {"user", "audit_entry", "saved_view"}
    assert os.stat(first).st_mode & 0o777 == 0o600  # customers' data: private to its owner
    database.close()

    database.open_database(_other_database(db_url, tmp_path))
    restored = backup.restore(first)
    assert restored.rows == report.rows
    backup.backup(tmp_path / "second.zip")
    assert _contents(first) == _contents(tmp_path / "second.zip")
    assert AuditEntry.select().count() > 0 and User.select().count() >= 2
    # ids go on where the old database left off: the deleted account's id is not given again
    later = accounts.create(ensure_user("tester"), {"name": "After the move"})
    assert later.id > gone


@pytest.mark.postgres
def test_a_sqlite_file_moves_to_a_postgresql_server_whole(tmp_path, postgres_server):
    sqlite_url = str(tmp_path / "team.sqlite")
    database.open_database(sqlite_url)
    try:
        actor = ensure_user("tester", "Test User")
        gone = _fill(actor)
        Account.update(annual_revenue="1234567.89").where(Account.id == 1).execute()
        backup.backup(tmp_path / "team.zip")
        database.close()
        server_url = _other_database(postgres_server.url(), tmp_path, "team")
        database.open_database(server_url)
        backup.restore(tmp_path / "team.zip")
        backup.backup(tmp_path / "again.zip")
        assert _contents(tmp_path / "team.zip") == _contents(tmp_path / "again.zip")
        assert str(Account.get_by_id(1).annual_revenue) == "1234567.89"  # exact, not a float
        assert accounts.create(ensure_user("tester"), {"name": "On the server"}).id > gone
        from crm_tui.services import global_search

        assert [h.title for h in global_search.find("Deleted").hits] == []
        assert global_search.find(Account.get_by_id(1).name.split()[0]).hits  # search works on the server
    finally:
        database.close()


def test_restore_refuses_a_database_that_holds_records_and_changes_nothing(db_url, actor, tmp_path):
    accounts.create(actor, {"name": "Acme"})
    backup.backup(tmp_path / "b.zip")
    with pytest.raises(backup.BackupError, match="not empty .*account"):
        backup.restore(tmp_path / "b.zip")
    assert Account.select().count() == 1


def test_restore_refuses_what_is_not_a_whole_backup_of_this_schema(db_url, actor, tmp_path):
    accounts.create(actor, {"name": "Acme"})
    good = tmp_path / "good.zip"
    backup.backup(good)
    database.close()
    database.open_database(_other_database(db_url, tmp_path))
    (tmp_path / "notes.txt").write_text("not a backup")
    with pytest.raises(backup.BackupError, match="not a crm-tui backup"):
        backup.restore(tmp_path / "notes.txt")
    with pytest.raises(backup.BackupError, match="no such file"):
        backup.restore(tmp_path / "missing.zip")

    def rewritten(name: str, change) -> Path:
        path = tmp_path / name
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as out:
            for item in source.namelist():
                out.writestr(item, change(item, source.read(item)))
        return path

    def manifest_says(**changes):
        def change(item, data):
            if item != backup.MANIFEST:
                return data
            return json.dumps({**json.loads(data), **changes}).encode()
        return change

    older = rewritten("older.zip", manifest_says(schema_version=6))
    with pytest.raises(backup.BackupError, match="schema version 6"):
        backup.restore(older)
    # a row lost on the way (the file cut, or edited): refused, and the database is left empty
    short = rewritten("short.zip", lambda item, data: b"\n".join(data.split(b"\n")[:-2]) + b"\n"
                      if item == "tables/account.jsonl" else data)
    with pytest.raises(backup.BackupError, match="account holds 0 rows, its manifest says 1"):
        backup.restore(short)
    assert User.select().count() == 0 and Account.select().count() == 0
    assert backup.restore(good).rows > 1  # and the whole one still goes in


def test_a_backup_to_a_folder_or_nowhere_is_refused(db_url, actor, tmp_path):
    with pytest.raises(backup.BackupError, match="is a folder"):
        backup.backup(tmp_path)
    with pytest.raises(backup.BackupError, match="does not exist"):
        backup.backup(tmp_path / "no" / "such.zip")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


STOP_MIDWAY = """
import os, sys, time
from crm_tui.services import backup, database
database.open_database(sys.argv[1])
marker = sys.argv[3]

def progress(table, done, total):
    if table == "contact" and not os.path.exists(marker):  # well inside: some tables written already
        open(marker, "w").close()
        time.sleep(600)

getattr(backup, sys.argv[4])(sys.argv[2], progress)
"""


def _killed_midway(tmp_path: Path, url: str, file: Path, what: str) -> None:
    marker = tmp_path / f"{what}.started"
    child = subprocess.Popen([sys.executable, "-c", STOP_MIDWAY, url, str(file), str(marker), what],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, child.stdout.read().decode()
        assert time.monotonic() < deadline, "the child never got half way"
        time.sleep(0.05)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


def test_a_restore_killed_half_way_leaves_the_database_empty(db_url, actor, tmp_path):
    demo.build("small", owner_id=actor.id)
    whole = tmp_path / "whole.zip"
    rows = backup.backup(whole).rows
    database.close()
    target = _other_database(db_url, tmp_path)
    database.open_database(target)
    database.close()
    _killed_midway(tmp_path, target, whole, "restore")
    database.open_database(target)
    assert all(not model.select().exists() for model in backup.tables() if model._meta.table_name not in backup.SEEDED)
    assert DuplicateRule.select().count() == 6  # the shipped rules, as the database was made
    assert backup.restore(whole).rows == rows
    from crm_tui.services import global_search

    assert global_search.find(Account.get_by_id(1).name).hits  # and search reads it


def test_a_backup_killed_half_way_leaves_the_last_good_one_in_place(db_url, actor, tmp_path):
    demo.build("small", owner_id=actor.id)
    nightly = tmp_path / "nightly.zip"
    before = _contents(nightly) if backup.backup(nightly) else None
    accounts.create(actor, {"name": "Added since"})
    _killed_midway(tmp_path, db_url, nightly, "backup")
    assert _contents(nightly) == before  # whole, and as it was
    # what the killed one had written stays beside it, hidden and readable by its owner alone
    left = [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    assert len(left) == 1 and left[0].name.startswith(".nightly.zip.") and left[0].stat().st_mode & 0o777 == 0o600



def test_the_commands_say_what_they_did_and_exit_by_it(tmp_path):
    source, target, file = tmp_path / "a.sqlite", tmp_path / "b.sqlite", tmp_path / "a.zip"
    with_records = cli("demo", "--db", str(source))
    assert with_records.returncode == 0, with_records.stderr
    done = cli("backup", "--db", str(source), str(file))
    assert done.returncode == 0 and done.stdout.startswith("Backed up ") and f"to {file}" in done.stdout
    restored = cli("restore", "--db", str(target), str(file))
    assert restored.returncode == 0 and restored.stdout.startswith("Restored "), restored.stderr
    assert restored.stdout.split()[1] == done.stdout.split()[2]  # the same number of rows
    again = cli("restore", "--db", str(target), str(file))
    assert again.returncode == 1 and again.stdout == ""
    assert again.stderr.startswith("crm-tui: the database is not empty") and again.stderr.endswith("nothing was changed\n")
    (tmp_path / "notes.txt").write_text("hello")
    wrong = cli("restore", "--db", str(tmp_path / "c.sqlite"), str(tmp_path / "notes.txt"))
    assert wrong.returncode == 1 and "is not a crm-tui backup" in wrong.stderr
    assert not (tmp_path / "c.sqlite").exists()  # a wrong file is found out before the database is made


def test_a_backup_from_before_an_added_column_restores_with_it_empty(db_url, actor, tmp_path):
    from crm_tui.services.customers.contacts import contacts

    made = contacts.create(actor, {"last_name": "Lovelace", "email": "ada@x.example"})
    Contact.update(vcard_uid="khard-1").where(Contact.id == made.id).execute()
    good = tmp_path / "good.zip"
    backup.backup(good)

    def as_version_9(item: str, data: bytes) -> bytes:  # what crm-tui at schema 9 wrote: no vcard_uid
        if item == backup.MANIFEST:
            return json.dumps({**json.loads(data), "schema_version": 9}).encode()
        if item != "tables/contact.jsonl":
            return data
        lines = [json.loads(line) for line in data.decode().splitlines()]
        at = lines[0]["columns"].index("vcard_uid")
        header = {"columns": [c for i, c in enumerate(lines[0]["columns"]) if i != at]}
        rows = [[v for i, v in enumerate(cells) if i != at] for cells in lines[1:]]
        return "".join(json.dumps(line) + "\n" for line in [header, *rows]).encode()

    older = tmp_path / "v9.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(older, "w") as out:
        for item in source.namelist():
            out.writestr(item, as_version_9(item, source.read(item)))
    database.close()
    database.open_database(_other_database(db_url, tmp_path))
    backup.restore(older)
    restored = Contact.get_by_id(made.id)
    assert (restored.email, restored.vcard_uid) == ("ada@x.example", None)
