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
from dataclasses import asdict, dataclass
from itertools import cycle
from typing import Callable

from peewee import fn

from crm_tui.models import Activity, User
from crm_tui.services import global_search, listing, pipeline, search, service_dashboard
from crm_tui.services.listing import ListQuery, key_of
from crm_tui.services.sales_types import STAGES
from crm_tui.services.view_spec import Condition, ViewSpec


@dataclass(frozen=True)
class Figure:
    name: str
    median_ms: float
    p95_ms: float
    budget_ms: float  # for the median
    runs: int
    p95_budget_ms: float | None = None  # for the 95th percentile (default: the same)
    unit: str = "ms"  # what the three numbers are in: ms, s, MB, or x (a ratio)

    @property
    def holds(self) -> bool:
        return self.median_ms <= self.budget_ms and self.p95_ms <= (self.p95_budget_ms or self.budget_ms)

    def as_dict(self) -> dict:
        return {**asdict(self), "holds": self.holds}


def from_samples(name: str, samples_ms: list[float], budget_ms: float, p95_budget_ms: float | None = None) -> Figure:
    """Median and 95th percentile (nearest rank) of timings in milliseconds."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return Figure(name, statistics.median(ordered), p95, budget_ms, len(ordered), p95_budget_ms)


def measure(name: str, budget_ms: float, action: Callable[[], object], runs: int = 30,
            clock: Callable[[], float] = time.perf_counter) -> Figure:
    """Time action `runs` times after one warm-up; median and 95th percentile in milliseconds."""
    action()
    samples = []
    for _ in range(runs):
        start = clock()
        action()
        samples.append((clock() - start) * 1000)
    return from_samples(name, samples, budget_ms)


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
    figures = []
    accounts = ListQuery("account", state=None)
    total = listing.count(accounts)
    if total:
        for label, offset in (("start", 0), ("middle", total // 2), ("end", max(0, total - 50))):
            anchor = listing.page_at(accounts, max(0, offset - 1), 1)
            after = key_of(anchor[0]) if anchor and offset else None
            figures.append(measure(f"account list page at the {label} ({total:,} rows)", 2.0,
                                   lambda after=after: listing.page(accounts, after=after), runs))
    busiest = busiest_account()
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
    figures += sales_figures(runs)
    figures += service_figures(runs)
    figures += search_and_view_figures(runs)
    owner = User.select(User.id).order_by(User.id).tuples().first()
    if owner:
        mine = ListQuery("my_activities", owner_id=owner[0])
        figures.append(measure("My activities, first page", 5.0, lambda: listing.page(mine), runs))
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
    column = ListQuery("pipeline", stage=STAGES[0])
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


def search_and_view_figures(runs: int = 30) -> list[Figure]:
    """A search-everywhere keystroke, and the pages of a saved view with a filter and a sort."""
    figures = []
    keystrokes = cycle(("s", "sm", "smi", "smit", "smith", "jo", "joh", "john", "555", "555 8", "cont", "contoso w"))
    figures.append(measure("search everywhere, a keystroke (5 record types, grouped)", 20.0,
                           lambda: global_search.find(next(keystrokes)), runs))
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


def table(figures: list[Figure]) -> str:
    """The report as a table for people."""
    width = max((len(f.name) for f in figures), default=10)
    lines = [f"{'figure':<{width}}  {'median':>10}  {'p95':>10}  {'budget':>10}  holds"]

    def number(value: float, unit: str) -> str:
        return "—" if value == float("inf") else f"{value:.2f} {unit}"

    for f in figures:
        lines.append(f"{f.name:<{width}}  {number(f.median_ms, f.unit):>10}  {number(f.p95_ms, f.unit):>10}  "
                     f"{number(f.budget_ms, f.unit):>10}  {'yes' if f.holds else 'NO'}")
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
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal program like any other
        # The default names and keys, whatever the user's settings say: the pattern is in those words.
        os.environ.update({"TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1]),
                           "CRM_TUI_SETTINGS": os.devnull})
        os.execvp(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    start = time.perf_counter()
    seen = b""
    wanted = re.compile(pattern.encode())
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += ANSI.sub(b"", chunk)
                if wanted.search(seen):
                    return (time.perf_counter() - start) * 1000
        raise TimeoutError(f"{' '.join(argv)} did not show {pattern!r} within {timeout} s")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


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
    bare = from_samples("launch: bare Textual app showing one label", bare_samples, float("inf"))
    # Within 1.3x of the bare app: median against median, 95th percentile against 95th percentile.
    crm = from_samples("launch: crm-tui to its first usable screen", crm_samples, bare.median_ms * 1.3,
                       bare.p95_ms * 1.3)
    return [bare, crm, Figure("launch: crm-tui / bare Textual app", crm.median_ms / bare.median_ms,
                              crm.p95_ms / bare.p95_ms, 1.3, runs, unit="x")]


def ui_figures(url: str, runs: int = 30) -> list[Figure]:
    """Key presses, the hierarchy and memory, from the headless app in its own process."""
    result = subprocess.run([sys.executable, "-m", "crm_tui.ui.bench_ui", url, str(runs)],
                            capture_output=True, text=True, timeout=1800, check=True)
    return [Figure(**{k: v for k, v in item.items() if k != "holds"}) for item in json.loads(result.stdout)]
