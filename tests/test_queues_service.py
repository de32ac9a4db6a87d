"""Teams and queues: routing cases and activities, picking (assigned, one picker only), release,
route elsewhere, next by urgency, who may work which queue, and two processes picking at once."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crm_tui.models import AuditEntry, Case
from crm_tui.models.queue import QueueItem
from crm_tui.services import activities, queues, teams
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import ValidationError
from crm_tui.services.service.cases import cases
from tests.run_cli import ROOT


class _Ran:
    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _cli(capsys, *argv: str) -> _Ran:
    from crm_tui import twin

    status = twin.main(list(argv))
    out, err = capsys.readouterr()
    return _Ran(status, out, err)


def _case(actor, title: str, priority: str = "Normal"):
    acme = accounts.create(actor, {"name": f"Acme {title}"})
    return cases.create(actor, {"title": title, "customer": ("account", acme.id), "priority": priority})


def test_route_pick_release_and_route_on(db_url, actor, other_user):
    desk = teams.create_team("Service desk")
    teams.add_member("Service desk", other_user.id)
    first_line = queues.create_queue("First line", team_name="service desk")
    queues.create_queue("Second line")
    low, high = _case(actor, "Slow printer", "Low"), _case(actor, "Server down", "High")
    for case in (low, high):
        queues.route(actor, "case", case.id, "First line")
    shown = queues.items("First line")
    assert [i.record_id for i in shown] == [high.id, low.id]  # the most urgent first
    assert [(q.name, q.whose, q.waiting) for q in queues.queues()] == [
        ("First line", "team Service desk", 2), ("Second line", "everyone", 0)]
    with pytest.raises(ValidationError):  # not in the team
        queues.pick(actor, shown[0].id)
    assert [q.name for q in queues.queues(actor.id)] == ["Second line"]
    picked = queues.pick(other_user, shown[0].id)
    assert picked.worked_by == other_user.display_name
    assert Case.get_by_id(high.id).owner_id == other_user.id  # assigned to whoever picked it
    with pytest.raises(queues.AlreadyPicked):
        queues.pick(other_user, shown[0].id)
    assert queues.release(other_user, shown[0].id).worked_by == ""
    moved = queues.route_item(actor, shown[1].id, "Second line")
    assert moved.queue_id != first_line.id and [i.record_id for i in queues.items("Second line")] == [low.id]
    said = [a.action for a in AuditEntry.select().where((AuditEntry.record_type == "case")
                                                        & (AuditEntry.record_id == high.id))]
    assert {"routed", "picked", "released"} <= set(said)
    assert desk.id


def test_next_takes_the_most_urgent_unpicked_and_skips_closed_work(db_url, actor, other_user):
    queues.create_queue("Everyone's")
    normal, high = _case(actor, "Normal one"), _case(actor, "High one", "High")
    acme = accounts.create(actor, {"name": "Acme tasks"})
    task = activities.log(actor, "task", ("account", acme.id), "Call back", priority="High", due_at="+1h")
    for kind, rid in (("case", normal.id), ("case", high.id), ("task", task.id)):
        queues.route(actor, kind, rid, "Everyone's")
    got = [queues.next_item(other_user, "Everyone's") for _ in range(3)]
    assert {(i.record_type, i.record_id) for i in got[:2]} == {("case", high.id), ("task", task.id)}
    assert (got[2].record_type, got[2].record_id) == ("case", normal.id)
    assert queues.next_item(other_user, "Everyone's") is None  # all picked
    cases.cancel(other_user, normal.id)  # closed: it no longer waits in the queue
    assert {(i.record_type, i.record_id) for i in queues.items("Everyone's")} == {("task", task.id), ("case", high.id)}


def test_two_processes_picking_the_same_items_never_both_get_one(db_url, actor, tmp_path):
    queues.create_queue("Race")
    made = [_case(actor, f"Case {n}") for n in range(12)]
    for case in made:
        queues.route(actor, "case", case.id, "Race")
    url = db_url
    script = (
        "import json, sys\n"
        "from crm_tui.services import database, queues, users\n"
        "database.open_database(sys.argv[1])\n"
        "me = users.ensure_user(sys.argv[2])\n"
        "got = []\n"
        "while (item := queues.next_item(me, 'Race')) is not None:\n"
        "    got.append(item.id)\n"
        "print(json.dumps(got))\n")
    runners = [subprocess.Popen([sys.executable, "-c", script, url, name], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for name in ("picker-a", "picker-b", "picker-c")]
    picked = []
    for runner in runners:
        out, err = runner.communicate(timeout=120)
        assert runner.returncode == 0, err
        picked.append(json.loads(out))
    every = [item for got in picked for item in got]
    assert sorted(every) == sorted(i.id for i in queues.items("Race"))  # each item once: no double pick
    assert len(every) == len(set(every)) == 12


def test_the_commands(tmp_path, capsys):
    """In this process (the commands' own main), as a script calls them, minus the start of a process each."""
    db = str(tmp_path / "crm.sqlite")
    assert _cli(capsys, "queue", "create", "Desk", "--db", db).returncode == 0
    assert _cli(capsys, "account", "create", "--db", db, "--set", "name=Acme").returncode == 0
    assert _cli(capsys, "case", "create", "--db", db, "--set", "title=Broken", "--set", "customer=account:1").returncode == 0
    assert _cli(capsys, "queue", "add", "Desk", "case", "1", "--db", db).returncode == 0
    listed = json.loads(_cli(capsys, "queue", "items", "Desk", "-f", "json", "--db", db).stdout)
    assert [(i["record_type"], i["record_id"], i["worked_by"]) for i in listed] == [("case", 1, None)]
    assert "Desk" in _cli(capsys, "queue", "list", "--db", db).stdout
    taken = json.loads(_cli(capsys, "queue", "next", "Desk", "-f", "json", "--db", db).stdout)
    assert taken["record_id"] == 1 and taken["worked_by"]
    nothing = _cli(capsys, "queue", "next", "Desk", "--db", db)
    assert nothing.returncode == 1 and "nothing waits" in nothing.stderr
    assert _cli(capsys, "queue", "release", str(taken["id"]), "--db", db).returncode == 0
    assert _cli(capsys, "queue", "create", "Second", "--db", db).returncode == 0
    assert _cli(capsys, "queue", "route", str(taken["id"]), "Second", "--db", db).returncode == 0
    assert json.loads(_cli(capsys, "queue", "items", "Second", "-f", "json", "--db", db).stdout)[0]["record_id"] == 1
    assert _cli(capsys, "queue", "rule", "add", "Desk", "case", "--priority", "High", "--db", db).returncode == 0
    assert _cli(capsys, "queue", "rule", "add", "Desk", "account", "--db", db).returncode == 5
    assert json.loads(_cli(capsys, "queue", "rule", "list", "-f", "json", "--db", db).stdout)[0]["priority"] == "High"
    assert _cli(capsys, "case", "create", "--db", db, "--set", "title=Urgent", "--set", "customer=account:1",
               "--set", "priority=High").returncode == 0
    assert [i["title"] for i in json.loads(_cli(capsys, "queue", "items", "Desk", "-f", "json", "--db", db).stdout)] == [
        "CAS-00002 Urgent"]  # routed there as it was made
    assert _cli(capsys, "queue", "rule", "remove", "1", "--db", db).returncode == 0
    assert _cli(capsys, "team", "create", "Desk team", "--db", db).returncode == 0
    assert "Desk team" in _cli(capsys, "team", "list", "--db", db).stdout
    users = json.loads(_cli(capsys, "user", "list", "-f", "json", "--db", db).stdout)
    assert _cli(capsys, "team", "add", "Desk team", users[0]["username"], "--db", db).returncode == 0
    assert users[0]["display_name"] in _cli(capsys, "team", "list", "--db", db).stdout
    assert _cli(capsys, "user", "list", "--db", db, "--user", "someone.else").returncode == 0  # signs them in: two now
    given = _cli(capsys, "case", "assign", "1", "someone.else", "-f", "json", "--db", db)
    assert given.returncode == 0 and "someone.else" in _cli(capsys, "case", "history", "1", "--field", "owner", "--db", db).stdout
    assert _cli(capsys, "case", "assign", "1", "nobody", "--db", db).returncode == 5


def test_rules_route_new_work_to_its_queue(db_url, actor):
    queues.create_queue("Urgent")
    queues.create_queue("By email")
    queues.create_queue("Tasks")
    queues.add_rule("Urgent", "case", priority="High")
    queues.add_rule("By email", "case", origin="Email")
    queues.add_rule("Tasks", "task")
    with pytest.raises(ValidationError):
        queues.add_rule("Urgent", "account")
    with pytest.raises(ValidationError):
        queues.add_rule("Urgent", "case", priority="Sky-high")
    high = _case(actor, "Down", "High")
    acme = accounts.create(actor, {"name": "Acme mail"})
    mailed = cases.create(actor, {"title": "Mailed", "customer": ("account", acme.id), "origin": "Email"})
    plain = cases.create(actor, {"title": "Phoned", "customer": ("account", acme.id), "origin": "Phone"})
    task = activities.log(actor, "task", ("account", acme.id), "Ring back")
    call = activities.log(actor, "phone_call", ("account", acme.id), "Called")  # done at once: no queue
    where = {(i.record_type, i.record_id): i.queue for q in ("Urgent", "By email", "Tasks") for i in queues.items(q)}
    assert where == {("case", high.id): "Urgent", ("case", mailed.id): "By email", ("task", task.id): "Tasks"}
    assert ("case", plain.id) not in where and ("phone_call", call.id) not in where
    assert [(r.queue, r.record_type, r.priority, r.origin) for r in queues.rules()][0] == ("Urgent", "case", "High", "")
    queues.delete_rule(queues.rules()[0].id)
    assert len(queues.rules()) == 2


def test_closed_work_leaves_its_queue_and_is_not_routed_again(db_url, actor):
    queues.create_queue("Desk")
    acme = accounts.create(actor, {"name": "Acme"})
    task = activities.log(actor, "task", ("account", acme.id), "Ring back")
    queues.route(actor, "task", task.id, "Desk")
    assert [i.record_id for i in queues.items("Desk")] == [task.id]
    activities.set_status(actor, task.id, "complete")
    assert queues.items("Desk") == [] and not QueueItem.select().exists()
    with pytest.raises(ValidationError):
        queues.route(actor, "task", task.id, "Desk")
