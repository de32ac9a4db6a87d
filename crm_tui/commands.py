"""What each command does: fill demo data, migrate, measure (crm_tui.startup.launch opens the app)."""

from __future__ import annotations

import os
import sys

from crm_tui.paths import redacted
from crm_tui.services import database
from crm_tui.startup.opening import open_reporting


def demo(url: str, size: str, force: bool, username: str | None) -> int:
    from crm_tui.services.users import ensure_user, login_name
    from crm_tui.tools import demo

    open_reporting(url)
    if not database.is_empty() and not force:
        print(f"{redacted(url)} already holds records; use --force to add demo data anyway.", file=sys.stderr)
        return 1
    print(f"Building the {size} demo set in {redacted(url)}…", file=sys.stderr)
    owner = ensure_user(username or login_name())
    report = demo.build(size, progress=lambda msg: print(f"  {msg}", file=sys.stderr), owner_id=owner.id)
    print(f"Made {report.accounts:,} accounts, {report.contacts:,} contacts, {report.leads:,} leads, "
          f"{report.opportunities:,} opportunities, {report.cases:,} cases, {report.entitlements:,} entitlements "
          f"and {report.activities:,} activities in {report.seconds:.1f} s.")
    return 0


def keys(markdown: bool) -> int:
    """Every declared key, tab-separated (id, keys, label), or README's tables."""
    from crm_tui.core import actions, key_tables
    from crm_tui.services import settings

    if markdown:
        print(key_tables.markdown(), end="")
        return 0
    mine = settings.load()
    mine.apply_names()
    for problem in mine.problems:
        print(f"crm-tui: settings: {problem}", file=sys.stderr)
    try:
        for action in actions.ACTIONS:
            print(f"{action.id}\t{mine.keys.get(action.id, action.keys)}\t{actions.label(action.id)}")
        sys.stdout.flush()
    except BrokenPipeError:  # read by head or a pager that stopped early: nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def migrate(url: str) -> int:
    report = database.open_database(url)
    if not report.applied:
        print(f"{redacted(url)} is up to date (schema {report.to_version}).")
        return 0
    for line in report.applied:
        print(f"applied {line}")
    if report.backup:
        print(f"the file before migrating was copied to {report.backup}")
    print(f"{redacted(url)} is now at schema {report.to_version}.")
    return 0


