"""The UI's figures for `crm-tui bench`: the real app, headless, driven by the Pilot.

Run in its own process (`python -m crm_tui.tools.bench_ui URL RUNS`), so the resident
memory it reports is the app's alone; it prints the figures as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Callable

from crm_tui import paths
from crm_tui.drivers import without_postgres_drivers

if __name__ == "__main__" and not paths.is_postgres_url(sys.argv[1]):
    without_postgres_drivers()  # as the app on a SQLite file runs: its memory without the driver

from crm_tui.services import database, search  # noqa: E402 (after the drivers are hidden, or not)
from crm_tui.services.customers import hierarchy
from crm_tui.services.users import ensure_user
from crm_tui.tools import bench

KEY_BUDGET_MS, KEY_P95_BUDGET_MS = 16.0, 50.0


def resident_mb() -> float:
    """This process's resident memory now (Linux /proc; 0 where there is none)."""
    statm = Path("/proc/self/statm")
    if not statm.exists():
        return 0.0
    pages = int(statm.read_text().split()[1])
    return pages * 4096 / 2**20


async def _settle(pilot, rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


class FrameClock:
    """Notes when each frame reaches the display (the headless driver's stand-in for the terminal),
    and the first frame drawn while a condition held: the frame that showed it."""

    def __init__(self, app) -> None:
        self.last = 0.0
        self.showing: Callable[[], bool] | None = None
        self.shown_at: float | None = None  # when the first frame drawn while showing() held came
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            self.last = time.perf_counter()
            if self.showing is not None and self.shown_at is None and self.showing():
                self.shown_at = self.last

        app._display = display


WAIT_LIMIT = 5.0  # seconds: no wait in the bench is longer; a figure that never came is a miss
KEY_WAIT_LIMIT = 2.0  # seconds a key in a list may take to its frame before it counts as missed


def _key_event(app, key: str):
    from textual import events

    char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    return event


async def _keys(pilot, frames: FrameClock, name: str, keys: list[str], runs: int) -> bench.Figure:
    """Time each key from the moment it arrives, as the driver delivers it, to the next frame."""
    samples = []
    for i in range(runs):
        elapsed, _cpu = await _to_frame(pilot.app, frames, _press(pilot.app, keys[i % len(keys)]), lambda: True,
                                        limit=KEY_WAIT_LIMIT)
        samples.append(elapsed)
        await _settle(pilot, rounds=1)  # the next key meets an idle app, as a person's would
    return bench.from_samples(name, samples, KEY_BUDGET_MS, KEY_P95_BUDGET_MS, floor="ui_key")


async def _until(condition, limit: float = WAIT_LIMIT) -> bool:
    """Wait (bounded) until condition() holds; False if it never did."""
    deadline = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.0005)  # a busy loop would starve the worker threads of the GIL
    return True


async def _to_frame(app, frames: FrameClock, trigger, ready, limit: float = WAIT_LIMIT,
                    takes_keys=None) -> tuple[float, float]:
    """From trigger() (a key sent as the terminal sends it) to the first frame that shows ready()
    holding, and (takes_keys given) to when takes_keys() holds too, whichever is later: the screen
    drawn, and keys going to it. Milliseconds, and the process's CPU milliseconds (all threads)
    meanwhile; inf: never. ready() is asked as each frame is drawn (the frame shows what held
    then); if it comes to hold between frames, the next frame is the one."""
    start, cpu = time.perf_counter(), time.process_time()
    frames.showing, frames.shown_at = ready, None
    held_since: list[float] = []
    keys_taken: list[float] = []

    def shown() -> bool:
        if frames.shown_at is None:
            if not held_since and ready():
                held_since.append(time.perf_counter())
            if not (held_since and frames.last >= held_since[0]):
                return False
        if takes_keys is not None and not keys_taken:
            if not takes_keys():
                return False
            keys_taken.append(time.perf_counter())
        return True

    trigger()
    try:
        if not await _until(shown, limit):
            return float("inf"), float("inf")
    finally:
        frames.showing = None
    at = frames.shown_at if frames.shown_at is not None else frames.last
    at = max([at, *keys_taken])
    return (at - start) * 1000, (time.process_time() - cpu) * 1000


def _press(app, key: str):
    return lambda: app._driver.send_message(_key_event(app, key))


