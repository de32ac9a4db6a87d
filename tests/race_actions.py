"""Actions run in separate processes at the same moment (tests/test_races.py): each a session of
its own, started together; a refusal is an answer, a fault of the database is not."""

from __future__ import annotations

import multiprocessing

from crm_tui.services.errors import ServiceError


def _session(url: str, user_id: int):
    from crm_tui.services import database
    from crm_tui.services.users import get_user

    database.attach(url)
    return get_user(user_id)


def merge_each(url: str, user_id: int, pairs: list[tuple[int, int]], start) -> list[str]:
    """Merge each pair's first case into its second; what each merge answered."""
    from crm_tui.services.service.cases import cases

    actor = _session(url, user_id)
    start.wait(30)
    return [_outcome(lambda: cases.merge(actor, source, target)) for source, target in pairs]


def resolve_each(url: str, user_id: int, case_ids: list[int], start) -> list[str]:
    from crm_tui.services.service.cases import cases

    actor = _session(url, user_id)
    start.wait(30)
    return [_outcome(lambda: cases.resolve(actor, case_id, "Problem Solved", "Fixed")) for case_id in case_ids]


def open_cases(url: str, user_id: int, account_id: int, entitlement_id: int, count: int, start) -> list[str]:
    from crm_tui.services.service.cases import cases

    actor = _session(url, user_id)
    start.wait(30)
    return [_outcome(lambda n=n: cases.create(actor, {"title": f"Race {n}", "customer": ("account", account_id),
                                                      "entitlement": entitlement_id}))
            for n in range(count)]


def _outcome(action) -> str:
    try:
        action()
        return "done"
    except ServiceError as refused:
        return f"refused: {refused}"


def at_once(jobs: list[tuple]) -> list[list[str]]:
    """Run every (function, args...) in its own process, all starting together."""
    import time

    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Event()
        with context.Pool(len(jobs)) as pool:
            pending = [pool.apply_async(fn, (*args, start)) for fn, *args in jobs]
            time.sleep(0.5)
            start.set()
            return [p.get(timeout=300) for p in pending]


def qualify_each(url: str, user_id: int, lead_ids: list[int], start) -> list[str]:
    from crm_tui.services.sales import qualify

    actor = _session(url, user_id)
    start.wait(30)
    return [_outcome(lambda lead_id=lead_id: qualify.qualify(actor, lead_id)) for lead_id in lead_ids]
