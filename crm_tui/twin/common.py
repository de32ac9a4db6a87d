"""What the shell's commands share: exit statuses, refusals said once, the options every command
takes, opening the database as the app does, and writing a record out."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click

from crm_tui import paths
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import record_type

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


def database_url(ctx: click.Context, db: str | None) -> str:
    from crm_tui import paths

    return paths.resolve_url(db or ctx.find_root().params.get("db"))


def signed_in(ctx: click.Context, db: str | None, user: str | None):
    """Open the database (migrating it as the app would) and sign in; the user's record."""
    from crm_tui.services import settings
    from crm_tui.services.users import ensure_user, login_name
    from crm_tui.startup.opening import open_reporting

    settings.load().apply_names()  # labels and names in the organisation's words, as the app shows them
    open_reporting(database_url(ctx, db))
    return ensure_user(user or ctx.find_root().params.get("user") or login_name())


def aligned(header: list[str], rows: list[list[str]]) -> str:
    """Columns as wide as their widest cell, two spaces apart (no colour, no box: for pipes too)."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def write_rows(header: list[str], rows: list[list[str]], fmt: str) -> None:
    """Rows as CSV or TSV (a header line first), else as aligned columns."""
    if fmt in ("csv", "tsv"):
        csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n").writerows([header, *rows])
    else:
        click.echo(aligned(header, rows))


def cell(value: Any) -> str:
    return "" if value is None else str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def print_record(rt_key: str, record_id: int, fmt: str, quiet: bool = False) -> None:
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
    pairs = [(labels[name], cell(value)) for name, value in found.items()]
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


def refusal(error: Exception, as_json: bool, where: str = "") -> Refused:
    """A service's refusal as the exit status it means, its message as the app says it."""
    from crm_tui.services.errors import (
        ConflictError,
        DeleteBlockedError,
        NotFoundError,
        ValidationError,
    )

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


def field_values(settings: tuple[str, ...], as_json: bool) -> dict[str, str]:
    values = {}
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise Refused(f"--set takes FIELD=VALUE, not “{item}”", REFUSED, as_json)
        values[name.strip()] = value
    return values


DB_OPTION = click.option("--db", metavar="URL", help="a SQLite file path or postgresql://user:pass@host/db "
                         f"(default: ${paths.DB_ENV}, else {paths.default_url()})")


USER_OPTION = click.option("--user", metavar="NAME", help="work as this user (whose views, whose \"My\" lists)")


FORMAT_OPTION = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                             help="how rows are written")


QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="the ids alone, one a line")


def read_out(command):
    """What a command that writes one record out (or says it is gone) takes: -f, --db and --user."""
    for decorate in (click.pass_context, USER_OPTION, DB_OPTION, FORMAT_OPTION):
        command = decorate(command)
    return command


def answered(command):
    """What every command that writes records out takes: -f, -q, --db and --user (and its context)."""
    for decorate in (click.pass_context, USER_OPTION, DB_OPTION, QUIET_OPTION, FORMAT_OPTION):
        command = decorate(command)
    return command


SET_OPTION = click.option("--set", "settings", metavar="FIELD=VALUE", multiple=True,
                          help="a field's value (repeat it; without any, JSON lines on standard input)")


def progress_bar(label: str):
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
