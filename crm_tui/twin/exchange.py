"""Data in and out from the shell: import (CSV and vCards), export, backup and restore."""

from __future__ import annotations

import json

import click

from crm_tui.core.types import RECORD_TYPES
from crm_tui.core.types import definition as record_type
from crm_tui.core.types.activity import ACTIVITY_KINDS, NOTE
from crm_tui.twin.common import (
    DB_OPTION,
    ERROR,
    REFUSED,
    USER_OPTION,
    Refused,
    database_url,
    progress_bar,
    signed_in,
)


def _mapping_shown(rt_key: str, mapping: dict[str, str], as_json: bool) -> None:
    from crm_tui.services.importing import columns

    labels = columns.targets(rt_key)
    if as_json:
        click.echo(json.dumps(mapping, ensure_ascii=False))
        return
    width = max([len(h) for h in mapping] or [0])
    click.echo("\n".join(f"{header.ljust(width)}  ->  {labels.get(target, target)}" for header, target in mapping.items()))


RECORD_KEYS = tuple(rt.key for rt in RECORD_TYPES)
IMPORT_TYPES = (*RECORD_KEYS, *ACTIVITY_KINDS, NOTE)  # activities and notes too, a kind a file


@click.command(name="import", help="Bring records in from a CSV file (Outlook, Google Contacts, Dynamics 365, "
                    "crm-tui's own export, or any other with a map), or contacts from vCards (a .vcf file, or a "
                    "folder of them). TYPE is a record type, or a kind of activity (task, phone_call, email, "
                    "appointment, note: its Regarding column names the record, as TYPE:ID, a case's number, an "
                    "email, or an account's name). Each row is matched by its id, then email, then phone, then name within "
                    "its account: created, updated, skipped (a duplicate, unchanged, or no match) or refused. "
                    "Refused rows go to NAME.refused.csv beside the file, with their line and reason. Exit "
                    "status 5 when rows were refused (the others are in).")
@click.argument("rt_key", metavar="TYPE", type=click.Choice(IMPORT_TYPES))
@click.argument("path", metavar="FILE", type=click.Path())
@click.option("--dry-run", is_flag=True, help="write nothing: say what each row would do")
@click.option("--mode", type=click.Choice(("create", "update", "upsert")), default="upsert", show_default=True,
              help="create: matched rows are duplicates, skipped; update: unmatched rows are skipped")
@click.option("--map", "map_name", metavar="NAME", help="read the columns with a saved map (or a .json file)")
@click.option("--column", "columns_set", metavar="HEADER=FIELD", multiple=True,
              help="read a column into this field (FIELD empty: leave it out); repeat it")
@click.option("--save-map", metavar="NAME", help="save the mapping used under NAME (for --map)")
@click.option("--show-map", is_flag=True, help="print how the columns would be read, and stop")
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True,
              help="json: one object of counts (a dry run: with every row's outcome)")
@DB_OPTION
@USER_OPTION
@click.pass_context
def import_command(ctx, rt_key, path, dry_run, mode, map_name, columns_set, save_map, show_map, fmt, db, user):
    from crm_tui.services import importing
    from crm_tui.services.errors import ServiceError
    from crm_tui.services.importing import columns

    as_json = fmt == "json"
    actor = signed_in(ctx, db, user)
    mapping, source = None, None
    try:
        if not importing.is_vcard(path):
            source = importing.CsvFile.open(path)
            mapping = columns.load_map(map_name, rt_key) if map_name else columns.suggested(rt_key, source.headers)
            allowed = columns.targets(rt_key)
            for item in columns_set:
                header, sep, target = item.partition("=")
                if not sep or header.strip() not in source.headers or target.strip() not in allowed:
                    raise Refused(f"--column takes HEADER=FIELD with a header of the file ({', '.join(source.headers)}) "
                                  f"and a field ({', '.join(t for t in allowed if t)})", REFUSED, as_json)
                mapping[header.strip()] = target.strip()
            if show_map:
                _mapping_shown(rt_key, mapping, as_json)
                return
            if save_map:
                columns.save_map(save_map, rt_key, mapping)
        report = importing.import_file(actor, rt_key, path, mode, dry_run, mapping=mapping, source=source,
                                       progress=progress_bar(f"Importing {record_type(rt_key).plural.lower()}"))
    except Refused:
        raise
    except ServiceError as error:
        raise Refused(str(error), ERROR, as_json) from None
    _report_import(report, as_json)
    if report.refused:
        raise click.exceptions.Exit(REFUSED)


