"""Side rows held for a batch of writes: inserted at its end, undone with a refused write, and
only ever the batch's own thread's (the app's other workers write theirs at once)."""

from __future__ import annotations

import threading

from crm_tui.models import AuditEntry
from crm_tui.services import audit, database, write_batch


def _audited(record_id: int) -> int:
    return AuditEntry.select().where(AuditEntry.record_id == record_id).count()


def test_a_batch_holds_its_own_threads_rows_until_it_ends(db_url, actor):
    seen = {}

    def another_worker():
        with database.connection():
            audit.record(actor, "account", 999, "updated", {"city": ("Oslo", "Rome")})
            seen["at_once"] = _audited(999)

    with write_batch.collected():
        audit.record(actor, "account", 998, "updated", {"city": ("Oslo", "Rome")})
        worker = threading.Thread(target=another_worker)
        worker.start()
        worker.join()
        assert _audited(998) == 0  # held for the batch's end
    assert seen["at_once"] == 1 and _audited(998) == 1


def test_a_rewound_write_leaves_nothing_and_a_failed_batch_inserts_nothing(db_url, actor):
    with write_batch.collected():
        audit.record(actor, "account", 997, "updated", {"city": ("Oslo", "Rome")})
        mark = write_batch.mark()
        audit.record(actor, "account", 996, "updated", {"city": ("Oslo", "Rome")})
        write_batch.rewind(mark)  # that write was refused
    assert (_audited(997), _audited(996)) == (1, 0)
    try:
        with write_batch.collected():
            audit.record(actor, "account", 995, "updated", {"city": ("Oslo", "Rome")})
            raise RuntimeError("the batch failed")
    except RuntimeError:
        pass
    assert _audited(995) == 0
    audit.record(actor, "account", 994, "created")  # no batch: at once, as ever
    assert _audited(994) == 1
