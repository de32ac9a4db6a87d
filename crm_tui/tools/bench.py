"""Measuring the figures the design budgets, through the same services the app calls.

Each figure runs repeatedly; the report gives the median and 95th percentile against
its budget. The data set is whatever the database holds (build it with
`crm-tui demo --size large`); figures whose records are missing are skipped.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from dataclasses import asdict, dataclass, replace
from itertools import cycle
from contextlib import ExitStack, contextmanager
from typing import Callable, Iterator

from peewee import fn

from crm_tui.core.types.opportunity import STAGES
from crm_tui.models import Activity, User, utcnow
from crm_tui.models.db import PREPARE_AFTER
from crm_tui.services import global_search, listing, search
from crm_tui.core.list_types import timeline_of
from crm_tui.services.listing import ListQuery, key_of
from crm_tui.services.sales import pipeline
from crm_tui.services.service import service_dashboard
from crm_tui.services.view_spec import Condition, ViewSpec

# Machines of one kind differ by 3x, so a figure is judged as a ratio to a floor measured in the
# same run: the plainest thing of its kind this machine can do. A figure's ratio budget is its
# budget in milliseconds over its floor on the machine these were measured on (2 cores, Python
# 3.11, Textual 8.2, 2026-12-01; the medians of that day's runs, where a bare Textual app took
# 184-215 ms to launch, as on the machine the design's budgets were set on).
REFERENCE_FLOORS_MS = {
    "sql_page": 0.040,  # a raw SQL keyset page of 50 accounts, no ORM
    "ui_key": 1.63,  # a key to the next frame in a bare Textual app (one label that changes)
    "terminal_key": 3.10,  # the same through a pseudo-terminal: the key's bytes written to the frame's read
    "launch": 199.0,  # a bare Textual app showing one label, started in a pseudo-terminal
    "process": 12.0,  # a bare Python process: python -c pass
}
FLOOR_NAMES = {"sql_page": "raw SQL keyset page", "ui_key": "bare app key to frame",
               "terminal_key": "bare app key to frame, from outside", "launch": "bare app launch",
               "process": "bare Python process"}


FLOOR_RUNS = 60  # at least: a floor of 1-3 ms over 20 runs moved by a fifth between runs, and every ratio with it


def floor_runs(runs: int) -> int:
    """How many times a floor is measured: it is cheap, and every ratio divides by it."""
    return max(runs, FLOOR_RUNS)


@dataclass(frozen=True)
class Figure:
    name: str
    median_ms: float
    p95_ms: float
    budget_ms: float  # for the median
    runs: int
    p95_budget_ms: float | None = None  # for the 95th percentile (default: the same)
    unit: str = "ms"  # what the three numbers are in: ms, s, MB, or x (a ratio)
    floor: str | None = None  # the floor it is judged against (REFERENCE_FLOORS_MS)
    floor_ms: float | None = None  # that floor, measured in the same run
    is_floor: str | None = None  # this figure is that floor, for the others (judged)

    @property
    def ratio(self) -> tuple[float, float] | None:
        """Median and 95th percentile as multiples of the floor measured in this run."""
        if self.floor is None or not self.floor_ms:
            return None
        return self.median_ms / self.floor_ms, self.p95_ms / self.floor_ms

    @property
    def ratio_budget(self) -> tuple[float, float] | None:
        if self.floor is None:
            return None
        reference = REFERENCE_FLOORS_MS[self.floor]
        return self.budget_ms / reference, (self.p95_budget_ms or self.budget_ms) / reference

    @property
    def holds(self) -> bool:
        ratio, budget = self.ratio, self.ratio_budget
        if ratio is not None and budget is not None:  # judged against this machine's own floor
            return ratio[0] <= budget[0] and ratio[1] <= budget[1]
        return self.median_ms <= self.budget_ms and self.p95_ms <= (self.p95_budget_ms or self.budget_ms)

    def with_floor(self, floors: dict[str, float]) -> "Figure":
        return replace(self, floor_ms=floors.get(self.floor)) if self.floor else self

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio, "ratio_budget": self.ratio_budget, "holds": self.holds}

    @classmethod
    def from_dict(cls, item: dict) -> "Figure":
        return cls(**{k: v for k, v in item.items() if k not in ("holds", "ratio", "ratio_budget")})


def from_samples(name: str, samples_ms: list[float], budget_ms: float, p95_budget_ms: float | None = None,
                 floor: str | None = None, is_floor: str | None = None) -> Figure:
    """Median and 95th percentile (nearest rank) of timings in milliseconds."""
    ordered = sorted(samples_ms) or [float("inf")]  # no sample at all: a miss
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return Figure(name, statistics.median(ordered), p95, budget_ms, len(samples_ms), p95_budget_ms, floor=floor,
                  is_floor=is_floor)


def measure(name: str, budget_ms: float, action: Callable[[], object], runs: int = 30,
            clock: Callable[[], float] = time.perf_counter, floor: str | None = "sql_page",
            is_floor: str | None = None, warm: int = 1) -> Figure:
    """Time action `runs` times after `warm` warm-ups; median and 95th percentile in milliseconds.
    Data figures are judged against the raw SQL keyset page (sql_floor) unless told otherwise."""
    return from_samples(name, timings(action, runs, warm, clock), budget_ms, floor=floor, is_floor=is_floor)


def timings(action: Callable[[], object], runs: int, warm: int = 1,
            clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Milliseconds each of `runs` runs of action took, after `warm` runs untimed."""
    for _ in range(warm):
        action()
    samples = []
    for _ in range(runs):
        start = clock()
        action()
        samples.append((clock() - start) * 1000)
    return samples


