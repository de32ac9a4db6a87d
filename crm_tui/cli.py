"""The command line: its arguments, and which command runs (crm_tui.commands does the work)."""

from __future__ import annotations

import argparse
import sys

from crm_tui import __version__, paths
from crm_tui.core.types import RECORD_TYPES  # plain Python, which the first frame imports anyway

# The database layer is imported once the run's database is known (see main); opening the app
# imports it only after the first frame (crm_tui.startup.launch).


def _parser() -> argparse.ArgumentParser:
    db_help = ("a SQLite file path or postgresql://user:pass@host/db "
               f"(default: ${paths.DB_ENV}, else {paths.default_url()})")
    # --db may come before the command or after it; a command's own --db, when not given, must
    # not undo one given before it (`crm-tui --db X migrate` migrates X).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=db_help)
    parser = argparse.ArgumentParser(
        prog="crm-tui",
        description="A keyboard-first CRM for the terminal. Without a command, opens the app.",
        epilog="Each record type is a command of its own too: crm-tui TYPE list|show|create|update|delete|ACTION "
               f"(TYPE one of {', '.join(rt.key for rt in RECORD_TYPES)}; crm-tui TYPE --help lists its actions). "
               f"Settings (names, keys, theme): {paths.settings_path()} (or ${paths.SETTINGS_ENV}).")
    parser.add_argument("--db", metavar="URL", help=db_help)
    parser.add_argument("--version", action="version", version=f"crm-tui {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help=f"open the demo database ({paths.demo_url()}), filling it on first use")
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
    bench.add_argument("--markdown", action="store_true", help="print the figures as a Markdown table")
    backup = commands.add_parser(
        "backup", parents=[common], help="write every table (users, views and audit included) to one file",
        description="Write every table to FILE (a zip of JSON lines with a manifest), from one snapshot of "
                    "the database: sessions may go on working meanwhile. FILE is replaced only once the new "
                    "backup is whole, and is readable by you alone.")
    backup.add_argument("file", metavar="FILE", help="the backup file to write")
    restore = commands.add_parser(
        "restore", parents=[common], help="fill an empty database from a backup (SQLite or PostgreSQL)",
        description="Fill an empty database from FILE, all of it or nothing: ids and id counters are kept. "
                    "Backing up a SQLite file and restoring into a PostgreSQL database moves a team to a server.")
    restore.add_argument("file", metavar="FILE", help="a backup written by crm-tui backup")
    export = commands.add_parser(
        "export", parents=[common], help="write a list or view, as the app shows it, to CSV or JSON",
        description="Write every row of a list or view — its filter, sort and columns, as the app shows it — "
                    "to CSV (a header row of the columns' names) or JSON (an array of objects keyed by field "
                    "name), UTF-8, the record's id first, dates and times in ISO 8601, amounts as plain decimals. "
                    "Without --view, the record type's first list (Active Accounts, Open Leads...).")
    type_keys = [rt.key for rt in RECORD_TYPES]
    export.add_argument("record_type", metavar="TYPE", choices=[*type_keys, "activity"],
                        help="a record type: " + ", ".join(type_keys) + "; or activity, with -f ical: your "
                             "appointments and tasks as iCalendar (-o FILE.ics, or -o FOLDER/ for a vdir)")
    export.add_argument("--view", metavar="NAME", help="one of your views, or a list's title (\"All Accounts\")")
    export.add_argument("-f", "--format", choices=("csv", "json", "vcard", "ical"),
                        help="csv or json (default: by the file's name with -o, else csv); vcard for contact "
                             "(-o FILE.vcf, or -o FOLDER/ for a vdir); ical for activity")
    export.add_argument("-o", "--output", metavar="PATH",
                        help="the file to write (written whole, readable by you alone); default: standard output")
    export.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help="whose views and whose \"My\" lists (default: $CRM_TUI_USER, else your login)")
    keys = commands.add_parser("keys", help="list every key: its id, its keys (as your settings have them) and what it does")
    keys.add_argument("--markdown", action="store_true", help="print the key tables of README.md (the default keys)")
    return parser


