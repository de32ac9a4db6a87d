"""The app's commands through pgbouncer in transaction mode (each statement may meet another server
connection): the app sees a pooler in between (its server answers on another port) and prepares
no statement on the server, so they work. Run where pgbouncer is
installed; elsewhere the test says so."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import _fresh_postgres
from tests.run_cli import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.postgres
def test_the_commands_work_behind_pgbouncer_in_transaction_mode(postgres_server):
    binary = shutil.which("pgbouncer")
    if binary is None:
        pytest.skip("pgbouncer is not installed on this machine (apt install pgbouncer): the transaction-mode "
                    "test runs where it is")
    _fresh_postgres(postgres_server)
    # the server's own folder: pgbouncer runs as the server's user, who cannot enter pytest's (0700)
    tmp_path = Path(tempfile.mkdtemp(prefix="pgbouncer-", dir=postgres_server.dir))
    port, user = _free_port(), postgres_server.superuser
    (tmp_path / "users.txt").write_text(f'"{user}" ""\n')
    (tmp_path / "pgbouncer.ini").write_text(
        f"[databases]\ncrm = host=127.0.0.1 port={postgres_server.port} dbname=postgres user={user}\n"
        f"[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\nauth_type = trust\n"
        f"auth_file = {tmp_path / 'users.txt'}\npool_mode = transaction\ndefault_pool_size = 2\n"
        f"max_client_conn = 50\nlogfile = {tmp_path / 'pgbouncer.log'}\n")
    if postgres_server.user:  # pgbouncer, like PostgreSQL, will not run as root
        shutil.chown(tmp_path, postgres_server.user)
        for name in ("users.txt", "pgbouncer.ini"):
            shutil.chown(tmp_path / name, postgres_server.user)
        command = ["runuser", "-u", postgres_server.user, "--", binary, str(tmp_path / "pgbouncer.ini")]
    else:
        command = [binary, str(tmp_path / "pgbouncer.ini")]
    bouncer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert bouncer.poll() is None, bouncer.stdout.read().decode()
                assert time.monotonic() < deadline, "pgbouncer did not start"
                time.sleep(0.1)
        url = f"postgresql://{user}@127.0.0.1:{port}/crm"
        assert cli("account", "create", "--db", url, "--set", "name=Through the pooler").returncode == 0
        for n in range(5):  # the same statements again and again: a prepared one would fail on another backend
            assert cli("account", "update", "1", "--db", url, "--set", f"city=City {n}").returncode == 0
        shown = json.loads(cli("account", "show", "1", "-f", "json", "--db", url).stdout)
        assert (shown["name"], shown["city"]) == ("Through the pooler", "City 4")
        assert cli("queue", "create", "Desk", "--db", url).returncode == 0
        _nothing_is_prepared_through(url)
        _a_change_is_noticed_through(url)
    finally:
        bouncer.terminate()
        bouncer.wait(timeout=10)


def _nothing_is_prepared_through(url: str) -> None:
    from crm_tui.models import db as dbmod
    from crm_tui.services import database, global_search

    database.open_database(url)
    try:
        assert dbmod.database.connection().prepare_threshold is None
        for _ in range(dbmod.PREPARE_AFTER * 3):  # prepared, one would fail on another backend
            assert [h.title for h in global_search.find("through").hits] == ["Through the pooler"]
    finally:
        database.close()


def _a_change_is_noticed_through(url: str) -> None:
    """Live updates through the pooler: its LISTEN stays on a server connection the session no
    longer holds, so the counter the triggers move is what tells."""
    from crm_tui.services import database, live

    database.open_database(url)
    watch = live.watch()
    try:
        assert watch is not None and not watch.changed()
        for n in range(3):  # each time, whichever server connection the pooler lends
            assert cli("account", "update", "1", "--db", url, "--set", f"phone=+47 {n}").returncode == 0
            deadline = time.monotonic() + 3
            while not watch.changed():
                assert time.monotonic() < deadline, "a change through the pooler was not noticed"
                time.sleep(0.05)
    finally:
        if watch is not None:
            watch.close()
        database.close()
