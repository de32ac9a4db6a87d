"""The scriptable twin: crm-tui TYPE list and TYPE show, every format parsed back, and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest

from crm_tui import twin
from crm_tui.core.types import RECORD_TYPES
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from tests.run_cli import cli

TRICKY = 'Smith, "Jones"\tand\nCo [bold]'


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = twin.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _three(actor):
    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo"})
    accounts.create(actor, {"name": "Bravo", "city": "Rome"})
    tricky = accounts.create(actor, {"name": TRICKY, "city": "Oslo"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    return acme, tricky


def test_every_record_type_has_list_and_show():
    assert set(twin.WORDS) == {rt.key for rt in RECORD_TYPES} | {
        "log", "due", "import", "export", "backup", "restore", "demo", "migrate", "bench", "keys", "completion",
        "queue", "team", "user"}
    for rt in RECORD_TYPES:
        assert {"list", "show"} <= set(twin.main_group.commands[rt.key].commands)


def test_list_in_every_format_parses_back_to_the_same_rows(db_url, actor, capsys):
    acme, tricky = _three(actor)
    status, out, _ = _run(capsys, "account", "list", "--db", db_url, "-f", "json")
    assert status == 0
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["Acme", "Bravo", TRICKY] and rows[0]["id"] == acme.id
    status, out, _ = _run(capsys, "account", "list", "--db", db_url, "-f", "csv")
    parsed = list(csv.reader(io.StringIO(out)))
    assert parsed[0][:3] == ["Id", "Account name", "City"] and parsed[3][1] == TRICKY
    status, out, _ = _run(capsys, "account", "list", "--db", db_url, "-f", "tsv")
    lines = out.splitlines()
    assert len(lines) == 4 and lines[3].split("\t")[1] == 'Smith, "Jones" and Co [bold]'  # one line, no quoting
    status, out, _ = _run(capsys, "account", "list", "--db", db_url)
    table = out.splitlines()
    assert table[0].split()[:3] == ["Id", "Account", "name"] and len(table) == 4
    assert table[3].startswith(f"{tricky.id} ") and "[bold]" in table[3]  # text as typed, on one line
    status, out, _ = _run(capsys, "account", "list", "--db", db_url, "-q")
    assert out.split() == [str(r["id"]) for r in rows]


def test_list_narrows_sorts_and_names_its_views(db_url, actor, capsys):
    acme, tricky = _three(actor)
    status, out, _ = _run(capsys, "account", "list", "--db", db_url, "--where", "city=oslo", "--sort", "-name", "-q")
    assert status == 0 and out.split() == [str(tricky.id), str(acme.id)]
    accounts.deactivate(actor, acme.id)
    active = _run(capsys, "account", "list", "--db", db_url, "-q")[1].split()
    everyone = _run(capsys, "account", "list", "--db", db_url, "--view", "All Accounts", "-q")[1].split()
    assert str(acme.id) not in active and str(acme.id) in everyone and len(everyone) == 3
    status, out, err = _run(capsys, "account", "list", "--db", db_url, "--view", "Nope")
    assert status == 3 and out == "" and "No view of Accounts is called “Nope”" in err
    status, _, err = _run(capsys, "account", "list", "--db", db_url, "--where", "colour=red", "-f", "json")
    refused = json.loads(err)
    assert status == 5 and refused["exit_code"] == 5 and refused["error"].startswith("--where takes FIELD=VALUE")
    assert "city" in refused["error"] and "colour" not in refused["error"]
    status, _, err = _run(capsys, "account", "list", "--db", db_url, "--sort", "nothing")
    assert status == 5 and "sort" in err.lower()
    status, _, err = _run(capsys, "case", "list", "--db", db_url, "--view", "Cases nearing or past SLA",
                          "--where", "priority=High")
    assert status == 5 and "follows the SLA clock" in err


def test_show_gives_every_field_or_says_it_is_not_there(db_url, actor, capsys):
    acme, _ = _three(actor)
    status, out, _ = _run(capsys, "account", "show", str(acme.id), "--db", db_url, "-f", "json")
    record = json.loads(out)
    assert status == 0 and record["id"] == acme.id and record["name"] == "Acme" and record["city"] == "Oslo"
    assert record["state"] == "Active" and record["created_on"][10] == "T" and record["parent"] is None
    status, out, _ = _run(capsys, "account", "show", str(acme.id), "--db", db_url)
    assert status == 0 and "Account name" in out and "Acme" in out
    status, out, err = _run(capsys, "account", "show", "999999", "--db", db_url, "-f", "json")
    assert status == 3 and out == "" and json.loads(err) == {"error": "No account has id 999999", "exit_code": 3}
    status, _, err = _run(capsys, "account", "show", "abc", "--db", db_url)
    assert status == 2 and "is not a valid integer" in err



def test_the_command_line_hands_record_types_to_the_twin_and_keeps_the_rest(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    assert cli("demo", "--db", db).returncode == 0
    listed = cli("--db", db, "contact", "list", "-q")
    assert listed.returncode == 0 and len(listed.stdout.split()) > 100
    shown = cli("contact", "show", listed.stdout.split()[0], "--db", db, "-f", "json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == int(listed.stdout.split()[0])
    assert cli("account", "--help").returncode == 0
    assert cli("account", "list", "--db", db, "--nope").returncode == 2
    assert cli("migrate", "--db", db).returncode == 0  # the other commands as they were
    home = tmp_path / "home"
    demo = cli("--demo", "account", "list", "-q", env={"HOME": str(home), "XDG_DATA_HOME": str(home / "data")})
    assert demo.returncode == 0 and demo.stdout == ""  # the demo database, not yet filled: no rows, no error
    (tmp_path / "a-file").write_text("")
    broken = cli("account", "list", "--db", str(tmp_path / "a-file" / "crm.sqlite"))
    assert broken.returncode == 1 and broken.stderr.startswith("crm-tui: ") and "Traceback" not in broken.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "tsv", "table"])
def test_an_empty_list_is_still_well_formed(db_url, actor, capsys, fmt):
    status, out, _ = _run(capsys, "lead", "list", "--db", db_url, "-f", fmt)
    assert status == 0
    if fmt == "json":
        assert json.loads(out) == []
    else:
        assert len(out.splitlines()) == 1 and out.startswith("Id")  # the header alone


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_create_from_options_or_json_lines_with_the_apps_own_checks(db_url, actor, capsys, monkeypatch):
    status, out, _ = _run(capsys, "account", "create", "--db", db_url, "--set", "name=Acme", "--set", "city=Oslo")
    (acme_id,) = [int(x) for x in out.split()]
    assert status == 0 and accounts.get(acme_id).city == "Oslo"
    _stdin(monkeypatch, json.dumps({"first_name": "Ann", "last_name": "Lee", "parent_customer": acme_id}) + "\n\n"
           + json.dumps({"first_name": "No last name"}) + "\n"
           + json.dumps({"last_name": "Bo", "email": "not an email"}) + "\n"
           + json.dumps({"last_name": "Cy", "colour": "red"}) + "\n")
    status, out, err = _run(capsys, "contact", "create", "--db", db_url, "-f", "json")
    made = [json.loads(line) for line in out.splitlines()]
    assert status == 5 and [m["last_name"] for m in made] == ["Lee"] and made[0]["parent_customer"] == "Acme"
    problems = [json.loads(line) for line in err.splitlines()]
    assert [p["error"].split(":")[0] for p in problems] == ["line 3", "line 4", "line 5"]  # the blank line counted
    assert "last_name: Required" in problems[0]["error"] and "email" in problems[1]["error"]
    assert "have no field colour" in problems[2]["error"]


def test_update_delete_and_an_action_by_its_name(db_url, actor, capsys, monkeypatch):
    from crm_tui.services.sales.leads import leads
    from crm_tui.services.sales.opportunities import opportunities

    acme, _ = _three(actor)
    status, out, _ = _run(capsys, "account", "update", str(acme.id), "--db", db_url, "--set", "city=Bergen", "-f", "json")
    assert status == 0 and json.loads(out)["city"] == "Bergen"
    version = accounts.get(acme.id).version
    accounts.update(actor, acme.id, {"city": "Oslo"}, version)  # someone else saves meanwhile
    status, _, err = _run(capsys, "account", "update", str(acme.id), "--db", db_url, "--set", "city=Rome",
                          "--version", str(version))
    assert status == 4 and "nothing was written" in err and accounts.get(acme.id).city == "Oslo"
    status, _, err = _run(capsys, "account", "delete", str(acme.id), "--db", db_url)
    assert status == 5 and "contact" in err.lower()  # it has a contact: refused, the reason given
    lead = leads.create(actor, {"last_name": "Ng", "topic": "Desks"})
    status, out, _ = _run(capsys, "lead", "disqualify", str(lead.id), "--db", db_url, "--reason", "Lost", "-f", "json")
    assert status == 0 and json.loads(out)["state"] == "Disqualified"
    status, _, err = _run(capsys, "lead", "disqualify", str(lead.id), "--db", db_url)
    assert status == 2 and "--reason" in err  # its options come from the operation it runs
    deal = opportunities.create(actor, {"topic": "Chairs", "customer": ("account", acme.id)})
    status, out, _ = _run(capsys, "opportunity", "close-won", str(deal.id), "--db", db_url, "-q")
    assert status == 0 and out.split() == [str(deal.id)] and opportunities.get(deal.id).state == "won"
    assert _run(capsys, "opportunity", "close-won", "999999", "--db", db_url)[0] == 3
    gone = accounts.create(actor, {"name": "Gone"})
    status, out, _ = _run(capsys, "account", "delete", str(gone.id), "--db", db_url, "-f", "json")
    assert status == 0 and json.loads(out) == {"deleted": gone.id}
    assert _run(capsys, "account", "show", str(gone.id), "--db", db_url)[0] == 3


def test_each_types_actions_are_its_declared_operations():
    from crm_tui.core import actions

    for rt in RECORD_TYPES:
        commands = set(twin.main_group.commands[rt.key].commands)
        declared = {operation.replace("_", "-") for operation in actions.operations(rt.key)}
        merged = {"merge", "duplicates"} if rt.key in ("account", "contact", "lead") else set()  # duplicates
        assigned = {"assign"} if rt.has_field("owner") else set()
        assert commands == {"list", "show", "create", "update", "delete", "history"} | declared | merged | assigned, rt.key
    assert {"qualify", "disqualify", "reactivate"} <= set(twin.main_group.commands["lead"].commands)
    assert {"activate", "deactivate"} <= set(twin.main_group.commands["account"].commands)
    assert {"close-won", "close-lost", "reopen", "move-stage"} <= set(twin.main_group.commands["opportunity"].commands)
    assert {"resolve", "cancel", "merge"} <= set(twin.main_group.commands["case"].commands)


def test_the_shell_speaks_the_organisations_names(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('[names.account]\nsingular = "Company"\nplural = "Companies"\n\n'
                        '[labels.account]\ncity = "Town"\n')
    db = str(tmp_path / "crm.sqlite")
    env = {"CRM_TUI_SETTINGS": str(settings)}
    assert cli("account", "create", "--db", db, "--set", "name=Acme", "--set", "city=Oslo", env=env).returncode == 0
    listed = cli("account", "list", "--db", db, "-f", "csv", env=env)
    assert listed.stdout.splitlines()[0].startswith("Id,Company name,Town,")
    exported = cli("export", "account", "--db", db, env=env)
    assert exported.stdout.splitlines()[0].startswith("Id,Company name,Town,")
    missing = cli("account", "show", "99", "--db", db, env=env)
    assert missing.returncode == 3 and "No company has id 99" in missing.stderr


def test_log_and_due_from_the_shell(db_url, actor, capsys):
    import datetime as dt

    from crm_tui.models import Activity
    from crm_tui.services import activities
    from crm_tui.services.service.cases import cases

    acme, _ = _three(actor)
    case = cases.create(actor, {"title": "Grinder jams", "customer": ("account", acme.id)})
    status, out, _ = _run(capsys, "log", "call", "--regarding", f"case:{case.id}", "--subject", "Called back",
                          "--db", db_url, "-f", "json")
    logged = json.loads(out)
    assert status == 0 and logged["state"] == "completed" and logged["regarding"] == f"case:{case.id}"
    assert cases.get(case.id).first_responded_on is not None  # what logging a call does to a case, as in the app
    status, out, _ = _run(capsys, "log", "task", "--regarding", f"account:{acme.id}", "--subject", "Send the quote",
                          "--set", f"due_at={dt.date.today() - dt.timedelta(days=1)} 09:00", "--db", db_url,
                          "--user", "tester")
    task_id = int(out)
    assert status == 0 and Activity.get_by_id(task_id).state == "open"
    later = activities.log(actor, "task", ("account", acme.id), "Next month", due_at="+30d")
    status, out, _ = _run(capsys, "due", "--db", db_url, "--user", "tester", "-f", "json")
    due = json.loads(out)
    assert status == 0 and [d["id"] for d in due] == [task_id] and due[0]["overdue"] is True
    assert due[0]["regarding_name"] == "Acme" and due[0]["due"][:10] == (dt.date.today() - dt.timedelta(days=1)).isoformat()
    status, out, _ = _run(capsys, "due", "--days", "40", "--db", db_url, "--user", "tester", "-q")
    assert out.split() == [str(task_id), str(later.id)]
    status, out, _ = _run(capsys, "due", "--db", db_url, "--user", "colleague", "-q")
    assert status == 0 and out == ""  # someone else's are not yours
    assert _run(capsys, "log", "call", "--regarding", "case:999999", "--subject", "x", "--db", db_url)[0] == 5
    assert _run(capsys, "log", "call", "--regarding", "quote:1", "--subject", "x", "--db", db_url)[0] == 5
    assert _run(capsys, "log", "fax", "--regarding", f"case:{case.id}", "--subject", "x", "--db", db_url)[0] == 2


def test_a_lead_is_qualified_and_an_account_deactivated_from_the_shell(db_url, actor, capsys):
    from crm_tui.models import Opportunity
    from crm_tui.services.sales.leads import leads

    acme, _ = _three(actor)
    lead = leads.create(actor, {"last_name": "Scorpio", "topic": "Fleet", "company_name": "Acme"})
    status, out, err = _run(capsys, "lead", "qualify", str(lead.id), "--account", str(acme.id), "--db", db_url,
                            "-f", "json")
    assert status == 0, err
    shown = json.loads(out)
    assert (shown["state"], shown["qualified_account"]) == ("Qualified", "Acme")
    made = Opportunity.get(Opportunity.originating_lead == lead.id)
    assert f"opportunity {made.id}" in err and made.customer_account_id == acme.id  # the account given, not a new one
    status, _, err = _run(capsys, "lead", "qualify", str(lead.id), "--db", db_url)
    assert status == 5 and "qualified already" in err
    status, out, _ = _run(capsys, "account", "deactivate", str(acme.id), "--db", db_url, "-q")
    assert status == 0 and accounts.get(acme.id).state == "inactive"
    assert str(acme.id) not in _run(capsys, "account", "list", "-q", "--db", db_url)[1].split()
    assert _run(capsys, "account", "activate", str(acme.id), "--db", db_url, "-q")[0] == 0
    assert accounts.get(acme.id).state == "active"


def test_every_command_has_help_and_the_shell_completes_them(tmp_path):
    for words in (["--help"], ["import", "--help"], ["export", "--help"], ["lead", "qualify", "--help"],
                  ["backup", "--help"], ["demo", "--help"], ["completion", "--help"]):
        shown = cli(*words)
        assert shown.returncode == 0 and "Usage: crm-tui" in shown.stdout, words
    assert "Without a command" in cli("--help").stdout
    script = cli("completion", "bash")
    assert script.returncode == 0 and "_CRM_TUI_COMPLETE=bash_complete" in script.stdout
    assert "compdef" in cli("completion", "zsh").stdout
    home = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}

    def completed(*words: str) -> list[str]:
        done = cli(env={**home, "_CRM_TUI_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(["crm-tui", *words]),
                        "COMP_CWORD": str(len(words))})
        assert done.returncode == 0, done.stderr
        return [line.split(",", 1)[1] for line in done.stdout.splitlines()]

    assert completed("acc") == ["account"]
    assert "qualify" in completed("lead", "") and "close-won" in completed("opportunity", "")
    assert completed("import", "contact", "people.csv", "--mo") == ["--mode"]
    assert not (tmp_path / "data").exists()  # completing opened no database
    assert cli("nonsense").returncode == 2
