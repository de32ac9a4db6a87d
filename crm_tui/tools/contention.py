"""Many sessions saving the same records at once: the figure behind "a save waits, never fails
for a lock". Each process increments the same few records' employee count through the account
service, as a person editing would (read, change, save with the version read; on a conflict,
read again and redo). Every increment must land exactly once, and none may fail for a lock.

Used by the tests (small) and by `crm-tui bench` (large)."""

from __future__ import annotations

import multiprocessing
import time
from dataclasses import dataclass

from crm_tui.services.errors import ConflictError


@dataclass(frozen=True)
class ContentionReport:
    processes: int
    increments: int  # per process
    expected: int  # what the records' counts should add up to
    counted: int  # what they add up to
    lock_errors: int
    conflicts: int  # refusals that were read again and redone (not failures)
    seconds: float

    @property
    def lost(self) -> int:
        return self.expected - self.counted


def _increment(url: str, user_id: int, record_ids: list[int], increments: int, start: "multiprocessing.Event"):
    from crm_tui.services import database
    from crm_tui.services.customers.accounts import AccountService
    from crm_tui.services.users import get_user

    database.attach(url)
    service = AccountService()
    actor = get_user(user_id)
    lock_errors = conflicts = 0
    start.wait(30)
    for n in range(increments):
        record_id = record_ids[n % len(record_ids)]
        while True:
            record = service.get(record_id)
            try:
                service.update(actor, record_id, {"employees": (record.employees or 0) + 1}, record.version)
                break
            except ConflictError:
                conflicts += 1
            except Exception as error:  # a lock or a dropped connection: counted, and this one is lost
                if "lock" not in str(error).lower():
                    raise
                lock_errors += 1
                break
    database.close()
    return lock_errors, conflicts


def measure(url: str, processes: int = 8, increments: int = 200, records: int = 5) -> ContentionReport:
    """processes x increments saves on `records` accounts made for it (the database must be open,
    on url, in this process)."""
    from crm_tui.models import Account
    from crm_tui.services import database
    from crm_tui.services.customers.accounts import AccountService
    from crm_tui.services.users import ensure_user

    actor = ensure_user("contention", "Contention")
    service = AccountService()
    made = [service.create(actor, {"name": f"Contended {n}", "employees": 0}).id for n in range(records)]
    database.close()
    context = multiprocessing.get_context("spawn")  # a fresh interpreter each, as separate sessions are
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(processes) as pool:
            pending = [pool.apply_async(_increment, (url, actor.id, made, increments, start))
                       for _ in range(processes)]
            time.sleep(0.5)  # let every process get ready, then all begin together
            began = time.perf_counter()
            start.set()
            results = [p.get(timeout=600) for p in pending]
            seconds = time.perf_counter() - began
    counted = sum(a.employees for a in Account.select(Account.employees).where(Account.id.in_(made)))
    for account_id in made:  # leave the database as it was (their audit rows stay, as for any delete)
        service.delete(actor, account_id)
    return ContentionReport(processes, increments, processes * increments, counted,
                            sum(r[0] for r in results), sum(r[1] for r in results), seconds)


def figures(url: str, processes: int = 8, increments: int = 200) -> list:
    """The bench's figures: lost updates and saves failed for a lock (both must be none), and how
    long the sessions took, per save."""
    from crm_tui.tools.bench import Figure

    report = measure(url, processes, increments)
    name = f"{processes} sessions x {increments} saves of the same 5 records"
    per_save = report.seconds * 1000 / (processes * increments)
    return [Figure(f"{name}: updates lost", report.lost, report.lost, 0, 1, unit="saves"),
            Figure(f"{name}: saves failed for a lock", report.lock_errors, report.lock_errors, 0, 1, unit="saves"),
            Figure(f"{name}: wall time per save ({report.conflicts} conflicts redone)", per_save, per_save,
                   float("inf"), 1)]
