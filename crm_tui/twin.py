"""The scriptable twin of the app: `crm-tui TYPE list` and `crm-tui TYPE show ID`, one command
group per record type, made from the record types' own declarations (a new type is here with no
edit). Output for pipes: an aligned table, JSON, CSV or TSV, or ids alone (-q).

Exit status: 0 done, 1 an error, 2 a usage error, 3 not found, 5 input refused (an unknown field
in --where or --sort). With -f json an error is a JSON object on standard error too.

Click is imported only here, and this module only for these commands: opening the app never
reads it.
"""

from __future__ import annotations

import csv
import json
import shutil
import sys
from dataclasses import replace
from typing import Any

import click

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import RECORD_TYPES, a_noun, record_type

DONE, ERROR, USAGE, NOT_FOUND, CONFLICT, REFUSED = 0, 1, 2, 3, 4, 5
FORMATS = ("table", "json", "csv", "tsv")


class Refused(click.ClickException):
    """A failure with its own exit status, said once on stderr (as JSON when -f json)."""

    def __init__(self, message: str, exit_code: int, as_json: bool = False):
        super().__init__(message)
        self.exit_code = exit_code
        self.as_json = as_json

    def show(self, file=None) -> None:
        if self.as_json:
            click.echo(json.dumps({"error": self.message, "exit_code": self.exit_code}, ensure_ascii=False), err=True)
        else:
            click.echo(f"crm-tui: {self.message}", err=True)


def _open(ctx: click.Context, db: str | None, user: str | None):
    """Open the database (migrating it as the app would) and sign in; the user's record."""
    from crm_tui import paths
    from crm_tui.services.users import ensure_user, login_name
    from crm_tui.startup.opening import open_reporting

    from crm_tui.services import settings

    settings.load().apply_names()  # labels and names in the organisation's words, as the app shows them
    root = ctx.find_root().params
    open_reporting(paths.resolve_url(db or root.get("db")))
    return ensure_user(user or root.get("user") or login_name())


def _where_terms(rt_key: str, where: tuple[str, ...], as_json: bool):
    from crm_tui.services.view_spec import EQUALS, Condition, view_fields

    names = {f.name for f in view_fields(rt_key)}
    conditions = []
    for term in where:
        name, sep, value = term.partition("=")
        name = name.strip()
        if not sep or name not in names:
            raise Refused(f"--where takes FIELD=VALUE with a field of {record_type(rt_key).plural}: "
                          f"{', '.join(sorted(names))}", REFUSED, as_json)
        conditions.append(Condition(name, EQUALS, value.strip()))
    return tuple(conditions)


def _shown(rt_key: str, actor, view: str | None, where: tuple[str, ...], sort: str | None, as_json: bool):
    """What list writes: a view (or the type's first list), narrowed and sorted as asked."""
    from crm_tui.services import export, view_spec

    try:
        what = export.shown(rt_key, actor, view)
    except export.ExportError as error:
        raise Refused(str(error), NOT_FOUND, as_json) from None
    if not where and not sort:
        return what
    spec = what.columns
    listed = what.system
    if listed is not None:  # a system list as a view: its state and owner as conditions
        from crm_tui.services import system_views

        if listed.sla_queue:
            raise Refused(f"“{what.name}” follows the SLA clock: it cannot be narrowed or sorted further; "
                          f"use --view \"{system_views.system_views(rt_key)[0].title(rt_key)}\"", REFUSED, as_json)
        spec = view_spec.spec_of_list(rt_key, listed.state, actor.display_name if listed.mine else None)
    spec = replace(spec, conditions=spec.conditions + _where_terms(rt_key, where, as_json), name=what.name)
    if sort:
        name = sort.lstrip("-")
        spec = replace(spec, sort=name, descending=sort.startswith("-"))
    problems = view_spec.check(spec)
    if problems:
        raise Refused("; ".join(problems.values()), REFUSED, as_json)
    return export.Shown.of_view(spec)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Columns as wide as their widest cell, two spaces apart (no colour, no box: for pipes too)."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _text(value: Any) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _list(ctx: click.Context, rt_key: str, view, where, sort, fmt, quiet, db, user) -> None:
    from crm_tui.services import export, listing

    actor = _open(ctx, db, user)
    what = _shown(rt_key, actor, view, where, sort, fmt == "json")
    if quiet:  # ids alone, straight from the key index
        for ids in listing.walk_ids(what.query):
            sys.stdout.write("".join(f"{i}\n" for i in ids))
        return
    if fmt in ("json", "csv"):
        export.write(what, sys.stdout, fmt)
        return
    header, rows = export.table(what)
    if fmt == "tsv":  # a line a row, a tab between cells, nothing quoted (tabs and new lines in text are spaces)
        sys.stdout.write("".join("\t".join(_text(v) for v in row) + "\n" for row in [header, *rows]))
        return
    click.echo(_table(header, [[_text(v) for v in row] for row in rows]))


