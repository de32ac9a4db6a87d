"""Noticing a colleague's change: another process's write is seen by the next look, a look with
nothing written sees nothing; on both databases."""

from __future__ import annotations

import subprocess
import sys

from crm_tui.services import live
from crm_tui.services.customers.accounts import accounts
from tests.run_cli import ROOT


def test_another_process_writing_is_noticed_and_quiet_is_quiet(db_url, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    watch = live.watch()
    assert watch is not None
    try:
        assert not watch.changed()
        script = ("import sys\nfrom crm_tui.services import database, users\nfrom crm_tui.services.customers.accounts "
                  "import accounts\ndatabase.open_database(sys.argv[1])\nme = users.ensure_user('colleague')\n"
                  "a = accounts.get(int(sys.argv[2]))\naccounts.update(me, a.id, {'city': 'Oslo'}, a.version)\n")
        done = subprocess.run([sys.executable, "-c", script, db_url, str(acme.id)], cwd=ROOT, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        import time

        deadline = time.monotonic() + 3
        while not watch.changed():
            assert time.monotonic() < deadline, "the change was not noticed"
            time.sleep(0.05)
        assert not watch.changed()  # seen once
    finally:
        watch.close()
