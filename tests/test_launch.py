"""`crm-tui` as a person starts it: in a terminal, first screen from the database, keys at once.

The first list is read by a background process while the screens import, and the database
layer is imported after the first frame; these run the real command in a pseudo-terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from crm_tui.models import db as dbmod
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from tests.terminal import COMMAND, Terminal, environment


def test_the_first_screen_comes_from_the_database_and_keys_work_at_once(db_url, actor, tmp_path):
    acme = accounts.create(actor, {"name": "Acme Rockets", "city": "Lyon"})
    accounts.create(actor, {"name": "Borealis Freight", "city": "Oslo"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    dbmod.database.close()
    terminal = Terminal([*COMMAND, "--db", db_url, "--user", "tester"], environment(tmp_path))
    try:
        terminal.wait_for(r"Active Accounts · 2")
        terminal.wait_for(r"Acme Rockets[\s\S]*Borealis Freight")  # its rows, in order
        # Straight away, before the app may have finished connecting: the contact list needs the database.
        terminal.press("2")
        terminal.wait_for(r"Active Contacts · 1")
        terminal.wait_for(r"Ann Lee")
        terminal.press("n")  # a new contact: the form reads the user and the defaults from the database
        terminal.wait_for(r"Contact · New contact")
        terminal.press("\x1b")
        terminal.wait_for(r"Active Contacts")
        terminal.press("q")
        assert terminal.exit_code() == 0
    finally:
        terminal.close()


def test_a_database_too_new_is_refused_in_one_line_before_the_screen_starts(tmp_path):
    path = tmp_path / "future.sqlite"
    from crm_tui.services import database

    database.open_database(str(path))
    dbmod.database.execute_sql("UPDATE crm_schema_version SET version = 999")
    database.close()
    result = subprocess.run([*COMMAND, "--db", str(path)], capture_output=True, text=True, timeout=60,
                            env={**os.environ, **environment(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.startswith("crm-tui: This database is at schema version 999")
    assert "Traceback" not in result.stderr


def test_a_blank_user_name_is_refused_in_one_line(tmp_path):
    result = subprocess.run([*COMMAND, "--db", str(tmp_path / "crm.sqlite"), "--user", "  "], capture_output=True,
                            text=True, timeout=60, env={**os.environ, **environment(tmp_path)})
    assert (result.returncode, result.stderr.strip()) == (2, "crm-tui: username: Required")


def test_the_screens_import_without_the_database_layer():
    """What lets the first frame come sooner: the database layer loads after it (crm_tui.startup.launch)."""
    code = ("import sys; import crm_tui.startup.launch, crm_tui.ui.app; "
            "print(sorted(m for m in sys.modules if m == 'peewee' or m.startswith('crm_tui.models')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_the_app_ends_when_its_terminal_goes_away_even_if_no_hang_up_signal_reaches_it(db_url, actor, tmp_path):
    accounts.create(actor, {"name": "Acme Rockets"})
    dbmod.database.close()
    like_nohup = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
                  "os.execvp(sys.argv[1], sys.argv[1:])"]
    terminal = Terminal([*like_nohup, *COMMAND, "--db", db_url, "--user", "tester"], environment(tmp_path))
    try:
        terminal.wait_for(r"Active Accounts · 1")
        os.close(terminal.fd)  # the terminal window closed
        terminal.running = False
        end = time.monotonic() + 10
        while time.monotonic() < end:
            pid, _status = os.waitpid(terminal.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.1)
        else:
            os.kill(terminal.pid, 9)
            os.waitpid(terminal.pid, 0)
            raise AssertionError("the app kept running without its terminal")
    finally:
        if terminal.running:
            terminal.close()


def test_launching_never_reads_the_commands_library():
    """Click reads the commands (crm_tui.twin); opening the app pays nothing for it."""
    code = ("import sys; import crm_tui.cli, crm_tui.startup.launch, crm_tui.ui.app; "
            "print(sorted(m for m in sys.modules if m == 'click' or m.startswith('crm_tui.twin')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_a_command_on_a_sqlite_file_never_loads_the_postgresql_driver(tmp_path):
    """Peewee imports psycopg if it can, some 80 ms of every command's start: a SQLite run hides it
    before the commands (and with them the database layer) are read."""
    from tests.run_cli import ROOT

    probe = ("import sys\nfrom crm_tui.cli import main\n"
             "status = main(['account', 'list', '-q', '--db', sys.argv[1]])\n"
             "print(status, sys.modules.get('psycopg') is None, 'peewee' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "crm.sqlite")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True", "True"]