class ScreenFigures:
    """Opening and closing screens by their keys, each timed to the frame that shows it ready."""

    BUDGET, P95_BUDGET = 50.0, 100.0

    def __init__(self, pilot, frames: FrameClock, runs: int):
        self.pilot, self.app, self.frames, self.runs = pilot, pilot.app, frames, runs
        self.samples: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    async def time(self, name: str, trigger, ready) -> bool:
        """One figure: to the frame that shows the screen ready, and keys going to it."""
        elapsed, cpu = await _to_frame(self.app, self.frames, trigger, ready,
                                       takes_keys=lambda: self.app.key_gate.idle)
        self.samples.setdefault(name, []).append(elapsed)
        self.cpu.setdefault(name, []).append(cpu)
        await _settle(self.pilot, rounds=1)
        return elapsed != float("inf")

    async def open_and_close(self, name: str, open_key: str, opened, close_key: str, closed,
                             between=None) -> None:
        """runs times: the key that opens the screen, then the one that closes it."""
        for _ in range(self.runs):
            if between is not None:
                await between()
            if not await self.time(f"open {name}", _press(self.app, open_key), opened):
                return
            if not await self.time(f"close {name} (back)", _press(self.app, close_key), closed):
                return

    def figures(self) -> list[bench.Figure]:
        result = []
        for name, samples in self.samples.items():
            result.append(bench.from_samples(f"key to frame: {name}", samples, self.BUDGET, self.P95_BUDGET,
                                             floor="ui_key"))
        for name in ("open a record (enter on an account)", "open the busiest account"):  # keys of self.cpu
            if name in self.cpu:
                cpu = sorted(self.cpu[name])
                result.append(bench.Figure(f"CPU of the app per open: {name}", cpu[len(cpu) // 2],
                                           bench.from_samples("", cpu, 0).p95_ms, float("inf"), len(cpu)))
        return result


async def screen_figures(pilot, frames: FrameClock, targets: dict, runs: int) -> list[bench.Figure]:
    from crm_tui.ui.screens.global_search import GlobalSearchScreen
    from crm_tui.ui.screens.list_screen import ListScreen
    from crm_tui.ui.screens.pipeline import PipelineScreen
    from crm_tui.ui.screens.quick_log import QuickLogScreen
    from crm_tui.ui.screens.record import RecordScreen
    from crm_tui.ui.screens.sales_dialogs import CloseWonScreen, DuplicatesScreen, ReasonScreen
    from crm_tui.ui.screens.service_dashboard import ServiceDashboardScreen
    from crm_tui.ui.screens.service_dialogs import ResolveScreen
    from crm_tui.ui.widgets.record_list import RecordList

    app = pilot.app
    timer = ScreenFigures(pilot, frames, runs)

    def record_shown(record_type: str | None = None, new: bool = False):
        def ready() -> bool:
            screen = app.screen
            return (isinstance(screen, RecordScreen) and screen.is_mounted and screen.detail is not None
                    and (record_type is None or screen.rt.key == record_type) and (screen.record_id is None) == new
                    and (new or screen.detail.id == screen.record_id))
        return ready

    def list_shown() -> bool:
        screen = app.screen
        return isinstance(screen, ListScreen) and screen.query_one(RecordList).total is not None

    def mounted(screen_type):
        return lambda: isinstance(app.screen, screen_type) and app.screen.is_mounted

    async def down() -> None:  # another record each time, as a person browsing the list
        await pilot.press("down")
        await _settle(pilot, rounds=1)

    async def show_list(key: str) -> None:
        app.show_list(key)
        await _settle(pilot)

    # A record from the list, and back.
    await show_list("account")
    await timer.open_and_close("a record (enter on an account)", "enter", record_shown("account"), "escape",
                               list_shown, between=down)
    if targets["busiest"]:
        for _ in range(runs):
            await timer.time("open the busiest account", lambda: app.open_record("account", targets["busiest"]),
                             record_shown("account"))
            await timer.time("back from the busiest account", _press(app, "escape"), list_shown)
    await timer.open_and_close("a new record (n)", "n", record_shown("account", new=True), "escape", list_shown)
    await timer.open_and_close("search everywhere (ctrl+f)", "ctrl+f", mounted(GlobalSearchScreen), "escape",
                               list_shown)
    # On a record: the log dialog.
    await pilot.press("enter")
    await _settle(pilot)
    await timer.open_and_close("the log dialog (a)", "a", mounted(QuickLogScreen), "escape",
                               record_shown("account"))
    await pilot.press("escape")
    await _settle(pilot)
    # Every action dialog, each on a record of its type from its list.
    for list_key, record_type, dialogs in (
            ("case", "case", (("resolve a case (R)", "R", ResolveScreen),)),
            ("opportunity", "opportunity", (("close as won (W)", "W", CloseWonScreen),
                                            ("close as lost (L)", "L", ReasonScreen))),
            ("lead", "lead", (("disqualify (D)", "D", ReasonScreen), ("qualify (Q)", "Q", DuplicatesScreen)))):
        await show_list(list_key)
        await pilot.press("enter")
        await _settle(pilot)
        if not record_shown(record_type)():
            continue
        for name, key, dialog in dialogs:
            await timer.open_and_close(f"the dialog to {name}", key, mounted(dialog), "escape",
                                       record_shown(record_type))
        await pilot.press("escape")
        await _settle(pilot)
    await show_list("opportunity")
    await timer.open_and_close("the pipeline (p)", "p", lambda: mounted(PipelineScreen)() and bool(app.screen.totals),
                               "escape", list_shown)
    await show_list("case")
    await timer.open_and_close("the service dashboard (D)", "D",
                               lambda: mounted(ServiceDashboardScreen)() and app.screen.figures is not None,
                               "escape", list_shown)
    await show_list("account")
    return timer.figures()


def _targets() -> dict:
    """The records the UI figures visit: the busiest timeline and the biggest family."""
    with database.connection():
        busiest = bench.busiest_account()
        family = search.find_accounts("Contoso Holdings", 1)
        top = family[0].id if family else None
        return {"busiest": busiest, "top": top,
                "descendants": hierarchy.descendant_count(top) if top else 0}


async def ui_floor(runs: int) -> bench.Figure:
    """The floor the UI figures are judged against: a bare Textual app whose one label changes on a
    key, timed as they are (the key as the driver delivers it, to the next frame)."""
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        presses = 0

        def compose(self):
            yield Static("bare app ready")

        def on_key(self, event) -> None:
            self.presses += 1
            self.query_one(Static).update(f"bare key {self.presses}")

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        frames = FrameClock(app)
        await _settle(pilot)
        figure = await _keys(pilot, frames, "floor: bare Textual app, key to frame", ["x"], runs)
    return bench.Figure(figure.name, figure.median_ms, figure.p95_ms, float("inf"), figure.runs, is_floor="ui_key")


async def ui_figures(url: str, runs: int) -> list[bench.Figure]:
    from crm_tui.ui.app import CrmApp
    from crm_tui.ui.screens.hierarchy import HierarchyScreen
    from crm_tui.ui.widgets.timeline import Timeline

    database.open_database(url)
    actor = ensure_user("bench", "Benchmark")
    database.close()
    targets = _targets()
    figures = [await ui_floor(bench.floor_runs(runs))]
    from crm_tui.ui import app as app_module

    app_module.PREBUILD_PAUSE = 0.01  # nobody types meanwhile: build them back to back
    app = CrmApp(actor, database_label="bench", prebuild=True)  # as the launched app is
    async with app.run_test(size=(120, 40)) as pilot:
        frames = FrameClock(app)
        await _settle(pilot)
        await _until(lambda: app.prebuilt, limit=120)  # a person's first minute: every record screen built
        figures.append(await _keys(pilot, frames, "key press to frame: account list (down, page down)",
                                   ["down", "down", "pagedown"], runs))
        figures += await screen_figures(pilot, frames, targets, runs)
        if targets["busiest"]:
            app.open_record("account", targets["busiest"])
            await _settle(pilot)
            app.screen.query_one(Timeline).focus()
            figures.append(await _keys(pilot, frames, "key press to frame: rolled-up timeline", ["down", "pagedown"], runs))
            await pilot.press("end")  # scroll to the oldest entry: pages on the way are fetched by keyset
            await _settle(pilot)
            await pilot.press("escape")
            await _settle(pilot)
        if targets["top"]:
            figures.append(await _open_tree(pilot, frames, app, HierarchyScreen, targets, runs))
            # Keys that always move the cursor, so each gets a frame.
            figures.append(await _keys(pilot, frames, "key press to frame: hierarchy tree", ["down", "up"], runs))
            await pilot.press("escape")
            await _settle(pilot)
        for sidebar_key in ("2", "1", "3"):  # browse every list to its end
            await pilot.press(sidebar_key)
            await _settle(pilot)
            for _ in range(20):
                await pilot.press("pagedown")
            await pilot.press("end")
            await _settle(pilot)
        rss = resident_mb()
        figures.append(bench.Figure("resident memory after browsing every screen", rss, rss, 150.0, 1, unit="MB"))
    return figures


async def _open_tree(pilot, frames: FrameClock, app, screen_type, targets: dict, runs: int) -> bench.Figure:
    """From the moment the hierarchy is asked for to the first frame with the family in it."""
    from textual.widgets import Tree

    samples = []
    # As many opens as the other figures' runs: with fewer, the "95th percentile" is just the slowest.
    for attempt in range(max(3, runs) + 1):  # the first is a warm-up: it reads the screen's styles
        elapsed, _cpu = await _to_frame(
            app, frames, lambda: app.open_hierarchy(targets["top"]),
            lambda: (isinstance(app.screen, screen_type) and app.screen.is_mounted
                     and bool(app.screen.query(Tree)) and bool(app.screen.tree.root.children)))
        if attempt:
            samples.append(elapsed)
        if isinstance(app.screen, screen_type):
            app.pop_screen()
        await _settle(pilot)
    app.open_hierarchy(targets["top"])
    await _settle(pilot)
    return bench.from_samples(f"key to frame: open the hierarchy of an account with {targets['descendants']:,} "
                              "descendants", samples, ScreenFigures.BUDGET, ScreenFigures.P95_BUDGET, floor="ui_key")


def main() -> None:
    url, runs = sys.argv[1], int(sys.argv[2])
    figures = asyncio.run(ui_figures(url, runs))
    print(json.dumps([f.as_dict() for f in figures]))


if __name__ == "__main__":
    main()
