"""Measuring the figures the design budgets, through the same services the app calls.

Each figure runs repeatedly; the report gives the median and 95th percentile against
its budget. The data set is whatever the database holds (build it with
`crm-tui demo --size large`); figures whose records are missing are skipped.
"""

from __future__ import annotations

import statistics
import time
from itertools import cycle
from dataclasses import asdict, dataclass
from typing import Callable

from peewee import fn

from crm_tui.models import Activity, User
from crm_tui.services import listing, search
from crm_tui.services.listing import ListQuery, key_of


@dataclass(frozen=True)
class Figure:
    name: str
    median_ms: float
    p95_ms: float
    budget_ms: float  # for the median
    runs: int
    p95_budget_ms: float | None = None  # for the 95th percentile (default: the same)

    @property
    def holds(self) -> bool:
        return self.median_ms <= self.budget_ms and self.p95_ms <= (self.p95_budget_ms or self.budget_ms)

    def as_dict(self) -> dict:
        return {**asdict(self), "holds": self.holds}


def measure(name: str, budget_ms: float, action: Callable[[], object], runs: int = 30,
            clock: Callable[[], float] = time.perf_counter) -> Figure:
    """Time action `runs` times after one warm-up; median and 95th percentile in milliseconds."""
    action()
    samples = []
    for _ in range(runs):
        start = clock()
        action()
        samples.append((clock() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))]
    return Figure(name, statistics.median(samples), p95, budget_ms, runs)


def _busiest_account() -> int | None:
    row = (Activity.select(Activity.rollup_account)
           .where(Activity.rollup_account.is_null(False))
           .group_by(Activity.rollup_account)
           .order_by(fn.COUNT(Activity.id).desc())
           .limit(1).tuples().first())
    return row[0] if row else None


def data_figures(runs: int = 30) -> list[Figure]:
    """List pages, timelines and search, through the listing and search services."""
    figures = []
    accounts = ListQuery("account", state=None)
    total = listing.count(accounts)
    if total:
        for label, offset in (("start", 0), ("middle", total // 2), ("end", max(0, total - 50))):
            anchor = listing.page_at(accounts, max(0, offset - 1), 1)
            after = key_of(anchor[0]) if anchor and offset else None
            figures.append(measure(f"account list page at the {label} ({total:,} rows)", 2.0,
                                   lambda after=after: listing.page(accounts, after=after), runs))
    busiest = _busiest_account()
    if busiest:
        rolled = ListQuery("timeline", regarding=("account", busiest), rollup=True)
        entries = listing.count(rolled)
        figures.append(measure(f"rolled-up timeline, first page ({entries:,} entries)", 5.0,
                               lambda: listing.page(rolled), runs))
        deep = listing.page_at(rolled, max(0, entries - 60), 1)
        if deep:
            figures.append(measure("rolled-up timeline, deepest page (keyset)", 5.0,
                                   lambda: listing.page(rolled, after=key_of(deep[0])), runs))
    if total:
        keystrokes = cycle(("c", "co", "con", "cont", "conto", "m", "ma", "mar", "mari", "maria"))
        figures.append(measure("find as you type over accounts and contacts (a keystroke)", 20.0,
                               lambda: search.find_records(next(keystrokes)), runs))
    owner = User.select(User.id).order_by(User.id).tuples().first()
    if owner:
        mine = ListQuery("my_activities", owner_id=owner[0])
        figures.append(measure("My activities, first page", 5.0, lambda: listing.page(mine), runs))
    return figures


def table(figures: list[Figure]) -> str:
    """The report as a table for people."""
    width = max((len(f.name) for f in figures), default=10)
    lines = [f"{'figure':<{width}}  {'median':>9}  {'p95':>9}  {'budget':>9}  holds"]
    for f in figures:
        lines.append(f"{f.name:<{width}}  {f.median_ms:>7.2f}ms  {f.p95_ms:>7.2f}ms  {f.budget_ms:>7.1f}ms  "
                     f"{'yes' if f.holds else 'NO'}")
    return "\n".join(lines)
