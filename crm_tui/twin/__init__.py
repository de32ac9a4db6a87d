"""The command line's commands, in Click: each record type's (`crm-tui account list`, `show`,
`create`, `update`, `delete` and its own actions, made from the record types' declarations, so a
new type or action is here with no edit), and log, due, import, export, backup, restore, demo,
migrate, bench, keys and completion; queues, teams and users. Output for pipes: an aligned table, JSON, CSV or TSV, or
ids alone (-q).

Exit status: 0 done, 1 an error, 2 a usage error, 3 not found, 4 a conflict (saved by someone
since), 5 input refused (a field's check, an unknown field, rows of an import). With -f json an
error is a JSON object on standard error too.

Click is imported only here, and this package only for these commands: opening the app (no
command) never reads it (crm_tui.cli).
"""

from __future__ import annotations

import sys

import click

from crm_tui import __version__, paths
from crm_tui.core.types import RECORD_TYPES
from crm_tui.twin import activities, admin, exchange, records, teamwork
from crm_tui.twin.common import DB_OPTION, DONE, ERROR, USAGE, USER_OPTION, Refused


@click.group(name="crm-tui", help="A keyboard-first CRM for the terminal. Without a command (crm-tui, or "
             "crm-tui --demo for the demo data), it opens the app; with one, it does that from the shell. "
             "Each record type is a command: crm-tui TYPE --help lists what it does.",
             epilog="Exit status: 0 done, 1 an error, 2 a usage error, 3 not found, 4 a conflict, 5 input refused.")
@click.option("--demo", is_flag=True, help="use the demo database (filled on first use by the app)")
@DB_OPTION
@USER_OPTION
@click.version_option(__version__, prog_name="crm-tui")
def main_group(demo, db, user) -> None:
    pass


for _rt in RECORD_TYPES:
    main_group.add_command(records.type_group(_rt.key))
for _command in (activities.log_command, activities.due_command, exchange.import_command, exchange.export_command,
                 exchange.backup_command, exchange.restore_command, admin.demo_command, admin.migrate_command,
                 admin.bench_command, admin.keys_command, admin.completion_command, teamwork.queue_group,
                 teamwork.team_group, teamwork.user_group):
    main_group.add_command(_command)

WORDS = frozenset(main_group.commands)  # the words that start a command
NO_DATABASE = frozenset({"keys", "completion"})  # commands that never open one


def main(argv: list[str]) -> int:
    """Run a command; its exit status."""
    try:
        status = main_group.main(args=argv, prog_name="crm-tui", standalone_mode=False,
                                 complete_var=paths.COMPLETE_ENV)
        if isinstance(status, int):  # a command that ended with its own status
            return status
    except Refused as refused:
        refused.show()
        return refused.exit_code
    except click.UsageError as error:
        error.show()
        return USAGE
    except click.exceptions.Abort:
        return ERROR
    except click.exceptions.Exit as done:
        return done.exit_code
    except BrokenPipeError:  # read by head: what was wanted was written
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return DONE
