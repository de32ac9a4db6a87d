"""A team on one database at once: several processes pick the same queue's items and edit the same
records over and over. Counted at the end: every pick landed once (no double pick), and every
edit a process was told had saved is in the database (no lost update); on both databases."""

from __future__ import annotations

import json
import subprocess
import sys

from crm_tui.models import Account
from crm_tui.models.queue import QueueItem
from crm_tui.services import queues
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.service.cases import cases
from tests.run_cli import ROOT

WORKER = """
import json, sys
from crm_tui.services import database, queues, users
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import ConflictError
database.open_database(sys.argv[1])
me = users.ensure_user(sys.argv[2])
ids = [int(i) for i in sys.argv[3].split(",")]
picked, saved, conflicts = [], {i: 0 for i in ids}, 0
for round in range(int(sys.argv[4])):
    item = queues.next_item(me, "Soak")
    if item is not None:
        picked.append(item.id)
    for rid in ids:
        while True:  # read, add one, save with the version read; a colleague first: read again
            record = accounts.get(rid)
            try:
                accounts.update(me, rid, {"employees": (record.employees or 0) + 1}, record.version)
                saved[rid] += 1
                break
            except ConflictError:
                conflicts += 1
print(json.dumps({"picked": picked, "saved": saved, "conflicts": conflicts}))
"""


def test_pickers_and_editors_at_once_lose_nothing_and_pick_nothing_twice(db_url, actor):
    shared = [accounts.create(actor, {"name": f"Shared {n}", "employees": 0}) for n in range(2)]
    queues.create_queue("Soak")
    owner = accounts.create(actor, {"name": "Customer"})
    for n in range(24):
        case = cases.create(actor, {"title": f"Case {n}", "customer": ("account", owner.id)})
        queues.route(actor, "case", case.id, "Soak")
    ids = ",".join(str(a.id) for a in shared)
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, db_url, f"worker-{n}", ids, "10"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in range(4)]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
        results.append(json.loads(out))
    picks = [item for result in results for item in result["picked"]]
    assert len(picks) == len(set(picks)) == 24  # every item once: no double pick, none left
    assert QueueItem.select().where(QueueItem.worked_by.is_null()).count() == 0
    for account in shared:
        told_saved = sum(result["saved"][str(account.id)] for result in results)
        assert told_saved == 40 and Account.get_by_id(account.id).employees == told_saved  # no lost update