def _show(ctx: click.Context, rt_key: str, record_id: int, fmt: str, db, user) -> None:
    _open(ctx, db, user)
    _print_record(rt_key, record_id, fmt)


def _print_record(rt_key: str, record_id: int, fmt: str, quiet: bool = False) -> None:
    from crm_tui.services import export

    if quiet:
        click.echo(record_id)
        return
    found = export.record(rt_key, record_id)
    if found is None:
        raise Refused(f"No {lower_noun(record_type(rt_key).singular)} has id {record_id}", NOT_FOUND, fmt == "json")
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False))  # one line: a create prints one a record
        return
    labels = export.labels(rt_key)
    pairs = [(labels[name], _text(value)) for name, value in found.items()]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([label for label, _ in pairs])
        writer.writerow([value for _, value in pairs])
        return
    if fmt == "tsv":
        sys.stdout.write("\t".join(label for label, _ in pairs) + "\n" + "\t".join(v for _, v in pairs) + "\n")
        return
    width = max(len(label) for label, _ in pairs)
    click.echo("\n".join(f"{label.ljust(width)}  {value}".rstrip() for label, value in pairs))


# -- writing: create, update, delete and each record type's own actions ---------------------------
def _refusal(error: Exception, as_json: bool, where: str = "") -> Refused:
    """A service's refusal as the exit status it means, its message as the app says it."""
    from crm_tui.services.errors import ConflictError, DeleteBlockedError, NotFoundError, ValidationError

    prefix = f"{where}: " if where else ""
    if isinstance(error, ValidationError):
        refused = Refused(prefix + "; ".join(f"{k}: {v}" if k else v for k, v in error.errors.items()), REFUSED, as_json)
    elif isinstance(error, NotFoundError):
        refused = Refused(prefix + str(error), NOT_FOUND, as_json)
    elif isinstance(error, ConflictError):
        fields = ", ".join(c.field for c in error.conflicts) or "the record"
        refused = Refused(f"{prefix}{error.modified_by} saved it since (version {error.current_version}): "
                          f"{fields} changed; nothing was written", CONFLICT, as_json)
    elif isinstance(error, DeleteBlockedError):
        refused = Refused(prefix + str(error), REFUSED, as_json)
    else:
        raise error
    return refused


def _pairs(settings: tuple[str, ...], as_json: bool) -> dict[str, str]:
    values = {}
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise Refused(f"--set takes FIELD=VALUE, not “{item}”", REFUSED, as_json)
        values[name.strip()] = value
    return values


def _objects_on_stdin(as_json: bool) -> list[tuple[int, dict]]:
    """JSON lines on standard input, one object a record: (line number, object)."""
    found = []
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError:
            raise Refused(f"line {number}: not JSON", REFUSED, as_json) from None
        if not isinstance(item, dict):
            raise Refused(f"line {number}: not a JSON object of field names and values", REFUSED, as_json)
        found.append((number, item))
    return found


def _known_fields(rt_key: str, values: dict, as_json: bool, where: str = "") -> dict:
    names = {f.name for f in record_type(rt_key).fields}
    unknown = sorted(set(values) - names - {"owner"})
    if unknown:
        raise Refused(f"{where + ': ' if where else ''}{record_type(rt_key).plural} have no field "
                      f"{', '.join(unknown)} (they have {', '.join(sorted(names))})", REFUSED, as_json)
    return values


def _create(ctx, rt_key, settings, fmt, quiet, db, user) -> None:
    from crm_tui.services.registry import service

    actor = _open(ctx, db, user)
    as_json = fmt == "json"
    batch = [(0, _pairs(settings, as_json))] if settings or sys.stdin.isatty() else _objects_on_stdin(as_json)
    refused = []
    for number, values in batch:
        where = f"line {number}" if number else ""
        try:
            made = service(rt_key).create(actor, _known_fields(rt_key, values, as_json, where))
        except Refused as error:
            refused.append(error)
            continue
        except Exception as error:  # a service's refusal of this one; the others go on
            refused.append(_refusal(error, as_json, where))
            continue
        _print_record(rt_key, made.id, "json" if as_json else fmt, quiet or not as_json)
    for error in refused:
        error.show()
    if refused:
        raise click.exceptions.Exit(REFUSED)


