"""Each record type as a command group, made from its declarations (a new type, or a new action of
one, is here with no edit): list, show, create, update, delete, and its own actions by name."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import click

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import a_noun, record_type
from crm_tui.twin.common import (
    CONFLICT,
    NOT_FOUND,
    REFUSED,
    SET_OPTION,
    Refused,
    aligned,
    answered,
    cell,
    field_values,
    print_record,
    progress_bar,
    read_out,
    refusal,
    signed_in,
    write_rows,
)


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


def _list(ctx: click.Context, rt_key: str, view, where, sort, fmt, quiet, db, user) -> None:
    from crm_tui.services import export, listing

    actor = signed_in(ctx, db, user)
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
        sys.stdout.write("".join("\t".join(cell(v) for v in row) + "\n" for row in [header, *rows]))
        return
    click.echo(aligned(header, [[cell(v) for v in row] for row in rows]))


def _show(ctx: click.Context, rt_key: str, record_id: int, fmt: str, db, user) -> None:
    signed_in(ctx, db, user)
    print_record(rt_key, record_id, fmt)


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

    actor = signed_in(ctx, db, user)
    as_json = fmt == "json"
    batch = [(0, field_values(settings, as_json))] if settings or sys.stdin.isatty() else _objects_on_stdin(as_json)
    refused = []
    for number, values in batch:
        where = f"line {number}" if number else ""
        try:
            made = service(rt_key).create(actor, _known_fields(rt_key, values, as_json, where))
        except Refused as error:
            refused.append(error)
            continue
        except Exception as error:  # a service's refusal of this one; the others go on
            refused.append(refusal(error, as_json, where))
            continue
        print_record(rt_key, made.id, "json" if as_json else fmt, quiet or not as_json)
    for error in refused:
        error.show()
    if refused:
        raise click.exceptions.Exit(REFUSED)


def _update(ctx, rt_key, record_id, settings, version, fmt, quiet, db, user) -> None:
    from crm_tui.services.registry import service

    actor = signed_in(ctx, db, user)
    as_json = fmt == "json"
    if settings or sys.stdin.isatty():
        changes = field_values(settings, as_json)
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
        raise refusal(error, as_json) from None
    print_record(rt_key, record_id, fmt, quiet)


def _update_many(ctx, rt_key, settings, view, where, dry_run, fmt, db, user) -> None:
    from crm_tui.services import bulk_edit

    as_json = fmt == "json"
    if not (view or where):
        raise Refused("update takes an ID, or --view and/or --where for many records at once", REFUSED, as_json)
    if not settings:
        raise Refused("say what to change: --set FIELD=VALUE", REFUSED, as_json)
    actor = signed_in(ctx, db, user)
    what = _shown(rt_key, actor, view, where, None, as_json)
    changes = _known_fields(rt_key, field_values(settings, as_json), as_json)
    try:
        report = bulk_edit.update_many(actor, what.query, changes, dry_run,
                                       progress=progress_bar(f"Changing {lower_noun(record_type(rt_key).plural)}"))
    except Exception as error:
        raise refusal(error, as_json) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        verb = "would change" if dry_run else "changed"
        click.echo(f"{report.matched:,} {lower_noun(record_type(rt_key).plural)} in “{what.name}”: {verb} "
                   f"{report.changed:,}, {report.unchanged:,} already so"
                   + (f", {len(report.conflicts):,} skipped (saved by someone since: {', '.join(map(str, report.conflicts[:20]))})"
                      if report.conflicts else "")
                   + (f", {len(report.refused):,} refused" if report.refused else "") + ".")
        for rid, why in list(report.refused.items())[:20]:
            click.echo(f"crm-tui: {rid}: {why}", err=True)
    if report.conflicts:
        raise click.exceptions.Exit(CONFLICT)
    if report.refused:
        raise click.exceptions.Exit(REFUSED)


def _delete(ctx, rt_key, record_id, fmt, db, user) -> None:
    from crm_tui.services.registry import service

    actor = signed_in(ctx, db, user)
    try:
        service(rt_key).delete(actor, record_id)
    except Exception as error:
        raise refusal(error, fmt == "json") from None
    if fmt == "json":
        click.echo(json.dumps({"deleted": record_id}))


def _operate(ctx, rt_key, operation, record_id, arguments, fmt, quiet, db, user) -> None:
    from crm_tui.services import record_detail

    actor = signed_in(ctx, db, user)
    try:
        done = record_detail.status_action(actor, rt_key, record_id, operation, *arguments)
    except Exception as error:
        raise refusal(error, fmt == "json") from None
    for notice in done.notices:
        click.echo(f"crm-tui: {notice}", err=True)
    print_record(rt_key, done.id, fmt, quiet)  # merge: the case merged into


def _operation_command(rt_key: str, operation: str, label: str, help_text: str) -> click.Command:
    """A command for one of the type's declared operations, its options read from the service's
    method (`resolve(actor, case_id, resolution_type, resolution, ...)`: --resolution-type ...)."""
    import inspect

    from crm_tui.services.registry import operation as operation_of

    method = operation_of(rt_key, operation)
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
        kind = {"int": int, "int | None": int, "bool": click.BOOL}.get(str(p.annotation), str)
        command = click.option(f"--{p.name.replace('_', '-')}", p.name, type=kind,
                               required=p.default is inspect.Parameter.empty, help=p.name.replace("_", " "))(command)
    command = click.argument("record_id", metavar="ID", type=int)(command)
    return click.command(name=operation.replace("_", "-"), help=help_text[:1].upper() + help_text[1:] + ".")(command)


def type_group(rt_key: str) -> click.Group:
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
    @read_out
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
                   "standard input). With --version, refused (exit 4) if someone saved it since. Without ID, "
                   f"every {lower_noun(rt.singular)} of --view and --where at once: each row keeps its own check "
                   "(one saved by someone since the edit began is skipped, exit 4), only fields that differ are "
                   "written; prints the counts (-f json: an object), --dry-run writes nothing.")
    @click.argument("record_id", metavar="[ID]", type=int, required=False)
    @SET_OPTION
    @click.option("--version", type=int, help="the version you read: a save since then is a conflict")
    @click.option("--view", metavar="NAME", help="without ID: the rows of this view or list")
    @click.option("--where", metavar="FIELD=VALUE", multiple=True, help="without ID: only rows whose field equals the value")
    @click.option("--dry-run", is_flag=True, help="without ID: say how many would change, write nothing")
    @answered
    def update_command(ctx, record_id, settings, version, view, where, dry_run, fmt, quiet, db, user):
        if record_id is None:
            _update_many(ctx, rt_key, settings, view, where, dry_run, fmt, db, user)
        elif view or where or dry_run:
            raise click.UsageError("--view, --where and --dry-run change many records: give them without an ID")
        else:
            _update(ctx, rt_key, record_id, settings, version, fmt, quiet, db, user)

    @group.command(name="delete", help=f"Delete {a_noun(rt_key)} (refused, exit 5, where it would "
                   "leave an orphan: the reason says what to do instead).")
    @click.argument("record_id", metavar="ID", type=int)
    @read_out
    def delete_command(ctx, record_id, fmt, db, user):
        _delete(ctx, rt_key, record_id, fmt, db, user)

    group.add_command(_history_command(rt_key))
    if rt.has_field("owner"):
        group.add_command(_assign_command(rt_key))
    for action in _declared_operations(rt_key):
        group.add_command(_operation_command(rt_key, action.operation, action.label, action.help or action.label))
    from crm_tui.services.merge import MERGEABLE

    if rt_key in MERGEABLE:
        group.add_command(_merge_command(rt_key))
        group.add_command(_duplicates_command(rt_key))
    if _offered("record.state", rt_key):  # the app's (de)activate toggle, as its two directions
        for operation, said in (("deactivate", "Deactivate"), ("activate", "Activate")):
            group.add_command(_operation_command(
                rt_key, operation, said, f"{said.lower()} {a_noun(rt_key)} (it stays, out of the active lists)"
                if operation == "deactivate" else f"{said.lower()} {a_noun(rt_key)} again"))
    return group


def _assign_command(rt_key: str) -> click.Command:
    @click.command(name="assign", help=f"Give {a_noun(rt_key)} to another owner: a person (their user name) or a "
                   "team (its name; team:NAME where a person has that user name too). Audited, on its timeline, as o "
                   "does in the app. With --version, refused (exit 4) if someone saved it since.")
    @click.argument("record_id", metavar="ID", type=int)
    @click.argument("username", metavar="USER|TEAM")
    @click.option("--version", type=int, help="the version you read: a save since then is a conflict")
    @answered
    def assign_command(ctx, record_id, username, version, fmt, quiet, db, user):
        from crm_tui.services import teams
        from crm_tui.services.errors import ServiceError
        from crm_tui.services.registry import service

        actor = signed_in(ctx, db, user)
        owner = teams.owner_id_of(username)
        if owner is None:
            raise Refused(f"no user or team {username} (crm-tui user list and crm-tui team list name them)",
                          REFUSED, fmt == "json")
        svc = service(rt_key)
        try:
            current = svc.get(record_id)
            svc.update(actor, record_id, {"owner": owner}, version if version is not None else current.version)
        except ServiceError as error:
            raise refusal(error, fmt == "json", f"{rt_key} {record_id}") from None
        print_record(rt_key, record_id, fmt, quiet)

    return assign_command


def _history_command(rt_key: str) -> click.Command:
    @click.command(name="history", help=f"{a_noun(rt_key).capitalize()}'s changes, newest first, from the audit: "
                   "when, who, which field, from what to what; and what happened to the records linked to it "
                   "(each named). -f json: a list of objects.")
    @click.argument("record_id", metavar="ID", type=int)
    @click.option("--field", metavar="FIELD", help="only changes of this field")
    @click.option("--by", "by_user", metavar="USER", help="only changes by this user (their user name)")
    @click.option("--own", is_flag=True, help="only the record's own changes, not its linked records'")
    @click.option("--limit", type=int, default=1000, show_default=True, help="at most this many")
    @answered
    def history_command(ctx, record_id, field, by_user, own, limit, fmt, quiet, db, user):
        from crm_tui.services import history, users
        from crm_tui.services.registry import service

        signed_in(ctx, db, user)
        service(rt_key).get(record_id)  # not there: said, exit 3
        user_id = None
        if by_user:
            found = users.user_id_of(by_user)
            if found is None:
                raise click.UsageError(f"no user {by_user}")
            user_id = found
        changes, after = [], None
        while len(changes) < limit:
            page = history.page(rt_key, record_id, field=field, user_id=user_id, related=not own, after=after,
                                limit=min(history.PAGE * 5, limit - len(changes)))
            changes += page.changes
            if page.after is None:
                break
            after = page.after
        if fmt == "json":
            click.echo(json.dumps([c.as_dict() for c in changes], ensure_ascii=False))
            return
        header = ["When (UTC)", "Who", "Record", "Action", "Field", "Old", "New"]
        rows = [[f"{c.at:%Y-%m-%d %H:%M:%S}", cell(c.user), cell(c.record), c.action, cell(c.field),
                 cell(c.old), cell(c.new)] for c in changes]
        write_rows(header, rows, fmt)

    return history_command


def _merge_command(rt_key: str) -> click.Command:
    rt = record_type(rt_key)

    @click.command(name="merge", help=f"Fold duplicate {lower_noun(rt.plural)} (ID...) into SURVIVOR: it keeps its "
                   "own values except the fields --take names, everything that pointed at them (contacts, "
                   "sub-accounts, deals, cases, entitlements, activities and notes...) moves to it, each move "
                   "audited, and they are closed (an account or contact deactivated, a lead canceled); one "
                   "transaction. Prints the survivor; what moved is said on standard error.")
    @click.argument("survivor", metavar="SURVIVOR", type=int)
    @click.argument("merged", metavar="ID...", type=int, nargs=-1, required=True)
    @click.option("--take", "taken", metavar="FIELD=ID", multiple=True,
                  help="the value of FIELD comes from the merged record ID (repeat it)")
    @answered
    def merge_command(ctx, survivor, merged, taken, fmt, quiet, db, user):
        from crm_tui.services import merge

        as_json = fmt == "json"
        take = {}
        for item in taken:
            name, sep, rid = item.partition("=")
            if not sep or not rid.strip().isdigit():
                raise Refused(f"--take takes FIELD=ID, not “{item}”", REFUSED, as_json)
            take[name.strip()] = int(rid)
        actor = signed_in(ctx, db, user)
        try:
            done = merge.merge(actor, rt_key, survivor, list(merged), take)
        except Exception as error:
            raise refusal(error, as_json) from None
        for what, count in done.moved.items():
            click.echo(f"crm-tui: moved {count:,} ({what}) to {survivor}", err=True)
        print_record(rt_key, survivor, fmt, quiet)

    return merge_command


def _duplicates_command(rt_key: str) -> click.Command:
    rt = record_type(rt_key)

    @click.command(name="duplicates", help=f"Groups of possible duplicate {lower_noun(rt.plural)}, largest first: "
                   "each with the rule that matched, the value they share and the ids of its records (oldest first), "
                   "by the duplicate detection rules in force (the settings' Duplicate rules tab). "
                   f"Fold a group with `crm-tui {rt_key} merge SURVIVOR ID...`.")
    @answered
    def duplicates_command(ctx, fmt, quiet, db, user):
        from crm_tui.services import duplicates

        signed_in(ctx, db, user)
        groups = duplicates.find(rt_key)
        if quiet:  # a group a line: its ids
            click.echo("".join(" ".join(map(str, g.ids)) + "\n" for g in groups), nl=False)
        elif fmt == "json":
            click.echo(json.dumps([g.as_dict() for g in groups], ensure_ascii=False))
        else:
            header = ["Records", "Rule", "Value", "Ids"]
            rows = [[str(len(g.ids)), cell(g.rule.name), cell(g.value), " ".join(map(str, g.ids))
                     + (f" ({g.rule.matching_type}s {' '.join(map(str, g.matching))})" if g.matching else "")]
                    for g in groups]
            write_rows(header, rows, fmt)

    return duplicates_command


def _offered(action_id: str, rt_key: str) -> bool:
    from crm_tui.core import actions

    return actions.BY_ID[action_id].offered_for(rt_key)


def _declared_operations(rt_key: str):
    """The type's actions that run an operation of its service, once each (the stage moves share one)."""
    from crm_tui.core import actions

    seen, found = set(), []
    for action in actions.ACTIONS:
        if action.operation and action.offered_for(rt_key) and action.operation not in seen:
            seen.add(action.operation)
            found.append(action)
    return found
