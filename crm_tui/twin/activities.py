"""Activities from the shell: log one on a record, as `a` does in the app; list what is due."""

from __future__ import annotations

import json
import sys

import click

from crm_tui.core.types import RECORD_TYPES
from crm_tui.twin.common import (
    REFUSED,
    SET_OPTION,
    Refused,
    answered,
    cell,
    field_values,
    refusal,
    signed_in,
    write_rows,
)

LOGGED_KINDS = {"call": "phone_call", "task": "task", "email": "email", "appointment": "appointment", "note": "note"}


@click.command(name="log", help="Log an activity or a note on a record, as `a` does in the app: a call or "
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

    actor = signed_in(ctx, db, user)
    as_json = fmt == "json"
    kind_key = LOGGED_KINDS[kind]
    rtype, _, rid = regarding.partition(":")
    if rtype not in {rt.key for rt in RECORD_TYPES} or not rid.isdigit():
        raise Refused(f"--regarding takes TYPE:ID with a record type ({', '.join(rt.key for rt in RECORD_TYPES)}), "
                      f"not “{regarding}”", REFUSED, as_json)
    fields = field_values(settings, as_json)
    known = {f.name for f in KINDS[kind_key].record_type.fields}
    if unknown := sorted(set(fields) - known):
        raise Refused(f"{KINDS[kind_key].plural} have no field {', '.join(unknown)} "
                      f"(they have {', '.join(sorted(known))})", REFUSED, as_json)
    try:
        made = activities.log(actor, kind_key, (rtype, int(rid)), subject, **fields)
    except Exception as error:
        raise refusal(error, as_json) from None
    if as_json and not quiet:
        click.echo(json.dumps({"id": made.id, "kind": made.kind, "subject": made.subject, "state": made.state,
                               "regarding": f"{made.regarding_type}:{made.regarding_id}"}, ensure_ascii=False))
    else:
        click.echo(made.id)


@click.command(name="due", help="Your open activities that are overdue or due today, earliest first "
                    "(--days N: the next N days too): for cron, or a count in a shell prompt (-q | wc -l). "
                    "--reminders: those whose reminder time has come instead.")
@click.option("--days", type=click.IntRange(0, 3650), default=0, help="also what is due in the next N days")
@click.option("--reminders", is_flag=True, help="the open activities whose reminder time has come")
@answered
def due_command(ctx, days, reminders, fmt, quiet, db, user):
    import datetime as dt

    from crm_tui.core.fields import local_day_bounds, local_today
    from crm_tui.core.types.activity import KINDS
    from crm_tui.services import activities

    actor = signed_in(ctx, db, user)
    until = local_day_bounds(local_today() + dt.timedelta(days=days))[1]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    found = activities.reminders(actor.id, now, shown=True) if reminders else activities.due(actor.id, until)
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
              KINDS[r["kind"]].singular, cell(r["subject"]), cell(r["regarding_name"])] for r in rows]
    write_rows(header, cells, fmt)