def _without_postgres_drivers() -> None:
    """A SQLite run need not load PostgreSQL's driver (Peewee imports it if it can: ~15 ms of
    start-up). Only in a fresh process: never hide a driver something already loaded."""
    if "peewee" not in sys.modules:
        for name in ("psycopg2", "psycopg", "psycopg2cffi"):
            sys.modules.setdefault(name, None)  # None: "import psycopg2" raises ImportError


def _twin_command(argv: list[str]) -> bool:
    """The command line starts with a record type (`crm-tui account list`, after --db or --user
    if given): one of the scriptable twin's commands (crm_tui.twin), read by Click."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--user"):
            next(words, None)
        elif not word.startswith("-"):
            return word in {rt.key for rt in RECORD_TYPES} | {"log", "due", "import"}
    return False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _twin_command(argv):
        return _run_twin(argv)
    args = _parser().parse_args(argv)
    if args.command == "keys":  # no database needed
        from crm_tui import commands

        return commands.keys(args.markdown)
    url = paths.demo_url() if args.demo and not args.db else paths.resolve_url(args.db)
    return _reported(url, lambda: _run(args, url), failed=2)


def _run_twin(argv: list[str]) -> int:
    from crm_tui import twin

    if "--demo" in argv:  # the demo database, as `crm-tui --demo` opens it (a --db given wins)
        argv = [word for word in argv if word != "--demo"]
        if _option(argv, "--db") is None:
            argv = ["--db", paths.demo_url(), *argv]
    return _reported(paths.resolve_url(_option(argv, "--db")), lambda: twin.main(argv), failed=1)


def _reported(url: str, run, failed: int) -> int:
    """run() on the database at url; what a person can fix is one line on stderr and the exit
    status failed (the app's commands say 2, the twin's 1), a bug keeps its traceback."""
    try:
        if not paths.is_postgres_url(url):
            _without_postgres_drivers()
            _check_sqlite_path(url)  # before anything touches it
        return run()
    except Exception as error:
        message = _said_to_user(error, url)
        if message is None:
            raise
        print(f"crm-tui: {message}", file=sys.stderr)
        return failed
    finally:
        database = sys.modules.get("crm_tui.services.database")  # none if the run never needed it
        if database is not None:
            database.close()


def _option(argv: list[str], name: str) -> str | None:
    """The last value given to an option (--db URL or --db=URL), wherever it stands."""
    found = None
    for index, word in enumerate(argv):
        if word == name and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith(f"{name}="):
            found = word.split("=", 1)[1]
    return found


def _check_sqlite_path(url: str) -> None:
    from crm_tui import db_file

    db_file.check(db_file.sqlite_path(url))


def _run(args: argparse.Namespace, url: str) -> int:
    if args.command is None:
        from crm_tui.startup import launch

        return launch.run(url, args.user, args.demo)
    from crm_tui import commands

    if args.command == "demo":
        return commands.demo(url, args.size, args.force, args.user)
    if args.command == "migrate":
        return commands.migrate(url)
    if args.command == "export":
        return commands.export(url, args.record_type, args.view, args.format, args.output, args.user)
    if args.command == "backup":
        return commands.backup(url, args.file)
    if args.command == "restore":
        return commands.restore(url, args.file)
    return commands.bench(url, args.size, args.runs, args.json, args.markdown)


def _said_to_user(error: Exception, url: str) -> str | None:
    """A failure a person can cause or fix (a bad path or URL, a server down, a wrong password, a
    database too new), in one line; None for a bug, which keeps its traceback. (The error may come
    from start-up's background process: only modules it brought along are looked at.)"""
    from crm_tui.db_file import DatabaseFileError, DatabaseUrlError
    from crm_tui.services.errors import ServiceError

    if isinstance(error, (DatabaseUrlError, DatabaseFileError, ServiceError)):
        return str(error)
    schema, database = sys.modules.get("crm_tui.models.schema"), sys.modules.get("crm_tui.services.database")
    if (schema and isinstance(error, schema.SchemaTooNewError)) or (
            database and isinstance(error, database.ReadOnlyOutdatedError)):
        return str(error)
    if "peewee" in sys.modules:
        from crm_tui.services import db_faults

        if db_faults.is_fault(error):
            return f"could not open {paths.redacted(url)}: {db_faults.cause(error).rstrip('.')}."
    return None