def _update(ctx, rt_key, record_id, settings, version, fmt, quiet, db, user) -> None:
    from crm_tui.services.registry import service

    actor = _open(ctx, db, user)
    as_json = fmt == "json"
    if settings or sys.stdin.isatty():
        changes = _pairs(settings, as_json)
    else:
        objects = _objects_on_stdin(as_json)
        if len(objects) != 1:
            raise Refused("update takes one JSON object on standard input", REFUSED, as_json)
        changes = objects[0][1]
    try:
        records = service(rt_key)
        expected = version if version is not None else records.get(record_id).version
        records.update(actor, record_id, _known_fields(rt_key, changes, as_json), expected)
    except Refused:
        raise
    except Exception as error:
        raise _refusal(error, as_json) from None
    _print_record(rt_key, record_id, fmt, quiet)


def _delete(ctx, rt_key, record_id, fmt, db, user) -> None:
    from crm_tui.services.registry import service

    actor = _open(ctx, db, user)
    try:
        service(rt_key).delete(actor, record_id)
    except Exception as error:
        raise _refusal(error, fmt == "json") from None
    if fmt == "json":
        click.echo(json.dumps({"deleted": record_id}))


def _operate(ctx, rt_key, operation, record_id, arguments, fmt, quiet, db, user) -> None:
    from crm_tui.services import record_detail

    actor = _open(ctx, db, user)
    try:
        done = record_detail.status_action(actor, rt_key, record_id, operation, *arguments)
    except Exception as error:
        raise _refusal(error, fmt == "json") from None
    for notice in done.notices:
        click.echo(f"crm-tui: {notice}", err=True)
    _print_record(rt_key, done.id, fmt, quiet)  # merge: the case merged into


def _operation_command(rt_key: str, operation: str, label: str, help_text: str) -> click.Command:
    """A command for one of the type's declared operations, its options read from the service's
    method (`resolve(actor, case_id, resolution_type, resolution, ...)`: --resolution-type ...)."""
    import inspect

    from crm_tui.services.registry import service

    method = getattr(service(rt_key), operation)
    parameters = list(inspect.signature(method).parameters.values())[2:]  # after actor and the record's id

    def run(ctx, record_id, fmt, quiet, db, user, **given):
        arguments = []
        for p in parameters:
            if given.get(p.name) is None and p.default is not inspect.Parameter.empty:
                break  # the rest keep their defaults
            arguments.append(given.get(p.name))
        _operate(ctx, rt_key, operation, record_id, arguments, fmt, quiet, db, user)

    # Click lists options in the reverse of the order they are added: the operation's own first.
    command = answered(run)
    for p in reversed(parameters):
        kind = {"int": int, "bool": click.BOOL}.get(str(p.annotation), str)
        command = click.option(f"--{p.name.replace('_', '-')}", p.name, type=kind,
                               required=p.default is inspect.Parameter.empty, help=p.name.replace("_", " "))(command)
    command = click.argument("record_id", metavar="ID", type=int)(command)
    return click.command(name=operation.replace("_", "-"), help=help_text[:1].upper() + help_text[1:] + ".")(command)


DB_OPTION = click.option("--db", metavar="URL", help="a SQLite file path or postgresql://user:pass@host/db")
USER_OPTION = click.option("--user", metavar="NAME", help="work as this user (whose views, whose \"My\" lists)")
FORMAT_OPTION = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="how rows are written")
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="the ids alone, one a line")


def answered(command):
    """What every command that writes records out takes: -f, -q, --db and --user (and its context)."""
    for decorate in (click.pass_context, USER_OPTION, DB_OPTION, QUIET_OPTION, FORMAT_OPTION):
        command = decorate(command)
    return command


SET_OPTION = click.option("--set", "settings", metavar="FIELD=VALUE", multiple=True,
                          help="a field's value (repeat it; without any, JSON lines on standard input)")


