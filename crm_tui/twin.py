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

from crm_tui.core.types import RECORD_TYPES, record_type

DONE, ERROR, USAGE, NOT_FOUND, REFUSED = 0, 1, 2, 3, 5
FORMATS = ("table", "json", "csv", "tsv")


class Refused(click.ClickException):
    """A failure with its own exit status, said once on stderr (as JSON when -f json)."""

    def __init__(self, message: str, exit_code: int, as_json: bool = False):
        super().__init__(message)
        self.exit_code = exit_code
        self.as_json = as_json

    def show(self, file=None) -> None:
        if self.as_json:
            click.echo(json.dumps({"error": self.message, "exit_code": self.exit_code}), err=True)
        else:
            click.echo(f"crm-tui: {self.message}", err=True)


def _open(ctx: click.Context, db: str | None, user: str | None):
    """Open the database (migrating it as the app would) and sign in; the user's record."""
    from crm_tui import paths
    from crm_tui.services.users import ensure_user, login_name
    from crm_tui.startup.opening import open_reporting

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
    if what.query.view is None:  # a system list as a view: its state and owner as conditions
        from crm_tui.services import system_views

        listed = next(v for v in system_views.system_views(rt_key) if v.title(rt_key) == what.name)
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
    from crm_tui.services import export

    _open(ctx, db, user)
    found = export.record(rt_key, record_id)
    if found is None:
        raise Refused(f"No {record_type(rt_key).singular.lower()} has id {record_id}", NOT_FOUND, fmt == "json")
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
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


DB_OPTION = click.option("--db", metavar="URL", help="a SQLite file path or postgresql://user:pass@host/db")
USER_OPTION = click.option("--user", metavar="NAME", help="work as this user (whose views, whose \"My\" lists)")
FORMAT_OPTION = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="how rows are written")


def _type_group(rt_key: str) -> click.Group:
    rt = record_type(rt_key)

    @click.group(name=rt_key, help=f"{rt.plural} from the shell: list them, show one.")
    def group() -> None:
        pass

    @group.command(name="list", help=f"Every {rt.singular.lower()} of a list or view, in its order. Without "
                   f"--view, the first list ({rt.states[0].label} {rt.plural}).")
    @click.option("--view", metavar="NAME", help="one of your views, or a list's title (\"All Accounts\")")
    @click.option("--where", metavar="FIELD=VALUE", multiple=True, help="only rows whose field equals the value")
    @click.option("--sort", metavar="FIELD", help="sort by this field (-FIELD: descending)")
    @FORMAT_OPTION
    @click.option("-q", "--quiet", is_flag=True, help="the ids alone, one a line")
    @DB_OPTION
    @USER_OPTION
    @click.pass_context
    def list_command(ctx, view, where, sort, fmt, quiet, db, user):
        _list(ctx, rt_key, view, where, sort, fmt, quiet, db, user)

    @group.command(name="show", help=f"One {rt.singular.lower()}, every field.")
    @click.argument("record_id", metavar="ID", type=int)
    @FORMAT_OPTION
    @DB_OPTION
    @USER_OPTION
    @click.pass_context
    def show_command(ctx, record_id, fmt, db, user):
        _show(ctx, rt_key, record_id, fmt, db, user)

    return group


@click.group(name="crm-tui", help="crm-tui from the shell: each record type's records, listed and shown.")
@DB_OPTION
@USER_OPTION
def main_group(db, user) -> None:
    pass


for _rt in RECORD_TYPES:
    main_group.add_command(_type_group(_rt.key))

WORDS = frozenset(main_group.commands)  # the words that start a command of this module


def main(argv: list[str]) -> int:
    """Run a twin command; its exit status."""
    try:
        main_group.main(args=argv, prog_name="crm-tui", standalone_mode=False)
    except Refused as refused:
        refused.show()
        return refused.exit_code
    except click.UsageError as error:
        error.show()
        return USAGE
    except click.exceptions.Abort:
        return ERROR
    except BrokenPipeError:  # read by head: what was wanted was written
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return DONE