def _report_import(report, as_json: bool) -> None:
    shown = [o for o in report.outcomes if report.dry_run or o.action == "refused"]
    if as_json:
        data = report.as_dict()
        if report.dry_run:
            data["rows"] = [{"line": o.line, "file": o.where or None, "action": o.action, "id": o.record_id,
                             "fields": list(o.fields), "reason": o.reason} for o in shown]
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    for o in shown:
        where = f"{o.where}:{o.line}" if o.where else f"line {o.line}"
        what = o.action + (f" {o.record_id}" if o.record_id and o.record_id > 0 else "")
        if o.record_id and o.record_id < 0 and o.action == "updated":
            what = "updated (a record an earlier row makes)"
        detail = ", ".join(o.fields) + ("; " if o.fields and o.reason else "") + o.reason
        click.echo(f"{where}: {what}" + (f" — {detail}" if detail else ""))
    verb = "would be" if report.dry_run else "were"
    counts = (f"{report.read:,} row{'' if report.read == 1 else 's'} read: {report.created:,} created, {report.updated:,} updated, "
              f"{report.skipped:,} skipped, {report.refused:,} refused")
    made = report.accounts_created
    extra = f"; {made:,} account{'s' if made != 1 else ''} {verb} made for their companies" if made else ""
    refused = f" (written to {report.refused_file})" if report.refused_file else ""
    click.echo(("Dry run, nothing written. " if report.dry_run else "") + counts + refused + extra + ".")


@click.command(name="export", help="Write every row of a list or view — its filter, sort and columns, as the app "
               "shows it — to CSV (a header row of the columns' names) or JSON (an array of objects keyed by field "
               "name), UTF-8, the record's id first, dates and times in ISO 8601, amounts as plain decimals. Without "
               "--view, the record type's first list (Active Accounts, Open Leads...). Contacts also as vCards "
               "(-f vcard), your appointments and tasks as iCalendar (export activity -f ical); -o FOLDER/ writes "
               "either as a vdir, one file an item.")
@click.argument("rt_key", metavar="TYPE", type=click.Choice([*RECORD_KEYS, "activity"]))
@click.option("--view", metavar="NAME", help="one of your views, or a list's title (\"All Accounts\")")
@click.option("-f", "--format", "fmt", type=click.Choice(("csv", "json", "vcard", "ical")),
              help="default: by the file's name with -o (.json, .vcf, .ics), else csv")
@click.option("-o", "--output", metavar="PATH",
              help="the file to write (written whole, readable by you alone), or FOLDER/; default: standard output")
@DB_OPTION
@USER_OPTION
@click.pass_context
def export_command(ctx, rt_key, view, fmt, output, db, user):
    from crm_tui import commands

    return commands.export(database_url(ctx, db), rt_key, view, fmt, output, user or ctx.find_root().params.get("user"))


def _file_command(name: str, help_text: str) -> click.Command:
    """backup FILE and restore FILE: a file and a database, the work in crm_tui.commands."""
    @click.command(name=name, help=help_text)
    @click.argument("file", metavar="FILE")
    @DB_OPTION
    @click.pass_context
    def command(ctx, file, db):
        from crm_tui import commands

        return getattr(commands, name)(database_url(ctx, db), file)

    return command


backup_command = _file_command("backup", "Write every table (users, views and audit included) to FILE: a zip of "
                               "JSON lines with a manifest, from one snapshot of the database (sessions may go on "
                               "working meanwhile). FILE is replaced only once the new backup is whole, and is "
                               "readable by you alone.")
restore_command = _file_command("restore", "Fill an empty database, SQLite or PostgreSQL, from FILE: all of it or "
                                "nothing, ids and id counters kept. Backing up a SQLite file and restoring into a "
                                "PostgreSQL database moves a team to a server.")
