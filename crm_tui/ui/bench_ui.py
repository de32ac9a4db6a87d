"""The UI's figures for `crm-tui bench`: the real app, headless, driven by the Pilot.

Run in its own process (`python -m crm_tui.ui.bench_ui URL RUNS`), so the resident
memory it reports is the app's alone; it prints the figures as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

from crm_tui.services import bench, database, hierarchy, search
from crm_tui.services.users import ensure_user

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
    """Notes when each frame reaches the display (the headless driver's stand-in for the terminal)."""

    def __init__(self, app) -> None:
        self.last = 0.0
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            self.last = time.perf_counter()

        app._display = display


async def _keys(pilot, frames: FrameClock, name: str, keys: list[str], runs: int) -> bench.Figure:
    """Time each key from the moment it arrives, as the driver delivers it, to the next frame."""
    from textual import events

    samples = []
    for i in range(runs):
        key = keys[i % len(keys)]
        event = events.Key(key, None)
        event.set_sender(pilot.app)
        start = time.perf_counter()
        pilot.app._driver.send_message(event)
        while frames.last < start and time.perf_counter() - start < 2:
            await asyncio.sleep(0.0005)  # a busy loop would starve the worker threads of the GIL
        samples.append((frames.last - start) * 1000)
        await _settle(pilot, rounds=1)  # the next key meets an idle app, as a person's would
    return bench.from_samples(name, samples, KEY_BUDGET_MS, KEY_P95_BUDGET_MS)


def _targets() -> dict:
    """The records the UI figures visit: the busiest timeline and the biggest family."""
    with database.connection():
        busiest = bench.busiest_account()
        family = search.find_accounts("Contoso Holdings", 1)
        top = family[0].id if family else None
        return {"busiest": busiest, "top": top,
                "descendants": hierarchy.descendant_count(top) if top else 0}


async def ui_figures(url: str, runs: int) -> list[bench.Figure]:
    from crm_tui.ui.app import CrmApp
    from crm_tui.ui.screens.hierarchy import HierarchyScreen
    from crm_tui.ui.widgets.timeline import Timeline

    database.open_database(url)
    actor = ensure_user("bench", "Benchmark")
    database.close()
    targets = _targets()
    figures = []
    app = CrmApp(actor, database_label="bench")
    async with app.run_test(size=(120, 40)) as pilot:
        frames = FrameClock(app)
        await _settle(pilot)
        figures.append(await _keys(pilot, frames, "key press to frame: account list (down, page down)",
                                   ["down", "down", "pagedown"], runs))
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
            figures.append(await _keys(pilot, frames, "key press to frame: hierarchy tree", ["down", "up", "right"], runs))
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
        start = time.perf_counter()
        app.open_hierarchy(targets["top"])
        while not (isinstance(app.screen, screen_type) and app.screen.is_mounted
                   and app.screen.query(Tree) and app.screen.tree.root.children):
            await asyncio.sleep(0.0005)  # a busy loop would starve the worker threads of the GIL
        loaded = time.perf_counter()
        while frames.last < loaded:
            await asyncio.sleep(0.0005)  # a busy loop would starve the worker threads of the GIL
        if attempt:
            samples.append((frames.last - start) * 1000)
        app.pop_screen()
        await _settle(pilot)
    app.open_hierarchy(targets["top"])
    await _settle(pilot)
    return bench.from_samples(f"open the hierarchy of an account with {targets['descendants']:,} descendants",
                              samples, 50.0)


def main() -> None:
    url, runs = sys.argv[1], int(sys.argv[2])
    figures = asyncio.run(ui_figures(url, runs))
    print(json.dumps([f.as_dict() for f in figures]))


if __name__ == "__main__":
    main()