def sql_floor(runs: int = 30) -> Figure:
    """The plainest page there is: 50 account keys after a key, in raw SQL through the driver."""
    from crm_tui.models import db as dbmod

    database = dbmod.database.obj
    param = database.param
    middle = database.execute_sql("SELECT sort_name, id FROM account ORDER BY sort_name, id LIMIT 1 OFFSET "
                                  "(SELECT COUNT(*) / 2 FROM account)").fetchone() or ("", 0)
    sql = (f"SELECT id, sort_name, name, city FROM account WHERE (sort_name, id) > ({param}, {param}) "
           "ORDER BY sort_name, id LIMIT 50")
    return measure("floor: a raw SQL keyset page of 50 accounts", float("inf"),
                   lambda: database.execute_sql(sql, middle).fetchall(), runs, floor=None, is_floor="sql_page")


def busiest_account() -> int | None:
    """The account with the most rolled-up timeline entries."""
    row = (Activity.select(Activity.rollup_account)
           .where(Activity.rollup_account.is_null(False))
           .group_by(Activity.rollup_account)
           .order_by(fn.COUNT(Activity.id).desc())
           .limit(1).tuples().first())
    return row[0] if row else None


def data_figures(runs: int = 30) -> list[Figure]:
    """List pages, timelines and search, through the listing and search services."""
    figures = [sql_floor(runs)] + compared_figures(runs)
    figures += sales_figures(runs)
    figures += service_figures(runs)
    figures += saved_view_figures(runs)
    figures += duplicate_figures(runs)
    figures += live_figures(runs)
    owner = User.select(User.id).order_by(User.id).tuples().first()
    if owner:
        mine = ListQuery("my_activities", owner_id=owner[0])
        figures.append(measure("My activities, first page", 5.0, lambda: listing.page(mine), runs))
        from crm_tui.services import my_day

        figures.append(measure("My day, every section read (its first frame's data)", 50.0,
                               lambda: my_day.day(owner[0], utcnow()), runs))
    return figures