def _type_group(rt_key: str) -> click.Group:
    rt = record_type(rt_key)

    @click.group(name=rt_key, help=f"{rt.plural} from the shell: list, show, create, update and delete them, "
                 "and run their own actions.")
    def group() -> None:
        pass

    @group.command(name="list", help=f"Every {lower_noun(rt.singular)} of a list or view, in its order. Without "
                   f"--view, the first list ({rt.states[0].label} {rt.plural}).")
    @click.option("--view", metavar="NAME", help="one of your views, or a list's title (\"All Accounts\")")
    @click.option("--where", metavar="FIELD=VALUE", multiple=True, help="only rows whose field equals the value")
    @click.option("--sort", metavar="FIELD", help="sort by this field (-FIELD: descending)")
    @answered
    def list_command(ctx, view, where, sort, fmt, quiet, db, user):
        _list(ctx, rt_key, view, where, sort, fmt, quiet, db, user)

    @group.command(name="show", help=f"One {lower_noun(rt.singular)}, every field.")
    @click.argument("record_id", metavar="ID", type=int)
    @FORMAT_OPTION
    @DB_OPTION
    @USER_OPTION
    @click.pass_context
    def show_command(ctx, record_id, fmt, db, user):
        _show(ctx, rt_key, record_id, fmt, db, user)

    @group.command(name="create", help=f"New {lower_noun(rt.plural)}: one from --set, or one a line of JSON objects "
                   "on standard input; prints their ids (-f json: each record). A customer is account:ID or "
                   "contact:ID, a link the linked record's id.")
    @SET_OPTION
    @answered
    def create_command(ctx, settings, fmt, quiet, db, user):
        _create(ctx, rt_key, settings, fmt, quiet, db, user)

    @group.command(name="update", help=f"Change {a_noun(rt_key)}'s fields (--set, or one JSON object on "
                   "standard input). With --version, refused (exit 4) if someone saved it since.")
    @click.argument("record_id", metavar="ID", type=int)
    @SET_OPTION
    @click.option("--version", type=int, help="the version you read: a save since then is a conflict")
    @answered
    def update_command(ctx, record_id, settings, version, fmt, quiet, db, user):
        _update(ctx, rt_key, record_id, settings, version, fmt, quiet, db, user)

    @group.command(name="delete", help=f"Delete {a_noun(rt_key)} (refused, exit 5, where it would "
                   "leave an orphan: the reason says what to do instead).")
    @click.argument("record_id", metavar="ID", type=int)
    @FORMAT_OPTION
    @DB_OPTION
    @USER_OPTION
    @click.pass_context
    def delete_command(ctx, record_id, fmt, db, user):
        _delete(ctx, rt_key, record_id, fmt, db, user)

    for action in _declared_operations(rt_key):
        group.add_command(_operation_command(rt_key, action.operation, action.label, action.help or action.label))
    return group


def _declared_operations(rt_key: str):
    """The type's actions that run an operation of its service, once each (the stage moves share one)."""
    from crm_tui.core import actions

    seen, found = set(), []
    for action in actions.ACTIONS:
        if action.operation and action.offered_for(rt_key) and action.operation not in seen:
            seen.add(action.operation)
            found.append(action)
    return found


@click.group(name="crm-tui", help="crm-tui from the shell: each record type's records, listed and shown.")
@DB_OPTION
@USER_OPTION
def main_group(db, user) -> None:
    pass


for _rt in RECORD_TYPES:
    main_group.add_command(_type_group(_rt.key))

LOGGED_KINDS = {"call": "phone_call", "task": "task", "email": "email", "appointment": "appointment", "note": "note"}


@main_group.command(name="log", help="Log an activity or a note on a record, as `a` does in the app: a call or "
                    "an email is logged done, a task is open, an appointment is scheduled (in an hour unless "
                    "--set start_at=... says when), a note is posted. Prints its id (-f json: what was logged).")
@click.argument("kind", type=click.Choice(tuple(LOGGED_KINDS)))
@click.option("--regarding", metavar="TYPE:ID", required=True, help="the record it is about: case:12, account:7")
@click.option("--subject", required=True, help="what it is about, in a line")
@SET_OPTION
@answered
def log_command(ctx, kind, regarding, subject, settings, fmt, quiet, db, user):
    from crm_tui.core.types.activity import KINDS
    from crm_tui.services import activities

    actor = _open(ctx, db, user)
    as_json = fmt == "json"
    kind_key = LOGGED_KINDS[kind]
    rtype, _, rid = regarding.partition(":")
    if rtype not in {rt.key for rt in RECORD_TYPES} or not rid.isdigit():
        raise Refused(f"--regarding takes TYPE:ID with a record type ({', '.join(rt.key for rt in RECORD_TYPES)}), "
                      f"not “{regarding}”", REFUSED, as_json)
    fields = _pairs(settings, as_json)
    known = {f.name for f in KINDS[kind_key].record_type.fields}
    if unknown := sorted(set(fields) - known):
        raise Refused(f"{KINDS[kind_key].plural} have no field {', '.join(unknown)} "
                      f"(they have {', '.join(sorted(known))})", REFUSED, as_json)
    try:
        made = activities.log(actor, kind_key, (rtype, int(rid)), subject, **fields)
    except Exception as error:
        raise _refusal(error, as_json) from None
    if as_json and not quiet:
        click.echo(json.dumps({"id": made.id, "kind": made.kind, "subject": made.subject, "state": made.state,
                               "regarding": f"{made.regarding_type}:{made.regarding_id}"}, ensure_ascii=False))
    else:
        click.echo(made.id)


