"""A team's work from the shell: queues (list, items, next, release, route, add, create), teams
and users."""

from __future__ import annotations

import json

import click

from crm_tui.twin.common import CONFLICT, ERROR, Refused, answered, cell, refusal, signed_in, write_rows


def _out(header: list[str], rows: list[list[str]], objects: list[dict], fmt: str, quiet: bool, ids: list) -> None:
    if quiet:
        click.echo("".join(f"{i}\n" for i in ids), nl=False)
    elif fmt == "json":
        click.echo(json.dumps(objects, ensure_ascii=False))
    else:
        write_rows(header, rows, fmt)


def _items(found, fmt: str, quiet: bool, single: bool = False) -> None:
    """Items as a table, or JSON (one object for a single item: what next, pick, release, route print)."""
    if single and fmt == "json":
        click.echo(json.dumps(found[0].as_dict(), ensure_ascii=False))
        return
    header = ["Item", "Record", "Title", "Priority", "Deadline (UTC)", "Waiting since (UTC)", "Picked by"]
    rows = [[str(i.id), f"{i.record_type}:{i.record_id}", cell(i.title), i.priority,
             f"{i.deadline:%Y-%m-%d %H:%M}" if i.deadline else "", f"{i.entered_on:%Y-%m-%d %H:%M}", cell(i.worked_by)]
            for i in found]
    _out(header, rows, [i.as_dict() for i in found], fmt, quiet, [i.id for i in found])


def _refused(error: Exception, fmt: str) -> Refused:
    from crm_tui.services.queues import AlreadyPicked

    if isinstance(error, AlreadyPicked):
        return Refused(str(error), CONFLICT, fmt == "json")
    return refusal(error, fmt == "json")


@click.group(name="queue", help="Queues of cases and activities: list them, their items, pick the next, "
             "release one, route one to another queue.")
def queue_group() -> None:
    pass


@queue_group.command(name="list", help="Every queue: whose it is (a team's, one person's, everyone's), how many "
                     "items wait and how many are picked.")
@answered
def queue_list(ctx, fmt, quiet, db, user):
    from crm_tui.services import queues

    signed_in(ctx, db, user)
    found = queues.queues()
    _out(["Queue", "Whose", "Waiting", "Picked"], [[cell(q.name), cell(q.whose), str(q.waiting), str(q.picked)]
                                                   for q in found],
         [{"id": q.id, "name": q.name, "whose": q.whose, "waiting": q.waiting, "picked": q.picked} for q in found],
         fmt, quiet, [q.name for q in found])


@queue_group.command(name="items", help="A queue's open items, the most urgent first (priority, then the "
                     "earliest deadline).")