# A statement run again and again, as a list's pages and a search's keystrokes are, is prepared on a
# PostgreSQL server after PREPARE_AFTER runs and planned for good after five more; on a connection
# opened afresh an account page took 2.0 ms over its first five runs, 1.4 ms over runs 10-15 and
# 1.1 ms from the 15th on. The figures compared beside another database are taken from there (each
# side's first turn at a figure warms it), as SQLite's are once its statement cache holds them.
STEADY_WARM = 5 * PREPARE_AFTER


Action = tuple[str, float, Callable[[], object]]  # a figure's name, budget (ms) and what it times


def page_and_search_actions() -> list[Action]:
    """What the figures judged beside another database (COMPARED) time on the bound database, but
    the queue's: account list pages, the rolled-up timeline, find as you type, search everywhere."""
    actions: list[Action] = []
    accounts = ListQuery("account", state=None)
    total = listing.count(accounts)
    for label, after in _start_middle_end(accounts, total):
        actions.append((f"account list page at the {label} ({total:,} rows)", 2.0,
                        lambda after=after: listing.page(accounts, after=after)))
    busiest = busiest_account()
    if busiest:
        rolled = timeline_of(("account", busiest), rollup=True)
        entries = listing.count(rolled)
        actions.append((f"rolled-up timeline, first page ({entries:,} entries)", 5.0, lambda: listing.page(rolled)))
        deep = listing.page_at(rolled, max(0, entries - 60), 1)
        if deep:
            actions.append(("rolled-up timeline, deepest page (keyset)", 5.0,
                            lambda: listing.page(rolled, after=key_of(deep[0]))))
    if total:
        typed = cycle(("c", "co", "con", "cont", "conto", "m", "ma", "mar", "mari", "maria"))
        actions.append(("find as you type over accounts and contacts (a keystroke)", 20.0,
                        lambda: search.find_records(next(typed))))
    keystrokes = cycle(("s", "sm", "smi", "smit", "smith", "jo", "joh", "john", "555", "555 8", "cont", "contoso w"))
    actions.append(("search everywhere, a keystroke (5 record types, grouped)", 20.0,
                    lambda: global_search.find(next(keystrokes))))
    return actions


@contextmanager
def queue_actions() -> Iterator[list[Action]]:
    """A queue's pages at its start, middle and end (bench_queue: gone again on leaving)."""
    with bench_queue() as items:
        actions: list[Action] = []
        if items is not None:
            total = listing.count(items)
            for label, after in _start_middle_end(items, total):
                actions.append((f"queue page at the {label} ({total:,} items)", 2.0,
                                lambda after=after: listing.page(items, after=after)))
        yield actions


