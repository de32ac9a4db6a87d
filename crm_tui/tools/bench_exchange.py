"""Data in and out, timed as a user runs it: each command as a whole process, on the database
the benchmark measures (export every contact to CSV, back up the whole database, restore that
backup into an empty SQLite file)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crm_tui.tools.bench import Figure

# (figure, budget in seconds): the budgets the data in and out must keep on the large set
BUDGETS_S = {"export": 10.0, "backup": 120.0, "restore": 180.0}


def _timed(args: list[str]) -> float:
    """Seconds the command took; a command that failed is a miss (infinitely slow)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crm_tui", *args], stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"  {' '.join(args[:2])} failed: {done.stderr.strip()}", file=sys.stderr)
        return float("inf")
    return seconds


def _figure(name: str, seconds: float, budget: float) -> Figure:
    return Figure(name, seconds, seconds, budget, 1, unit="s")


def figures(url: str, contacts: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as folder:
        work = Path(folder)
        exported = _timed(["export", "contact", "--db", url, "--view", "All Contacts", "-o", str(work / "c.csv")])
        backed_up = _timed(["backup", "--db", url, str(work / "all.zip")])
        restored = _timed(["restore", "--db", str(work / "restored.sqlite"), str(work / "all.zip")])
    return [_figure(f"export all {contacts:,} contacts to CSV (the command, whole)", exported, BUDGETS_S["export"]),
            _figure("back up the whole database (the command, whole)", backed_up, BUDGETS_S["backup"]),
            _figure("restore that backup into an empty SQLite file (the command, whole)", restored,
                    BUDGETS_S["restore"])]
