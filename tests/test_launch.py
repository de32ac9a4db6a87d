"""`crm-tui` as a person starts it: in a terminal, first screen from the database, keys at once.

The first list is read by a background process while the screens import, and the database
layer is imported after the first frame; these run the real command in a pseudo-terminal.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

from crm_tui.models import db as dbmod
from crm_tui.services.accounts import accounts
from crm_tui.services.bench import ANSI
from crm_tui.services.contacts import contacts

COMMAND = [sys.executable, "-m", "crm_tui"]


class Terminal:
    """A program in a pseudo-terminal: read its screen (escape codes dropped), press keys."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env)
            os.execvp(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 110, 0, 0))
        self.seen = ""
        self.raw = b""  # everything drawn since the last key pressed
        self.running = True

    def wait_for(self, pattern: str, timeout: float = 30.0) -> re.Match:
        """Wait until what was drawn since the last key pressed shows pattern (a frame's parts can
        come in any number of reads, and the title and the rows in separate frames)."""
        wanted = re.compile(pattern)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.seen = ANSI.sub(b"", self.raw).decode("utf-8", "replace")
            if found := wanted.search(self.seen):
                return found
            if select.select([self.fd], [], [], 0.05)[0]:
                try:
                    self.raw += os.read(self.fd, 65536)
                except OSError:
                    break
        raise AssertionError(f"never showed {pattern!r}; last seen: {self.seen[-600:]!r}")

    def press(self, keys: str) -> None:
        self.raw = b""
        os.write(self.fd, keys.encode())

    def exit_code(self, timeout: float = 15.0) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                select.select([self.fd], [], [], 0.05)[0] and os.read(self.fd, 65536)  # keep the pipe flowing
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.running = False
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        raise AssertionError("the program did not exit")

    def close(self) -> None:
        if self.running:
            self.running = False
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
            os.close(self.fd)


def _environment(tmp_path) -> dict[str, str]:
    return {"TERM": "xterm-256color", "CRM_TUI_SETTINGS": str(tmp_path / "settings.toml"), "HOME": str(tmp_path)}


def test_the_first_screen_comes_from_the_database_and_keys_work_at_once(db_url, actor, tmp_path):
    acme = accounts.create(actor, {"name": "Acme Rockets", "city": "Lyon"})
    accounts.create(actor, {"name": "Borealis Freight", "city": "Oslo"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    dbmod.database.close()
    terminal = Terminal([*COMMAND, "--db", db_url, "--user", "tester"], _environment(tmp_path))
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
                            env={**os.environ, **_environment(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.startswith("crm-tui: This database is at schema version 999")
    assert "Traceback" not in result.stderr


def test_a_blank_user_name_is_refused_in_one_line(tmp_path):
    result = subprocess.run([*COMMAND, "--db", str(tmp_path / "crm.sqlite"), "--user", "  "], capture_output=True,
                            text=True, timeout=60, env={**os.environ, **_environment(tmp_path)})
    assert (result.returncode, result.stderr.strip()) == (2, "crm-tui: username: Required")


def test_the_screens_import_without_the_database_layer():
    """What lets the first frame come sooner: the database layer loads after it (crm_tui.launch)."""
    code = ("import sys; import crm_tui.launch, crm_tui.ui.app; "
            "print(sorted(m for m in sys.modules if m == 'peewee' or m.startswith('crm_tui.models')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_the_app_ends_when_its_terminal_goes_away_even_if_no_hang_up_signal_reaches_it(db_url, actor, tmp_path):
    accounts.create(actor, {"name": "Acme Rockets"})
    dbmod.database.close()
    like_nohup = [sys.executable, "-c", "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
                  "os.execvp(sys.argv[1], sys.argv[1:])"]
    terminal = Terminal([*like_nohup, *COMMAND, "--db", db_url, "--user", "tester"], _environment(tmp_path))
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