def _start_middle_end(query: ListQuery, total: int) -> list[tuple[str, tuple | None]]:
    """The keys a page at a list's start, middle and end is read after (None: the first page)."""
    if not total:
        return []
    found = []
    for label, offset in (("start", 0), ("middle", total // 2), ("end", max(0, total - 50))):
        anchor = listing.page_at(query, max(0, offset - 1), 1)
        found.append((label, key_of(anchor[0]) if anchor and offset else None))
    return found


def compared_figures(runs: int = 30) -> list[Figure]:
    """The figures judged beside another database (COMPARED)."""
    def timed(actions: list[Action]) -> list[Figure]:
        return [measure(name, budget, action, runs, warm=STEADY_WARM) for name, budget, action in actions]

    figures = timed(page_and_search_actions())
    with queue_actions() as actions:
        return figures + timed(actions)


BESIDE_ROUNDS = 6  # turns on each database, a figure at a time, in beside_database()
BESIDE_TURN_RUNS = 10  # at least, a figure a turn: search everywhere cycles through 12 keystrokes


def beside_database(urls: tuple[str, str], runs: int = 30, rounds: int = BESIDE_ROUNDS) -> list[Figure]:
    """The compared figures on this database (urls[0]) and another (urls[1]), both open at once: a
    figure at a time, `rounds` turns on each, the order alternating, so both sides of a figure are
    timed seconds apart on a machine whose speed wanders by a third within minutes (a turn of every
    figure on one database, then on the other, read one ratio 1.4x in one run and 2.7x in the
    next). The queue's figures come last, each database's queue made for them (in a transaction,
    which the other figures are not timed in). Each of this database's figures as a multiple of
    the other's."""
    from crm_tui.models import db as dbmod
    from crm_tui.services import database

    samples: tuple[dict[str, list[float]], dict[str, list[float]]] = ({}, {})
    per_turn = max(BESIDE_TURN_RUNS, -(-runs // rounds))
    with ExitStack() as opened:
        bound = []
        for url in urls:
            database.open_database(url)
            bound.append(dbmod.database.obj)
            opened.callback(lambda db=bound[-1]: (dbmod.database.initialize(db), database.close()))

        def on_both(make_actions: Callable[[], list[Action]]) -> None:
            sides = []
            for db in bound:
                dbmod.database.initialize(db)
                sides.append({figure_key(action[0]): action for action in make_actions()})
            _alternate(bound, sides, samples, rounds, per_turn)

        on_both(page_and_search_actions)
        on_both(lambda: opened.enter_context(queue_actions()))
    mine, theirs = ([from_samples(name, taken, float("inf")) for name, taken in side.items()] for side in samples)
    return beside(mine, theirs)


def _alternate(bound: list, sides: list[dict[str, Action]], samples: tuple[dict[str, list[float]], ...],
               rounds: int, per_turn: int) -> None:
    """Each figure both sides have, `rounds` turns on each, the order alternating; the samples kept."""
    from crm_tui.models import db as dbmod

    for key in [key for key in sides[0] if key in sides[1]]:
        for turn in range(rounds):
            for side in ((0, 1) if turn % 2 == 0 else (1, 0)):
                dbmod.database.initialize(bound[side])
                name, _budget, action = sides[side][key]
                # each side's first turn warms it (its connection kept, its statements prepared)
                samples[side].setdefault(name, []).extend(timings(action, per_turn, STEADY_WARM if turn < 2 else 1))


def live_figures(runs: int = 30) -> list[Figure]:
    """A look for a colleague's change, as the app makes one a second: under 10 ms is under 1% of
    a core."""
    from crm_tui.services import live

    watch = live.watch()
    if watch is None:
        return []
    try:
        return [measure("a look for a colleague's change (one a second)", 10.0, watch.changed, runs)]
    finally:
        watch.close()


@contextmanager
def bench_queue(size: int = 100_000) -> Iterator[ListQuery | None]:
    """A queue of up to `size` activities, as a list (None where there are none): made in a
    transaction rolled back on leaving, so the database is left as it was. Open ones first; where
    fewer are open (the large set has some 57,000), closed ones make up the size: a page's cost is
    the queue's index and the join to each item's record, whatever the record's state."""
    from crm_tui.core.types.activity import OPEN_STATES
    from crm_tui.models import db as dbmod
    from crm_tui.models.queue import Queue, QueueItem
    from crm_tui.services.queues import QUEUE_SPAN

    bound = dbmod.database.obj  # its own transaction, whichever database is bound when it ends
    open_ids = [row for row in Activity.select(Activity.id, Activity.kind).where(
        Activity.state.in_(OPEN_STATES)).order_by(Activity.id).limit(size).tuples()]
    if len(open_ids) < size:
        open_ids.extend(list(Activity.select(Activity.id, Activity.kind).where(
            Activity.state.not_in(OPEN_STATES)).order_by(Activity.id).limit(size - len(open_ids)).tuples()))
    if not open_ids:
        yield None
        return
    with bound.atomic() as transaction:
        try:
            queue = Queue.create(name="crm-tui bench queue")
            for start in range(0, len(open_ids), 5000):
                QueueItem.insert_many([{"queue": queue.id, "record_type": kind, "record_id": rid,
                                        "rank": queue.id * QUEUE_SPAN + rid}
                                       for rid, kind in open_ids[start:start + 5000]]).execute()
            # the statistics a queue this size has had for a while (PostgreSQL's autovacuum analyses
            # a table as it grows; the rows made in this transaction would otherwise look like none)
            bound.execute_sql("ANALYZE queue_item")
            yield ListQuery("queue_items", state=None, linked=("queue", queue.id))
        finally:
            transaction.rollback()


def duplicate_figures(runs: int = 30) -> list[Figure]:
    """The duplicate check a save makes: every active rule of the type, each an index lookup, and the
    close names (an index range and a fuzzy score), with the values of a record in the middle of
    the table (so its duplicates, if any, are found)."""
    from crm_tui.services import duplicates
    from crm_tui.services.registry import service

    figures = []
    for rt_key in ("account", "contact"):
        svc = service(rt_key)
        total = svc.model.select().count()
        middle = svc.model.select(svc.model.id).order_by(svc.model.id).offset(total // 2).limit(1).tuples().first()
        if middle:
            values = svc.values(svc.get(middle[0]))
            rules = len(duplicates.rules(rt_key, active_only=True))
            article, plural = "an" if rt_key[0] in "aeiou" else "a", "s" if rules != 1 else ""
            figures.append(measure(f"duplicate check on saving {article} {rt_key} ({rules} rule{plural}, {total:,} rows)",
                                   20.0,
                                   lambda values=values, rt_key=rt_key: duplicates.check(rt_key, values, similar=True),
                                   runs))
    return figures


def sales_figures(runs: int = 30) -> list[Figure]:
    """Lead and opportunity lists (a middle page), a pipeline column, the pipeline's totals."""
    figures = []
    for record_type, label in (("lead", "open leads"), ("opportunity", "open opportunities")):
        query = ListQuery(record_type, state="open")
        total = listing.count(query)
        if total:
            anchor = listing.page_at(query, total // 2, 1)
            after = key_of(anchor[0]) if anchor else None
            figures.append(measure(f"{label}, a page in the middle ({total:,} rows)", 2.0,
                                   lambda query=query, after=after: listing.page(query, after=after), runs))
    column = pipeline.column(STAGES[0])
    if listing.count(column):
        figures.append(measure("pipeline, a stage's first page", 2.0, lambda: listing.page(column), runs))
        figures.append(measure("pipeline totals by stage (counts, sums, weighted)", 50.0,
                               lambda: pipeline.totals(), runs))
    return figures


def service_figures(runs: int = 30) -> list[Figure]:
    """The case lists and queues (a middle page), the SLA queue, a customer's cases, the dashboard."""
    figures = []
    for record_type, state, label in (("case_queue", "active", "active cases by priority"),
                                      ("case", None, "all cases by title"),
                                      ("entitlement", None, "entitlements")):
        query = ListQuery(record_type, state=state)
        total = listing.count(query)
        if total:
            anchor = listing.page_at(query, total // 2, 1)
            after = key_of(anchor[0]) if anchor else None
            figures.append(measure(f"{label}, a page in the middle ({total:,} rows)", 2.0,
                                   lambda query=query, after=after: listing.page(query, after=after), runs))
    at_risk = ListQuery("case_sla", state="active")
    if listing.count(at_risk):
        figures.append(measure("cases nearing or past their SLA, first page", 2.0, lambda: listing.page(at_risk), runs))
    busiest = service_dashboard.busiest_customer()
    if busiest is not None:
        mine = ListQuery("case_recent", state=None, account_id=busiest)
        figures.append(measure("an account's cases, first page", 2.0, lambda: listing.page(mine), runs))
        figures.append(measure("service dashboard (open by priority and status, a year's SLA compliance)", 100.0,
                               lambda: service_dashboard.figures(365), runs))
    return figures


# A personal view as a user would save one: a filter, a sort that is not the list's own, its columns.
BENCH_VIEW = ViewSpec("account", ("name", "city", "annual_revenue", "industry", "owner"), "annual_revenue",
                      descending=True, conditions=(Condition("city", "equals", "Oslo"),))


def saved_view_figures(runs: int = 30) -> list[Figure]:
    """The pages of a saved view with a filter and a sort."""
    figures = []
    view = ListQuery("account", view=BENCH_VIEW)
    total = listing.count(view)
    if total:
        anchor = listing.page_at(view, total // 2, 1)
        after = key_of(anchor[0]) if anchor else None
        figures.append(measure(f"saved view (city = Oslo, by revenue), first page ({total:,} rows)", 5.0,
                               lambda: listing.page(view), runs))
        figures.append(measure("saved view, a page in the middle (keyset)", 5.0,
                               lambda: listing.page(view, after=after), runs))
    return figures


def judged(figures: list[Figure]) -> list[Figure]:
    """Each figure with this run's floor attached (the floors are figures of the run too)."""
    floors = {f.is_floor: f.median_ms for f in figures if f.is_floor and f.median_ms != float("inf")}
    return [f.with_floor(floors) for f in figures]


COMPARED = ("account list page", "find as you type", "search everywhere", "queue page",
            "rolled-up timeline")  # within 2x of the other run
BESIDE_BUDGET = 2.0


def figure_key(name: str) -> str:
    """A figure's name without its counts ("account list page at the start"): the same figure of
    another database or run, whose set may differ in size."""
    return name.split(" (")[0]


def beside(figures: list[Figure], others: list[Figure]) -> list[Figure]:
    """Each list page and search figure as a multiple of the same figure of another run (this
    database beside that one), judged within BESIDE_BUDGET."""
    theirs = {figure_key(f.name): f for f in others}
    found = []
    for mine in figures:
        other = theirs.get(figure_key(mine.name))
        if other is None or not mine.name.startswith(COMPARED) or not other.median_ms or other.median_ms == float("inf"):
            continue
        found.append(Figure(f"{mine.name}: × the other database's", mine.median_ms / other.median_ms,
                            mine.p95_ms / other.p95_ms if other.p95_ms else float("inf"), BESIDE_BUDGET, mine.runs,
                            unit="x"))
    return found


def _number(value: float, unit: str) -> str:
    return "—" if value in (float("inf"), float("-inf")) else f"{value:.2f} {unit}"


def _times(pair: tuple[float, float] | None) -> str:
    if pair is None:
        return ""
    return "—" if float("inf") in pair else f"{pair[0]:.1f} / {pair[1]:.1f}"


def table(figures: list[Figure]) -> str:
    """The report as a table for people: each figure in its units and as a multiple of its floor."""
    width = max((len(f.name) for f in figures), default=10)
    lines = [f"{'figure':<{width}}  {'median':>10}  {'p95':>10}  {'budget':>10}  {'x floor':>13}  "
             f"{'x budget':>13}  holds"]
    for f in figures:
        lines.append(f"{f.name:<{width}}  {_number(f.median_ms, f.unit):>10}  {_number(f.p95_ms, f.unit):>10}  "
                     f"{_number(f.budget_ms, f.unit):>10}  {_times(f.ratio):>13}  {_times(f.ratio_budget):>13}  "
                     f"{'yes' if f.holds else 'NO'}")
    return "\n".join(lines)


def markdown(figures: list[Figure]) -> str:
    """The report as a Markdown table (README.md's speed table is this, from one whole run)."""
    lines = ["| figure | median | p95 | budget | × floor (median / p95) | × floor allowed | holds |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for f in figures:
        budget = "" if f.budget_ms == float("inf") else _number(f.budget_ms, f.unit)
        lines.append(f"| {f.name} | {_number(f.median_ms, f.unit)} | {_number(f.p95_ms, f.unit)} | {budget} | "
                     f"{_times(f.ratio)} | {_times(f.ratio_budget)} | {'yes' if f.holds else '**no**'} |")
    return "\n".join(lines)


# -- figures measured in other processes: launch in a terminal, and the UI ----------------------
BARE_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App):\n"
    "    def compose(self):\n"
    "        yield Static('bare app ready')\n"
    "Bare().run()\n"
)
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")


def time_to_text(argv: list[str], pattern: str, timeout: float = 30.0, size: tuple[int, int] = (120, 40)) -> float:
    """Milliseconds from starting argv in a pseudo-terminal until its screen shows text matching pattern."""
    terminal = Terminal(argv, size)
    try:
        shown = terminal.wait_for(pattern, timeout)
    finally:
        terminal.close()
    if shown is None:
        raise TimeoutError(f"{' '.join(argv)} did not show {pattern!r} within {timeout} s")
    return shown * 1000


def compile_bytecode() -> bool:
    """Compile crm-tui's modules where their bytecode is missing, as pip does when it installs a
    package (Textual's is compiled so). An editable install run with PYTHONDONTWRITEBYTECODE
    would otherwise compile ~25 ms of source at every launch, which an installed crm-tui never does.
    True if anything needed compiling."""
    import compileall
    import importlib.util
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent
    missing = any(not Path(importlib.util.cache_from_source(str(p))).exists() for p in package.rglob("*.py"))
    if missing:
        compileall.compile_dir(str(package), quiet=2)
    return missing


def launch_figures(url: str, runs: int = 5) -> list[Figure]:
    """crm-tui to its first usable screen (the list with its count) against a bare Textual app."""
    if compile_bytecode():
        print("  (compiled crm-tui's bytecode first, as installing it does)", file=sys.stderr)
    crm = [sys.executable, "-m", "crm_tui", "--db", url, "--user", "bench"]
    bare = [sys.executable, "-c", BARE_APP]
    crm_samples, bare_samples = [], []
    for _ in range(runs):  # alternate, so both meet the same machine
        bare_samples.append(time_to_text(bare, r"bare app ready"))
        crm_samples.append(time_to_text(crm, r"Active Accounts · \d"))
    bare = from_samples("launch: bare Textual app showing one label", bare_samples, float("inf"), is_floor="launch")
    # Within 1.3x of the bare app: median against median, 95th percentile against 95th percentile.
    crm = from_samples("launch: crm-tui to its first usable screen", crm_samples, bare.median_ms * 1.3,
                       bare.p95_ms * 1.3)
    return [bare, crm, Figure("launch: crm-tui / bare Textual app", crm.median_ms / bare.median_ms,
                              crm.p95_ms / bare.p95_ms, 1.3, runs, unit="x")]


UI_TIMEOUT = 900  # seconds for the whole in-app run; every wait inside it is bounded far below that


def ui_figures(url: str, runs: int = 30) -> list[Figure]:
    """Key presses, screens opening and closing, the hierarchy and memory, from the headless app
    in its own process. A run that fails or overruns is reported as one missed figure."""
    try:
        result = subprocess.run([sys.executable, "-m", "crm_tui.tools.bench_ui", url, str(runs)],
                                capture_output=True, text=True, timeout=UI_TIMEOUT, check=True)
        return [Figure.from_dict(item) for item in json.loads(result.stdout)]
    except subprocess.TimeoutExpired:
        reason = f"did not finish within {UI_TIMEOUT} s"
    except (subprocess.CalledProcessError, ValueError) as error:
        reason = f"failed: {(getattr(error, 'stderr', '') or str(error)).strip().splitlines()[-1:]}"
    return [Figure(f"the app's own figures (keys, screens, tree, memory): {reason}", float("inf"), float("inf"),
                   0.0, 0)]


BARE_KEY_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App):\n"
    "    presses = 0\n"
    "    def compose(self):\n"
    "        yield Static('bare app ready')\n"
    "    def on_key(self, event):\n"
    "        self.presses += 1\n"
    "        self.query_one(Static).update(f'bare key {self.presses} done')\n"
    "Bare().run()\n"
)


class Terminal:
    """A program in a pseudo-terminal, as a person's terminal runs it: keys are bytes written to
    it, and what it draws is read back (escape codes dropped) until a pattern shows."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (120, 40)):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the default names and keys, whatever the user's settings say
            os.environ.update({"TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1]),
                               "CRM_TUI_SETTINGS": os.devnull})
            os.execvp(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))

    def drain(self) -> None:
        while select.select([self.fd], [], [], 0)[0]:
            try:
                os.read(self.fd, 65536)
            except OSError:
                return

    def wait_for(self, pattern: str, timeout: float = 5.0) -> float | None:
        """Seconds until the output read from now on shows pattern; None if it never does."""
        start = time.perf_counter()
        seen = b""
        wanted = re.compile(pattern.encode())
        while time.perf_counter() - start < timeout:
            if select.select([self.fd], [], [], 0.05)[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    return None
                seen += ANSI.sub(b"", chunk)
                if wanted.search(seen):
                    return time.perf_counter() - start
        return None

    def key_to(self, key: bytes, pattern: str, timeout: float = 5.0) -> float:
        """Milliseconds from the key's bytes written to the frame showing pattern read back."""
        self.drain()
        start = time.perf_counter()
        os.write(self.fd, key)
        shown = self.wait_for(pattern, timeout)
        return float("inf") if shown is None else (time.perf_counter() - start) * 1000

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def terminal_figures(url: str, runs: int = 5) -> list[Figure]:
    """Screens opened and closed by keys, timed from outside the app: the key's bytes written to a
    pseudo-terminal, to the bytes of the frame that shows the screen read back; against the same
    for a bare Textual app (one label that changes on a key), in the same run."""
    bare = Terminal([sys.executable, "-c", BARE_KEY_APP])
    floor = []
    try:
        if bare.wait_for(r"bare app ready", 30) is not None:
            for n in range(1, floor_runs(runs) + 1):
                floor.append(bare.key_to(b"x", rf"bare key {n} done"))
                time.sleep(0.05)
    finally:
        bare.close()
    figures = [from_samples("floor: bare Textual app in a terminal, key to frame", floor, float("inf"),
                            is_floor="terminal_key")]
    crm = Terminal([sys.executable, "-m", "crm_tui", "--db", url, "--user", "bench"])
    samples: dict[str, list[float]] = {}
    # (name, key, what the screen it opens shows, its key back, what the list shows again)
    steps = (("a record (enter)", b"\r", r"Account · [^…\s]", b"\x1b", r"Active Accounts · \d"),
             ("a new record (n)", b"n", r"New account", b"\x1b", r"Active Accounts · \d"),
             ("search everywhere (ctrl+f)", b"\x06", r"Search everywhere", b"\x1b", r"Active Accounts · \d"))
    try:
        if crm.wait_for(r"Active Accounts · \d", 60) is not None:
            time.sleep(0.5)  # the database layer is imported right after the first frame
            for _ in range(runs):
                for name, key, opened, back, closed in steps:
                    samples.setdefault(f"open {name}", []).append(crm.key_to(key, opened))
                    time.sleep(0.1)
                    samples.setdefault(f"close {name} (back)", []).append(crm.key_to(back, closed))
                    time.sleep(0.1)
                os.write(crm.fd, b"\x1b[B")  # down: another account next time
                time.sleep(0.1)
    finally:
        crm.close()
    for name, values in samples.items():
        figures.append(from_samples(f"from outside, key to frame: {name}", values, 50.0, 100.0,
                                    floor="terminal_key"))
    return figures
