"""Data in and out, and the scriptable commands, timed as a user runs them: each command as a
whole process, on the database the benchmark measures (export every contact to CSV and to
vCards, back up the whole database, restore that backup into an empty SQLite file, import
100,000 contacts into that copy with the duplicate check, list every account's id, show one)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crm_tui.tools.bench import Figure, from_samples

# (figure, budget in seconds): the budgets the data in and out must keep on the large set
BUDGETS_S = {"export": 10.0, "backup": 120.0, "restore": 180.0, "vcard": 60.0, "import": 60.0, "ids": 3.0}
BULK_EDIT_S_PER_10K = 30.0  # a bulk edit: 30 s for 10,000 accounts
MERGE_S = 2.0  # merging two accounts, one with over 10,000 related records
DUPLICATES_S = 60.0  # finding the duplicates among every contact
SHOW_BUDGET_MS = 300.0  # `crm-tui account show ID`, the whole process
IMPORTED = 100_000  # rows of the import: a tenth already in the database (matched by email), the rest new


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


def _import_file(exported: Path, target: Path, rows: int) -> None:
    """An Outlook-style CSV of that many people: a tenth are people the database holds (from its
    export: the same name, account, email and phone; every other one with a new job title), the
    rest are new, at 1,500 companies the database does not know."""
    known = []
    if exported.is_file():
        with open(exported, encoding="utf-8", newline="") as exported_rows:
            for row, _ in zip(csv.DictReader(exported_rows), range(rows // 10)):
                known.append([row["First name"], row["Last name"], row["Account"], row["Job title"], row["Email"],
                              row["Business phone"], ""])
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["First Name", "Last Name", "Company", "Job Title", "E-mail Address", "Business Phone",
                         "Business City"])
        for n, row in enumerate(known):
            writer.writerow(row if n % 2 else [*row[:3], "Head of Purchasing", *row[4:]])
        for n in range(len(known), rows):
            writer.writerow([f"Given{n % 997}", f"Family{n}", f"Imported Company {n % 1500}", "Buyer",
                             f"imported{n}@bench-import.example", f"+1 555 {n % 10_000_000:07d}", "Springfield"])


def _ids_listed(url: str) -> float:
    """`crm-tui account list -q --view "All Accounts" | wc -l`: seconds, the ids read to the end."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crm_tui", "account", "list", "-q", "--view", "All Accounts",
                           "--db", url], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.count("\n"):
        print(f"  account list -q failed: {done.stderr.strip()}", file=sys.stderr)
        return float("inf")
    return seconds


def _bulk_edit(url: str) -> tuple[float, int]:
    """`crm-tui account update --where country=Japan --set relationship_type=Partner`: seconds, rows."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crm_tui", "account", "update", "--where", "country=Japan",
                           "--set", "relationship_type=Partner", "-f", "json", "--db", url],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    try:
        rows = json.loads(done.stdout)["matched"]
    except (ValueError, KeyError):
        rows = 0
    if done.returncode != 0 or not rows:
        print(f"  account update --where failed: {done.stderr.strip()}", file=sys.stderr)
        return float("inf"), rows
    return seconds, rows


def _merge_busiest(path: Path) -> tuple[float, int]:
    """`crm-tui account merge` folding the account with the most on its timeline into the next one
    (a SQLite copy): seconds, and the entries that rolled up to it."""
    import sqlite3

    with sqlite3.connect(path) as db:
        busiest = db.execute("SELECT rollup_account, count(*) FROM activity WHERE rollup_account IS NOT NULL "
                             "GROUP BY 1 ORDER BY 2 DESC LIMIT 2").fetchall()
    if len(busiest) < 2:
        return float("inf"), 0
    (merged, entries), (survivor, _) = busiest
    return _timed(["account", "merge", str(survivor), str(merged), "-q", "--db", str(path)]), entries


def show_figures(url: str, runs: int = 10) -> list[Figure]:
    """`crm-tui account show ID` as a whole process, against a bare interpreter's start in the same run."""
    def sampled(args: list[str]) -> list[float]:
        return [_timed(args) * 1000 for _ in range(runs)]

    bare = from_samples("floor: a bare Python process (python -c pass)", [
        ms for ms in (_timed_bare() for _ in range(runs))], float("inf"), is_floor="process")
    show = from_samples("crm-tui account show ID (the command, whole)", sampled(["account", "show", "1", "--db", url]),
                        SHOW_BUDGET_MS, floor="process")
    return [bare, show]


def _timed_bare() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], stdin=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def figures(url: str, contacts: int, imported: int = IMPORTED, show_runs: int = 10) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="crm-bench-") as folder:
        work = Path(folder)
        exported = _timed(["export", "contact", "--db", url, "--view", "All Contacts", "-o", str(work / "c.csv")])
        cards = _timed(["export", "contact", "-f", "vcard", "--db", url, "-o", str(work / "c.vcf")])
        backed_up = _timed(["backup", "--db", url, str(work / "all.zip")])
        restored = _timed(["restore", "--db", str(work / "restored.sqlite"), str(work / "all.zip")])
        _import_file(work / "c.csv", work / "people.csv", imported)
        import_s = float("inf") if restored == float("inf") else _timed(["import", "contact", str(work / "people.csv"), "--db", str(work / "restored.sqlite")])
        ids = _ids_listed(url)
        edited, edited_rows = ((float("inf"), 0) if restored == float("inf")
                               else _bulk_edit(str(work / "restored.sqlite")))
        merged, merged_entries = ((float("inf"), 0) if restored == float("inf")
                                  else _merge_busiest(work / "restored.sqlite"))
        found = _timed(["contact", "duplicates", "-q", "--db", url])
    return [_figure(f"export all {contacts:,} contacts to CSV (the command, whole)", exported, BUDGETS_S["export"]),
            _figure(f"export all {contacts:,} contacts to vCards (the command, whole)", cards, BUDGETS_S["vcard"]),
            _figure("back up the whole database (the command, whole)", backed_up, BUDGETS_S["backup"]),
            _figure("restore that backup into an empty SQLite file (the command, whole)", restored,
                    BUDGETS_S["restore"]),
            _figure(f"import {imported:,} contacts into it, each checked for a duplicate (the command, whole)",
                    import_s, BUDGETS_S["import"]),
            _figure("list every account's id: account list -q (the command, whole)", ids, BUDGETS_S["ids"]),
            _figure(f"set a field on {edited_rows:,} accounts at once: account update --where (the command, whole)",
                    edited, 1.0 + BULK_EDIT_S_PER_10K * edited_rows / 10_000),  # a second to start and read
            _figure(f"merge the account with {merged_entries:,} entries on its timeline into another (the command, whole)",
                    merged, MERGE_S),
            _figure(f"find the duplicates among all {contacts:,} contacts (the command, whole)", found, DUPLICATES_S),
            *show_figures(url, show_runs)]
