"""--db names a database, or a place for a new one; anything else is refused in a sentence and
left exactly as it was. Run as the command a person types."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from crm_tui.services import database
from crm_tui.services.customers.accounts import AccountService
from crm_tui.services.errors import DatabaseTrouble
from crm_tui.services.users import ensure_user

COMMAND = [sys.executable, "-m", "crm_tui"]


def _migrate(path) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, "--db", str(path), "migrate"], capture_output=True, text=True, timeout=60)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _refused(result: subprocess.CompletedProcess, words: str, status: int = 1) -> None:
    """A command's error is status 1 (2 is a usage error); the app's refusal to open is 2, as ever."""
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert words in result.stderr


def test_a_folder_is_refused_and_keeps_its_mode(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    _refused(_migrate(folder), "is a folder")
    assert _mode(folder) == 0o755 and list(folder.iterdir()) == []


def test_a_text_file_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    notes.chmod(0o644)
    _refused(_migrate(notes), "is not a SQLite database")
    assert _mode(notes) == 0o644 and notes.read_text() == "shopping list\n"
    assert not (tmp_path / "notes.txt-wal").exists()


def test_a_truncated_database_is_refused(tmp_path):
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite for")
    _refused(_migrate(broken), "is not a SQLite database")


def test_a_device_is_refused_and_keeps_its_mode():
    before = _mode(os.devnull)
    _refused(_migrate(os.devnull), "not a regular file")
    assert _mode(os.devnull) == before


def test_a_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "plain").write_text("")
    _refused(_migrate(tmp_path / "plain" / "crm.sqlite"), "is not a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any folder")
def test_a_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o555)
    _refused(_migrate(folder / "crm.sqlite"), "may not create one")


def test_a_new_file_is_private_but_an_existing_ones_mode_is_kept(tmp_path):
    new = tmp_path / "new.sqlite"
    assert _migrate(new).returncode == 0
    assert _mode(new) == 0o600
    new.chmod(0o640)  # its owner shares it with a group, on purpose
    assert _migrate(new).returncode == 0
    assert _mode(new) == 0o640


def test_a_read_only_database_is_browsed_and_a_save_is_refused_in_words(tmp_path):
    path = tmp_path / "shared.sqlite"
    database.open_database(str(path))
    actor = ensure_user("owner")
    kept = AccountService().create(actor, {"name": "Readable AG"})
    database.close()
    path.chmod(0o444)  # read-only for everyone (root too: crm-tui does not write it)
    size, modified = path.stat().st_size, path.stat().st_mtime_ns
    try:
        database.open_database(str(path))
        assert database.is_read_only()
        assert AccountService().get(kept.id).name == "Readable AG"
        visitor = ensure_user("visitor")  # not in the file, and not written to it
        with pytest.raises(DatabaseTrouble, match="read-only"):
            with database.connection():
                AccountService().update(visitor, kept.id, {"city": "Oslo"}, kept.version)
    finally:
        database.close()
    assert _mode(path) == 0o444
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (size, modified)
    result = _migrate(path)
    assert result.returncode == 0 and "up to date" in result.stdout


def test_db_given_before_the_command_is_the_one_it_works_on(tmp_path):
    before, after = tmp_path / "before.sqlite", tmp_path / "after.sqlite"
    assert str(before) in _migrate(before).stdout
    result = subprocess.run([*COMMAND, "migrate", "--db", str(after)], capture_output=True, text=True, timeout=60)
    assert str(after) in result.stdout and before.exists() and after.exists()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_server_that_is_not_there_is_a_sentence_for_the_app_and_every_command(tmp_path):
    url = f"postgresql://someone:secret@127.0.0.1:{_free_port()}/crm"
    for args in ([], ["migrate"], ["demo"]):
        result = subprocess.run([*COMMAND, "--db", url, *args], capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
        _refused(result, "the database server cannot be reached", 1 if args else 2)
        assert "secret" not in result.stderr


def test_a_first_start_while_another_session_holds_the_lock_past_the_wait_is_a_sentence(tmp_path):
    import sqlite3

    path = tmp_path / "busy.sqlite"
    assert _migrate(path).returncode == 0
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # even readers wait (another program's long write)
    try:
        result = subprocess.run([*COMMAND, "--db", str(path), "--user", "newcomer"], capture_output=True,
                                text=True, timeout=60, stdin=subprocess.DEVNULL)
    finally:
        other.execute("ROLLBACK")
        other.close()
    _refused(result, "kept the database busy", 2)


def test_a_read_only_database_says_so_on_screen(tmp_path):
    from tests.terminal import Terminal, environment

    path = tmp_path / "shared.sqlite"
    database.open_database(str(path))
    AccountService().create(ensure_user("owner"), {"name": "Readable AG"})
    database.close()
    path.chmod(0o444)
    terminal = Terminal([*COMMAND, "--db", str(path), "--user", "visitor"], environment(tmp_path))
    try:
        terminal.wait_for(r"Active Accounts · 1 · read-only database")
        terminal.wait_for(r"Readable AG")
    finally:
        terminal.close()
    assert _mode(path) == 0o444
