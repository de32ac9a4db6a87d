"""The command line: launch the app, fill demo data, migrate the schema."""

from __future__ import annotations

import argparse
import gc
import sys

from crm_tui import __version__
from crm_tui.models.db import DatabaseUrlError, redacted
from crm_tui.services import database
from crm_tui.services.database import SchemaTooNewError
from crm_tui.services.settings import ENV_VAR as SETTINGS_ENV
from crm_tui.services.settings import settings_path


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL",
                        help="a SQLite file path or postgresql://user:pass@host/db "
                             f"(default: ${database.ENV_VAR}, else {database.default_url()})")
    parser = argparse.ArgumentParser(
        prog="crm-tui", parents=[common],
        description="A keyboard-first CRM for the terminal. Without a command, opens the app.",
        epilog=f"Settings (names, keys, theme): {settings_path()} (or ${SETTINGS_ENV}).")
    parser.add_argument("--version", action="version", version=f"crm-tui {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help=f"open the demo database ({database.demo_url()}), filling it on first use")
    parser.add_argument("--user", metavar="NAME", help="work as this user (default: $CRM_TUI_USER, else your login)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", parents=[common], help="fill a database with realistic demo data")
    demo.add_argument("--size", choices=("small", "large"), default="small",
                      help="small: 300 accounts, 900 contacts, 4,000 activities; "
                           "large: 100,000 accounts, 300,000 contacts, 1,000,000 activities")
    demo.add_argument("--force", action="store_true", help="add demo data even if the database holds records")
    commands.add_parser("migrate", parents=[common], help="apply pending schema migrations and report")
    bench = commands.add_parser("bench", parents=[common],
                                help="measure list, timeline and search speeds against their budgets")
    bench.add_argument("--size", choices=("small", "large"), default="large",
                       help="the demo set to build when the database is empty (default: large)")
    bench.add_argument("--runs", type=int, default=30, help="repetitions of each figure (default: 30)")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def _open(url: str) -> None:
    report = database.open_database(url)
    if report and report.applied and report.from_version:
        print(f"Migrated {redacted(url)} from schema {report.from_version} to {report.to_version}"
              + (f"; the old file was copied to {report.backup}" if report.backup else ""), file=sys.stderr)


def _demo(url: str, size: str, force: bool, username: str | None) -> int:
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


def _migrate(url: str) -> int:
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


def _bench(url: str, size: str, runs: int, as_json: bool) -> int:
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


def _launch(url: str, username: str | None, demo_first: bool) -> int:
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


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = database.demo_url() if args.demo and not args.db else database.resolve_url(args.db)
    try:
        if args.command == "demo":
            return _demo(url, args.size, args.force, args.user)
        if args.command == "migrate":
            return _migrate(url)
        if args.command == "bench":
            return _bench(url, args.size, args.runs, args.json)
        return _launch(url, args.user, args.demo)
    except SchemaTooNewError as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return 2
    except DatabaseUrlError as error:
        print(f"crm-tui: {error}", file=sys.stderr)
        return 2
    finally:
        database.close()