@main_group.command(name="due", help="Your open activities that are overdue or due today, earliest first "
                    "(--days N: the next N days too): for cron, or a count in a shell prompt (-q | wc -l).")
@click.option("--days", type=click.IntRange(0, 3650), default=0, help="also what is due in the next N days")
@answered
def due_command(ctx, days, fmt, quiet, db, user):
    import datetime as dt

    from crm_tui.core.fields import local_day_bounds, local_today
    from crm_tui.core.types.activity import KINDS
    from crm_tui.services import activities

    actor = _open(ctx, db, user)
    until = local_day_bounds(local_today() + dt.timedelta(days=days))[1]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    found = activities.due(actor.id, until)
    if quiet:
        sys.stdout.write("".join(f"{d.id}\n" for d in found))
        return
    rows = [{"id": d.id, "kind": d.kind, "subject": d.subject,
             "due": d.at.replace(tzinfo=dt.timezone.utc).astimezone().isoformat(timespec="minutes"),
             "overdue": d.at < now, "regarding": f"{d.regarding[0]}:{d.regarding[1]}", "regarding_name": d.regarding_name}
            for d in found]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    header = ["Id", "When", "Kind", "Subject", "Regarding"]
    cells = [[str(r["id"]), ("Overdue " if r["overdue"] else "") + r["due"][:16].replace("T", " "),
              KINDS[r["kind"]].singular, _text(r["subject"]), _text(r["regarding_name"])] for r in rows]
    if fmt in ("csv", "tsv"):
        writer = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerows([header, *cells])
        return
    click.echo(_table(header, cells))



def main(argv: list[str]) -> int:
    """Run a twin command; its exit status."""
    try:
        status = main_group.main(args=argv, prog_name="crm-tui", standalone_mode=False)
        if isinstance(status, int):  # a command that ended with its own status (click's Exit)
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


# -- import -------------------------------------------------------------------------------------
def _mapping_shown(rt_key: str, mapping: dict[str, str], as_json: bool) -> None:
    from crm_tui.services.importing import columns

    labels = columns.targets(rt_key)
    if as_json:
        click.echo(json.dumps(mapping, ensure_ascii=False))
        return
    width = max([len(h) for h in mapping] or [0])
    click.echo("\n".join(f"{header.ljust(width)}  ->  {labels.get(target, target)}" for header, target in mapping.items()))


def _progress_bar(label: str):
    """A progress bar on the terminal (standard error, and only when it is a terminal)."""
    state: dict[str, Any] = {}

    def advance(done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)
            state["bar"].__enter__()
            state["at"] = 0
        state["bar"].update(done - state["at"])
        state["at"] = done
        if done >= total:
            state.pop("bar").__exit__(None, None, None)

    return advance


IMPORT_TYPES = tuple(rt.key for rt in RECORD_TYPES)


@main_group.command(name="import", help="Bring records in from a CSV file (Outlook, Google Contacts, Dynamics 365, "
                    "crm-tui's own export, or any other with a map), or contacts from vCards (a .vcf file, or a "
                    "folder of them). Each row is matched by its id, then email, then phone, then name within "
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
    actor = _open(ctx, db, user)
    mapping = None
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
        report = importing.import_file(actor, rt_key, path, mode, dry_run, mapping=mapping,
                                       progress=_progress_bar(f"Importing {record_type(rt_key).plural.lower()}"))
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
    counts = (f"{report.read:,} rows read: {report.created:,} created, {report.updated:,} updated, "
              f"{report.skipped:,} skipped, {report.refused:,} refused")
    made = report.accounts_created
    extra = f"; {made:,} account{'s' if made != 1 else ''} {verb} made for their companies" if made else ""
    refused = f" (written to {report.refused_file})" if report.refused_file else ""
    click.echo(("Dry run, nothing written. " if report.dry_run else "") + counts + refused + extra + ".")


WORDS = frozenset(main_group.commands)  # the words that start a command of this module: record types, log, due, import
