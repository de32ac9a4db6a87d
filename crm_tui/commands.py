"""What each command does: open the app, fill demo data, migrate, measure."""

from __future__ import annotations

import gc
import sys

from crm_tui.models.db import redacted
from crm_tui.services import database


def _open(url: str) -> None:
    report = database.open_database(url)
    if report and report.applied and report.from_version:
        print(f"Migrated {redacted(url)} from schema {report.from_version} to {report.to_version}"
              + (f"; the old file was copied to {report.backup}" if report.backup else ""), file=sys.stderr)


def demo(url: str, size: str, force: bool, username: str | None) -> int:
    from crm_tui.services import demo
    from crm_tui.services.users import ensure_user, login_name

    _open(url)
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


def bench(url: str, size: str, runs: int, as_json: bool) -> int:
    import json

    from crm_tui.services import bench, demo

    _open(url)
    figures = []
    if database.is_empty():
        print(f"Building the {size} demo set in {redacted(url)} to measure…", file=sys.stderr)
        report = demo.build(size)
        figures.append(bench.Figure(f"build the {size} demo set", report.seconds, report.seconds, 60.0, 1, unit="s"))
    figures += bench.data_figures(runs)
    database.close()
    print("Measuring launch in a terminal, then the app's keys, tree and memory…", file=sys.stderr)
    figures += bench.launch_figures(url)
    figures += bench.ui_figures(url, runs)
    if as_json:
        print(json.dumps([f.as_dict() for f in figures], indent=2))
    else:
        print(bench.table(figures))
    return 0 if all(f.holds for f in figures) else 1


def launch(url: str, username: str | None, demo_first: bool) -> int:
    from crm_tui.services import listing, settings
    from crm_tui.services.users import ensure_user, login_name

    _open(url)
    actor = ensure_user(username or login_name())
    if demo_first and database.is_empty():
        from crm_tui.services import demo

        print("Building the demo data (first run only)…", file=sys.stderr)
        demo.build("small", owner_id=actor.id)
    chosen = settings.load()
    chosen.apply_names()
    # No collections until the first frame: start-up makes only long-lived objects (the app
    # resumes collecting once it is on screen).
    gc.disable()
    # The first screen's rows, read now (a few ms) so its first frame shows them.
    first = listing.first_page(listing.ListQuery("account"))
    database.close()  # the app's workers open their own connections
    from crm_tui.ui.app import CrmApp

    CrmApp(actor, database_label=redacted(url), first_page=first, settings=chosen).run()
    return 0