def _progress_on_terminal():
    """A line on stderr that counts a table's rows as they go, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(table: str, done: int, total: int) -> None:
        of = f" of {total:,}" if total else ""
        print(f"\r\x1b[K  {table}: {done:,}{of} rows", end="" if total != done else "\n", file=sys.stderr, flush=True)

    return show


def export(url: str, record_type: str, view: str | None, fmt: str | None, output: str | None,
           username: str | None) -> int:
    from crm_tui.services import export as exports
    from crm_tui.services import settings
    from crm_tui.services.users import ensure_user, login_name

    settings.load().apply_names()  # the columns' names in the organisation's words, as the app shows them
    if fmt is None and output:  # the file's name says it: people.vcf, diary.ics
        fmt = {".vcf": "vcard", ".ics": "ical"}.get(os.path.splitext(output)[1].lower())
    if record_type == "activity" or fmt == "ical":
        return _export_calendar(url, record_type, fmt, output, username)
    if fmt == "vcard":
        return _export_vcards(url, record_type, view, output, username)
    open_reporting(url)
    try:
        what = exports.shown(record_type, ensure_user(username or login_name()), view)
        if output is None:
            count = exports.write(what, sys.stdout, fmt or "csv")
            sys.stdout.flush()
        else:
            count = exports.to_file(what, output, fmt).rows
    except exports.ExportError as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # read by head: what was wanted was written
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    where = output if output is not None else "standard output"
    print(f"Exported {count:,} rows of “{what.name}” to {where}.", file=sys.stderr)
    return 0


def _export_vcards(url: str, record_type: str, view: str | None, output: str | None, username: str | None) -> int:
    """Contacts as vCard 3.0: one .vcf (to a file or standard output), or a vdir (-o FOLDER/)."""
    if record_type != "contact":
        print("crm-tui: vCards are contacts: crm-tui export contact -f vcard [-o FILE.vcf | -o FOLDER/]",
              file=sys.stderr)
        return 1
    from crm_tui.services import export as exports
    from crm_tui.services import listing, vcard
    from crm_tui.services.users import ensure_user, login_name

    open_reporting(url)
    try:
        pages = None
        if view:  # that view's contacts, in its order
            what = exports.shown(record_type, ensure_user(username or login_name()), view)
            pages = listing.walk_ids(what.query)
        if output is None:
            count = vcard.write(sys.stdout, pages)
            sys.stdout.flush()
        else:
            count = vcard.to_file(output, pages)
    except (exports.ExportError, vcard.VcardError) as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    print(f"Exported {count:,} contacts as vCards to {output or 'standard output'}.", file=sys.stderr)
    return 0


def _export_calendar(url: str, record_type: str, fmt: str | None, output: str | None, username: str | None) -> int:
    """Your appointments and tasks as iCalendar: one .ics (to a file or standard output), or a vdir."""
    from pathlib import Path

    if record_type != "activity" or fmt not in (None, "ical"):
        print("crm-tui: iCalendar is for activities: crm-tui export activity -f ical [-o FILE.ics | -o FOLDER/]",
              file=sys.stderr)
        return 1
    from crm_tui.services import calendar
    from crm_tui.services.users import ensure_user, login_name

    open_reporting(url)
    owner = ensure_user(username or login_name())
    try:
        if output is None:
            count, data = calendar.ics(owner.id)
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            where = "standard output"
        elif output.endswith(("/", os.sep)) or Path(output).is_dir():
            count, where = calendar.write_vdir(output, owner.id), f"the vdir {output}"
        else:
            count, where = calendar.write_ics(output, owner.id), output
    except calendar.CalendarError as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return 1
    print(f"Exported {count:,} appointments and tasks of {owner.display_name} to {where}.", file=sys.stderr)
    return 0


def backup(url: str, file: str) -> int:
    import time

    from crm_tui.services import backup as backups

    open_reporting(url)
    started = time.perf_counter()
    try:
        report = backups.backup(file, _progress_on_terminal())
    except backups.BackupError as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return 1
    print(f"Backed up {report.rows:,} rows of {len(report.tables)} tables (schema {report.schema_version}) "
          f"from {redacted(url)} to {report.path} in {time.perf_counter() - started:.1f} s.")
    return 0


def restore(url: str, file: str) -> int:
    import time

    from crm_tui.services import backup as backups

    try:
        backups.read_manifest(file)  # before the database is touched: a wrong file changes nothing
        open_reporting(url)
        started = time.perf_counter()
        report = backups.restore(file, _progress_on_terminal())
    except backups.BackupError as error:
        print(f"crm-tui: {error}; nothing was changed", file=sys.stderr)
        return 1
    print(f"Restored {report.rows:,} rows of {len(report.tables)} tables from {file} into {redacted(url)} "
          f"in {time.perf_counter() - started:.1f} s.")
    return 0


def bench(url: str, size: str, runs: int, as_json: bool, as_markdown: bool = False, data_only: bool = False,
          beside: str | None = None) -> int:
    from crm_tui.tools import bench, demo

    open_reporting(url)
    figures = []
    if database.is_empty():
        print(f"Building the {size} demo set in {redacted(url)} to measure…", file=sys.stderr)
        report = demo.build(size)
        figures.append(bench.Figure(f"build the {size} demo set", report.seconds, report.seconds, 60.0, 1, unit="s"))
    figures += bench.data_figures(runs)
    run_file = beside if beside and beside.endswith(".json") else None  # another run's figures (--json)
    if beside and run_file is None:  # another database: measured in turn with this one
        print(f"Measuring the list pages and search on {redacted(beside)} in turn with these…", file=sys.stderr)
        figures += bench.beside_database((url, beside), runs)
        open_reporting(url)
    if data_only:
        return _report(bench, figures, as_json, as_markdown, run_file)
    from crm_tui.tools import contention

    print("Measuring sessions saving the same records at once…", file=sys.stderr)
    figures += contention.figures(url)
    from crm_tui.services import listing
    from crm_tui.tools import bench_exchange

    contacts = listing.count(listing.ListQuery("contact", state=None))
    database.close()
    print("Measuring export, backup and restore, each as a whole command…", file=sys.stderr)
    figures += bench_exchange.figures(url, contacts)
    print("Measuring launch in a terminal, then the app's keys, tree and memory…", file=sys.stderr)
    figures += bench.launch_figures(url, runs)
    figures += bench.terminal_figures(url, runs)
    figures += bench.ui_figures(url, runs)
    return _report(bench, figures, as_json, as_markdown, run_file)


def _report(bench, figures: list, as_json: bool, as_markdown: bool, run_file: str | None) -> int:
    """The figures judged, and beside another run's (run_file, its --json) when given."""
    import json

    figures = bench.judged(figures)
    if run_file:
        with open(run_file, encoding="utf-8") as other:
            figures += bench.beside(figures, [bench.Figure.from_dict(item) for item in json.load(other)])
    if as_json:
        print(json.dumps([f.as_dict() for f in figures], indent=2))
    elif as_markdown:
        print(bench.markdown(figures))
    else:
        print(bench.table(figures))
    return 0 if all(f.holds for f in figures) else 1
