"""A team owns records: through its principal (a user row of its own), given by name on the
command line, in the app's owner picker, in the bulk dialog and in an import; never a person in
the lists of people, never signed in as; picking a team's case from its queue makes it the picker's."""

from __future__ import annotations

import json

import pytest

from crm_tui.core.list_types import ListQuery
from crm_tui.models import AuditEntry, Case, User
from crm_tui.models.queue import Team
from crm_tui.services import bulk_edit, queues, search, teams, users
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import ValidationError
from crm_tui.services.importing import import_file
from crm_tui.services.service.cases import cases


def _case(actor, title: str):
    acme = accounts.create(actor, {"name": f"Acme {title}"})
    return cases.create(actor, {"title": title, "customer": ("account", acme.id)})


def test_a_team_has_an_owner_row_that_is_never_a_person(db_url, actor, other_user):
    desk = teams.create_team("Service desk")
    teams.add_member("Service desk", other_user.id)
    principal = User.get_by_id(desk.principal_id)
    assert (principal.username, principal.display_name) == (f"team:{desk.id}", "Service desk")
    assert [name for name, *_ in teams.people()] == ["Cole League", "Test User"]
    assert [shown for _id, _user, shown in users.list_users()] == ["Cole League", "Test User"]
    assert users.user_id_of(principal.username) is None
    with pytest.raises(ValidationError):
        users.ensure_user(principal.username)  # nobody signs in as a team
    with pytest.raises(ValidationError):
        teams.add_member("Service desk", desk.principal_id)  # a team is not a member of a team
    assert teams.owner_choices() == [(other_user.id, "Cole League", "colleague"), (actor.id, "Test User", "tester"),
                                     (desk.principal_id, "Service desk", "team · 1 member")]
    assert [h.title for h in search.find_owners("serv")] == ["Service desk"]
    assert [h.title for h in search.find_owners("team")] == ["Service desk"]


def test_owner_by_name_a_person_first_a_team_else_and_team_colon_for_the_team(db_url, actor):
    same = teams.create_team("tester")  # a team named like a person's user name
    other = teams.create_team("Second line")
    assert teams.owner_id_of("tester") == actor.id
    assert teams.owner_id_of("team:tester") == same.principal_id
    assert teams.owner_id_of("second LINE") == other.principal_id
    assert teams.owner_id_of("nobody") is None and teams.owner_id_of("  ") is None


def test_a_team_restored_without_its_owner_row_gets_one_once_even_asked_twice_at_once(db_url, actor):
    made = Team.create(name="Restored")  # as a backup from before team owners restores it
    seen_by_one, seen_by_another = Team.get_by_id(made.id), Team.get_by_id(made.id)
    first = teams.principal_of(seen_by_one)
    assert teams.principal_of(seen_by_another) == first  # the second finds the first's row
    assert Team.get_by_id(made.id).principal_id == first
    assert User.select().where(User.username == f"team:{made.id}").count() == 1


def test_a_case_given_to_a_team_is_audited_and_picking_it_makes_it_the_pickers(db_url, actor, other_user):
    desk = teams.create_team("Service desk")
    teams.add_member("Service desk", other_user.id)
    queues.create_queue("Desk", team_name="Service desk")
    case = _case(actor, "Printer on fire")
    cases.update(actor, case.id, {"owner": desk.principal_id}, case.version)
    assert cases.get(case.id).owner_id == desk.principal_id
    change = (AuditEntry.select().where((AuditEntry.record_type == "case") & (AuditEntry.record_id == case.id)
                                        & (AuditEntry.field == "owner")).order_by(AuditEntry.id.desc()).first())
    assert (change.old_value, change.new_value) == (str(actor.id), str(desk.principal_id))
    from crm_tui.services import history

    said = [(e.field, e.old, e.new) for e in history.page("case", case.id).changes if e.field == "Owner"]
    assert said[0] == ("Owner", "Test User", "Service desk")
    item = queues.route(actor, "case", case.id, "Desk")
    queues.pick(other_user, item.id)
    assert Case.get_by_id(case.id).owner_id == other_user.id


def test_many_records_given_to_a_team_at_once(db_url, actor):
    desk = teams.create_team("Service desk")
    made = [_case(actor, f"Case {n}") for n in range(3)]
    report = bulk_edit.apply(actor, ListQuery("case", state=None), bulk_edit.SET, {"owner": desk.principal_id})
    assert not report.refused
    assert {Case.get_by_id(c.id).owner_id for c in made} == {desk.principal_id}


def test_an_import_gives_rows_to_a_team_by_its_name(db_url, actor, tmp_path):
    teams.create_team("Key accounts")
    source = tmp_path / "accounts.csv"
    source.write_text("Account Name,Owner\nGlobex,Key accounts\nInitech,tester\n", encoding="utf-8")
    report = import_file(actor, "account", source)
    assert (report.created, report.refused) == (2, 0), report.outcomes
    owners = {a.name: a.owner.display_name for a in accounts.model.select()}
    assert owners == {"Globex": "Key accounts", "Initech": "Test User"}


def test_the_command_line_assigns_to_a_team_and_lists_no_team_among_users(db_url, actor, capsys):
    from crm_tui import twin

    desk = teams.create_team("Service desk")
    case = _case(actor, "Broken")
    assert twin.main(["case", "assign", str(case.id), "Service desk", "--db", db_url, "-f", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert Case.get_by_id(case.id).owner_id == desk.principal_id and "Service desk" in json.dumps(shown)
    assert twin.main(["case", "assign", str(case.id), "Nobody at all", "--db", db_url]) != 0
    assert "no user or team Nobody at all" in capsys.readouterr().err
    assert twin.main(["user", "list", "--db", db_url, "-f", "json"]) == 0
    listed = {u["username"] for u in json.loads(capsys.readouterr().out)}
    assert "tester" in listed and not any(name.startswith("team:") for name in listed)
