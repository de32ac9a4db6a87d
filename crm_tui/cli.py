"""The command line: with a command (or --help), crm_tui.twin reads it; without one, the app opens
(argparse reads its few options, so the launch never loads Click)."""

from __future__ import annotations

import argparse
import os
import sys

from crm_tui import __version__, paths
from crm_tui.drivers import without_postgres_drivers

# The database layer is imported once the run's database is known (see main); opening the app
# imports it only after the first frame (crm_tui.startup.launch).


def _parser() -> argparse.ArgumentParser:
    """The options of opening the app (no command): kept to argparse, which Python has loaded anyway,
    so launching reads nothing of Click (crm_tui.twin reads the commands, and --help)."""
    parser = argparse.ArgumentParser(prog="crm-tui", add_help=False)
    parser.add_argument("--db", metavar="URL")
    parser.add_argument("--version", action="version", version=f"crm-tui {__version__}")
    parser.add_argument("--demo", action="store_true")
    parser.add_argument("--user", metavar="NAME")
    return parser


COMMAND_HINTS = ("-h", "--help")  # help is the commands' (Click lists them all)


def _words(argv: list[str]):
    """The words of a command line that are not the value of --db or --user."""
    words = iter(argv)
    for word in words:
        if word in ("--db", "--user"):
            next(words, None)
        else:
            yield word


def _twin_command(argv: list[str]) -> bool:
    """A command, or help, was asked for (`crm-tui account list`, `crm-tui backup FILE`, after --db or
    --user if given): the commands read it (crm_tui.twin). Without one, the app opens."""
    if os.environ.get(paths.COMPLETE_ENV):  # the shell asking for completions
        return True
    return any(word in COMMAND_HINTS or not word.startswith("-") for word in _words(argv))


def _command_word(argv: list[str]) -> str | None:
    return next((word for word in _words(argv) if not word.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _twin_command(argv):
        return _run_twin(argv)
    args = _parser().parse_args(argv)
    url = paths.demo_url() if args.demo and not args.db else paths.resolve_url(args.db)
    return _reported(url, lambda: _launch(args, url), failed=2)


def _launch(args: argparse.Namespace, url: str) -> int:
    from crm_tui.startup import launch

    return launch.run(url, args.user, args.demo)


def _run_twin(argv: list[str]) -> int:
    if "--demo" in argv:  # the demo database, as `crm-tui --demo` opens it (a --db given wins)
        argv = [word for word in argv if word != "--demo"]
        if _option(argv, "--db") is None:
            argv = ["--db", paths.demo_url(), *argv]

    def run() -> int:  # the commands are read only now: reading them loads the database layer
        from crm_tui import twin

        return twin.main(argv)

    if os.environ.get(paths.COMPLETE_ENV) or _command_word(argv) in ("keys", "completion", None):
        return run()  # no database: nothing to check or close
    return _reported(paths.resolve_url(_option(argv, "--db")), run, failed=1)


def _reported(url: str, run, failed: int) -> int:
    """run() on the database at url; what a person can fix is one line on stderr and the exit
    status failed (the app's commands say 2, the twin's 1), a bug keeps its traceback."""
    try:
        if not paths.is_postgres_url(url):
            without_postgres_drivers()
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