@click.argument("queue_name", metavar="QUEUE")
@click.option("--waiting", is_flag=True, help="only those nobody has picked")
@answered
def queue_items(ctx, queue_name, waiting, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    signed_in(ctx, db, user)
    try:
        _items(queues.items(queue_name, include_picked=not waiting), fmt, quiet)
    except ServiceError as error:
        raise _refused(error, fmt) from None


@queue_group.command(name="next", help="Pick the most urgent item nobody has in the queue: it is assigned to you "
                     "and marked yours; prints it. Exit 1 when nothing waits.")
@click.argument("queue_name", metavar="QUEUE")
@answered
def queue_next(ctx, queue_name, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    actor = signed_in(ctx, db, user)
    try:
        picked = queues.next_item(actor, queue_name)
    except ServiceError as error:
        raise _refused(error, fmt) from None
    if picked is None:
        raise Refused(f"nothing waits in {queue_name}", ERROR, fmt == "json")
    _items([picked], fmt, quiet, single=True)


def _item_command(name: str, help_text: str, run):
    @click.command(name=name, help=help_text)
    @click.argument("item_id", metavar="ITEM", type=int)
    @answered
    def command(ctx, item_id, fmt, quiet, db, user):
        from crm_tui.services.errors import ServiceError

        actor = signed_in(ctx, db, user)
        try:
            _items([run(actor, item_id)], fmt, quiet, single=True)
        except ServiceError as error:
            raise _refused(error, fmt) from None

    return command


def _pick(actor, item_id):
    from crm_tui.services import queues

    return queues.pick(actor, item_id)


def _release(actor, item_id):
    from crm_tui.services import queues

    return queues.release(actor, item_id)


queue_group.add_command(_item_command("pick", "Pick this item: assigned to you, marked yours (exit 4 if someone "
                                              "has it).", _pick))
queue_group.add_command(_item_command("release", "Give a picked item back to its queue.", _release))


@queue_group.command(name="route", help="Move an item to another queue (nobody has it there yet).")
@click.argument("item_id", metavar="ITEM", type=int)
@click.argument("queue_name", metavar="QUEUE")
@answered
def queue_route(ctx, item_id, queue_name, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    actor = signed_in(ctx, db, user)
    try:
        moved = queues.route_item(actor, item_id, queue_name)
        _items([queues.describe(moved.id)], fmt, quiet, single=True)
    except ServiceError as error:
        raise _refused(error, fmt) from None


@queue_group.command(name="add", help="Put a case or an activity in a queue (or move it there): "
                     "crm-tui queue add \"First line\" case 12.")
@click.argument("queue_name", metavar="QUEUE")
@click.argument("record_type", metavar="TYPE")
@click.argument("record_id", metavar="ID", type=int)
@answered
def queue_add(ctx, queue_name, record_type, record_id, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    actor = signed_in(ctx, db, user)
    try:
        added = queues.route(actor, record_type, record_id, queue_name)
        _items([queues.describe(added.id)], fmt, quiet, single=True)
    except (ServiceError, KeyError) as error:
        if isinstance(error, KeyError):
            raise Refused(f"no record type {record_type}", ERROR, fmt == "json") from None
        raise _refused(error, fmt) from None


@queue_group.command(name="create", help="A new queue: everyone's, a team's (--team) or your own (--personal).")
@click.argument("name")
@click.option("--team", "team_name", metavar="TEAM", help="the team that works it")
@click.option("--personal", is_flag=True, help="yours alone")
@answered
def queue_create(ctx, name, team_name, personal, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    actor = signed_in(ctx, db, user)
    try:
        made = queues.create_queue(name, team_name, actor.id if personal else None)
    except ServiceError as error:
        raise _refused(error, fmt) from None
    click.echo(json.dumps({"id": made.id, "name": made.name}) if fmt == "json" else made.id)


@click.group(name="team", help="Teams of users: list them, make one, add and remove members.")
def team_group() -> None:
    pass


@team_group.command(name="list", help="Every team and its members.")
@answered
def team_list(ctx, fmt, quiet, db, user):
    from crm_tui.services import teams

    signed_in(ctx, db, user)
    found = teams.teams()
    _out(["Team", "Members"], [[cell(name), cell(", ".join(members))] for _id, name, members in found],
         [{"id": tid, "name": name, "members": members} for tid, name, members in found], fmt, quiet,
         [name for _id, name, _m in found])


@team_group.command(name="create", help="A new team.")
@click.argument("name")
@answered
def team_create(ctx, name, fmt, quiet, db, user):
    from crm_tui.services import teams
    from crm_tui.services.errors import ServiceError

    signed_in(ctx, db, user)
    try:
        made = teams.create_team(name)
    except ServiceError as error:
        raise _refused(error, fmt) from None
    click.echo(json.dumps({"id": made.id, "name": made.name}) if fmt == "json" else made.id)


def _member_command(name: str, adding: bool):
    @click.command(name=name, help=f"{'Add a user to' if adding else 'Take a user out of'} a team.")
    @click.argument("team_name", metavar="TEAM")
    @click.argument("username", metavar="USER")
    @answered
    def command(ctx, team_name, username, fmt, quiet, db, user):
        from crm_tui.services import teams, users
        from crm_tui.services.errors import ServiceError

        signed_in(ctx, db, user)
        member = users.user_id_of(username)
        if member is None:
            raise Refused(f"no user {username}", ERROR, fmt == "json")
        try:
            (teams.add_member if adding else teams.remove_member)(team_name, member)
        except ServiceError as error:
            raise _refused(error, fmt) from None

    return command


team_group.add_command(_member_command("add", True))
team_group.add_command(_member_command("remove", False))


@click.group(name="user", help="The users of this database.")
def user_group() -> None:
    pass


@user_group.command(name="list", help="Every active user: id, user name, display name.")
@answered
def user_list(ctx, fmt, quiet, db, user):
    from crm_tui.services import users

    signed_in(ctx, db, user)
    found = users.list_users(limit=100_000)
    _out(["Id", "User name", "Name"], [[str(uid), cell(name), cell(shown)] for uid, name, shown in found],
         [{"id": uid, "username": name, "display_name": shown} for uid, name, shown in found], fmt, quiet,
         [uid for uid, _n, _s in found])


@queue_group.group(name="rule", help="The rules that route new cases and activities into queues: the first that "
                   "fits a new record (its type, and priority and origin where the rule names them) routes it.")
def rule_group() -> None:
    pass


@rule_group.command(name="list", help="Every routing rule, in the order they are tried.")
@answered
def rule_list(ctx, fmt, quiet, db, user):
    from crm_tui.services import queues

    signed_in(ctx, db, user)
    found = queues.rules()
    _out(["Rule", "Type", "Priority", "Origin", "Queue"],
         [[str(r.id), r.record_type, r.priority or "any", r.origin or "any", cell(r.queue)] for r in found],
         [{"id": r.id, "record_type": r.record_type, "priority": r.priority or None, "origin": r.origin or None,
           "queue": r.queue} for r in found], fmt, quiet, [r.id for r in found])


@rule_group.command(name="add", help="Route new records of TYPE (case, task, phone_call...) to QUEUE; "
                    "--priority and --origin narrow it.")
@click.argument("queue_name", metavar="QUEUE")
@click.argument("record_type", metavar="TYPE")
@click.option("--priority", help="only of this priority (High, Normal, Low)")
@click.option("--origin", help="only cases of this origin (Email, Phone, Web...)")
@answered
def rule_add(ctx, queue_name, record_type, priority, origin, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    signed_in(ctx, db, user)
    try:
        made = queues.add_rule(queue_name, record_type, priority, origin)
    except ServiceError as error:
        raise _refused(error, fmt) from None
    click.echo(json.dumps({"id": made.id}) if fmt == "json" else made.id)


@rule_group.command(name="remove", help="Remove a routing rule (by its number, from rule list).")
@click.argument("rule_id", metavar="RULE", type=int)
@answered
def rule_remove(ctx, rule_id, fmt, quiet, db, user):
    from crm_tui.services import queues
    from crm_tui.services.errors import ServiceError

    signed_in(ctx, db, user)
    try:
        queues.delete_rule(rule_id)
    except ServiceError as error:
        raise _refused(error, fmt) from None
