"""Importing CSV files: each layout mapped right, rows matched not doubled, bad rows refused with
their line and reason while the good ones land, a second run changing nothing, and a kill in the
middle leaving whole batches."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys

import pytest

from crm_tui.models import Account, AuditEntry, Contact, Lead, Opportunity
from crm_tui.services import export, importing
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.importing import columns
from crm_tui.services.importing.engine import split_name
from tests.run_cli import ROOT, cli


def _write(path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> str:
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


OUTLOOK = ["First Name", "Middle Name", "Last Name", "Title", "Company", "Department", "Job Title",
           "Business Street", "Business City", "Business State", "Business Postal Code", "Business Country/Region",
           "Business Phone", "Mobile Phone", "E-mail Address", "E-mail 2 Address", "Notes"]
GOOGLE = ["Name", "Given Name", "Family Name", "Organization 1 - Name", "Organization 1 - Title",
          "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type",
          "Phone 2 - Value", "Address 1 - City", "Address 1 - Country", "Notes"]
GOOGLE_NEW = ["First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title",
              "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", "Labels"]
DYNAMICS = ["(Do Not Modify) Contact", "(Do Not Modify) Row Checksum", "(Do Not Modify) Modified On", "Full Name",
            "Company Name", "Business Phone", "Email", "Job Title", "Mobile Phone", "Address 1: City",
            "Address 1: Country/Region"]


def _contact(email: str) -> Contact:
    return Contact.get(Contact.email == email)


def test_an_outlook_export_is_mapped_and_its_company_becomes_an_account(actor, tmp_path):
    path = _write(tmp_path / "outlook.csv", OUTLOOK, [
        ["Ada", "", "Lovelace", "Countess", "Analytical Engines", "Research", "Programmer", "12 St James's Sq",
         "London", "", "SW1Y 4JH", "UK", "+44 20 7946 0000", "+44 7700 900000", "ada@engines.example",
         "ada@home.example", "First programmer\nand poet"],
    ], encoding="cp1252")  # Outlook writes its exports in the Windows code page
    report = importing.import_file(actor, "contact", path)
    assert (report.read, report.created, report.accounts_created) == (1, 1, 1)
    ada = _contact("ada@engines.example")
    assert (ada.first_name, ada.last_name, ada.job_title, ada.city, ada.postal_code, ada.country) == (
        "Ada", "Lovelace", "Programmer", "London", "SW1Y 4JH", "UK")
    assert (ada.business_phone, ada.mobile_phone, ada.email2) == ("+44 20 7946 0000", "+44 7700 900000", "ada@home.example")
    assert ada.description == "First programmer\nand poet"
    assert Account.get_by_id(ada.parent_customer_id).name == "Analytical Engines"
    assert AuditEntry.select().where((AuditEntry.record_type == "contact") & (AuditEntry.record_id == ada.id)
                                     & (AuditEntry.action == "created")).exists()


def test_google_contacts_both_layouts_split_names_and_tell_a_mobile_by_its_label(actor, tmp_path):
    old = _write(tmp_path / "google.csv", GOOGLE, [
        ["Grace Brewster Hopper", "", "", "US Navy", "Rear Admiral", "* Work", "grace@navy.example", "Mobile",
         "+1 202 555 0100", "Work", "+1 202 555 0199", "Arlington", "USA", ""]])
    new = _write(tmp_path / "google-new.csv", GOOGLE_NEW, [
        ["Alan", "", "Turing", "Bletchley Park", "Cryptanalyst", "Work", "alan@bletchley.example", "Work",
         "+44 1908 640404", "* myContacts"]])
    assert importing.import_file(actor, "contact", old).created == 1
    assert importing.import_file(actor, "contact", new).created == 1
    grace = _contact("grace@navy.example")
    assert (grace.first_name, grace.last_name, grace.job_title) == ("Grace Brewster", "Hopper", "Rear Admiral")
    assert (grace.mobile_phone, grace.business_phone) == ("+1 202 555 0100", "+1 202 555 0199")
    assert Account.get_by_id(grace.parent_customer_id).name == "US Navy"
    alan = _contact("alan@bletchley.example")
    assert (alan.first_name, alan.last_name, alan.business_phone) == ("Alan", "Turing", "+44 1908 640404")


def test_a_dynamics_export_links_to_the_account_that_is_there(actor, tmp_path):
    existing = accounts.create(actor, {"name": "Contoso Ltd"})
    path = _write(tmp_path / "dynamics.csv", DYNAMICS, [
        ["9c3e-guid", "checksum", "2026-01-02", "Lovelace, Ada", "contoso ltd", "555-0100", "ada@contoso.example",
         "CTO", "", "Redmond", "USA"]])
    report = importing.import_file(actor, "contact", path)
    assert (report.created, report.accounts_created) == (1, 0)
    ada = _contact("ada@contoso.example")
    assert (ada.first_name, ada.last_name, ada.parent_customer_id) == ("Ada", "Lovelace", existing.id)


def test_crm_tuis_own_export_re_imports_to_the_same_records(actor, tmp_path):
    acme = accounts.create(actor, {"name": "Acme"})
    for n in range(3):
        contacts.create(actor, {"first_name": f"P{n}", "last_name": "Person", "email": f"p{n}@acme.example",
                                "parent_customer": acme.id})
    path = tmp_path / "contacts.csv"
    export.to_file(export.shown("contact", actor), path)
    before = Contact.select().count()
    report = importing.import_file(actor, "contact", path)
    assert (report.read, report.skipped, report.created, report.updated) == (3, 3, 0, 0)
    assert all(o.reason == "same id" for o in report.outcomes)
    assert Contact.select().count() == before
    # an edited export updates the record it came from, by its id
    rows = list(csv.reader(open(path, encoding="utf-8")))
    job = rows[0].index("Job title")
    rows[1][job] = "Chief Engineer"
    _write(path, rows[0], rows[1:])
    report = importing.import_file(actor, "contact", path)
    assert (report.updated, report.skipped) == (1, 2)
    assert report.outcomes[0].fields == ("job_title",)
    assert Contact.get_by_id(int(rows[1][0])).job_title == "Chief Engineer"


def test_a_second_run_changes_nothing(actor, tmp_path):
    path = _write(tmp_path / "people.csv", OUTLOOK, [
        ["Ada", "", "Lovelace", "", "Engines", "", "", "", "", "", "", "", "+44 20 7946 0000", "", "ADA@x.example", "", ""],
        ["Bob", "", "Byte", "", "Engines", "", "", "", "", "", "", "", "", "", "bob@x.example", "", ""],
    ])
    first = importing.import_file(actor, "contact", path)
    audit_rows = AuditEntry.select().count()
    second = importing.import_file(actor, "contact", path)
    assert (first.created, second.created, second.updated, second.skipped) == (2, 0, 0, 2)
    assert AuditEntry.select().count() == audit_rows  # not a single write
    assert {o.action for o in second.outcomes} == {"unchanged"}


def test_a_duplicate_is_matched_by_email_then_phone_then_name_in_its_account(actor, tmp_path):
    acme = accounts.create(actor, {"name": "Acme"})
    by_email = contacts.create(actor, {"last_name": "Email", "email": "Same@Acme.example"})
    by_phone = contacts.create(actor, {"last_name": "Phone", "business_phone": "+1 (202) 555-0142"})
    by_name = contacts.create(actor, {"first_name": "Nam", "last_name": "Ed", "parent_customer": acme.id})
    other_email = contacts.create(actor, {"last_name": "Switchboard", "email": "desk@acme.example",
                                          "business_phone": "+1 202 555 0000"})
    path = _write(tmp_path / "dups.csv", ["First Name", "Last Name", "Company", "E-mail Address", "Business Phone"], [
        ["", "Email", "", "same@acme.example", ""],
        ["", "Phone", "", "", "1-202-555-0142"],
        ["Nam", "Ed", "ACME", "", ""],
        ["Nam", "Ed", "", "", ""],  # the same name without the account: someone else
        ["", "Colleague", "", "colleague@acme.example", "+1 202 555 0000"],  # a shared number, another email
    ])
    report = importing.import_file(actor, "contact", path, mode="create")
    assert [(o.action, o.record_id, o.reason) for o in report.outcomes[:3]] == [
        ("duplicate", by_email.id, "same email"), ("duplicate", by_phone.id, "same phone"),
        ("duplicate", by_name.id, "same name")]
    assert [o.action for o in report.outcomes[3:]] == ["created", "created"]
    assert other_email.id not in {o.record_id for o in report.outcomes[3:]}
    assert (report.created, report.skipped) == (2, 3)


def test_a_contact_in_one_of_two_accounts_of_the_same_name_stays_there(actor, tmp_path):
    first = accounts.create(actor, {"name": "Contoso Ltd", "city": "Oslo"})
    second = accounts.create(actor, {"name": "Contoso Ltd", "city": "Rome"})
    ada = contacts.create(actor, {"last_name": "Lovelace", "email": "ada@contoso.example", "parent_customer": second.id})
    path = _write(tmp_path / "again.csv", ["Last Name", "Company", "E-mail Address", "Job Title"], [
        ["Lovelace", "contoso ltd", "ada@contoso.example", "CTO"]])
    report = importing.import_file(actor, "contact", path)
    assert report.outcomes[0].fields == ("job_title",)  # not moved to the first Contoso Ltd
    assert Contact.get_by_id(ada.id).parent_customer_id == second.id != first.id


def test_the_same_person_twice_in_one_file_is_made_once(actor, tmp_path):
    path = _write(tmp_path / "twice.csv", ["Name", "Email", "Mobile Phone"], [
        ["Ada Lovelace", "ada@x.example", ""], ["Ada Lovelace", "ADA@X.EXAMPLE", "+44 7700 900000"]])
    report = importing.import_file(actor, "contact", path)
    assert [o.action for o in report.outcomes] == ["created", "updated"]
    assert Contact.select().count() == 1
    assert _contact("ada@x.example").mobile_phone == "+44 7700 900000"


def test_bad_rows_are_refused_with_line_and_reason_and_the_good_ones_land(actor, tmp_path):
    path = _write(tmp_path / "mixed.csv", ["First Name", "Last Name", "E-mail Address", "Owner", "Notes"], [
        ["Good", "One", "good1@x.example", "", ""],
        ["Bad", "Email", "not-an-email", "", ""],
        ["No", "", "nolast@x.example", "", ""],
        ["Good", "Two", "good2@x.example", "Test User", "a note\nover\nthree lines"],
        ["Bad", "Owner", "owner@x.example", "nobody-here", ""],
    ])
    report = importing.import_file(actor, "contact", path)
    assert (report.read, report.created, report.refused) == (5, 2, 3)
    assert report.created + report.updated + report.skipped + report.refused == report.read
    refused = list(csv.reader(open(report.refused_file, encoding="utf-8")))
    assert report.refused_file.name == "mixed.refused.csv" and report.refused_file.parent == tmp_path
    assert refused[0] == ["Line", "Reason", "First Name", "Last Name", "E-mail Address", "Owner", "Notes"]
    assert [r[0] for r in refused[1:]] == ["3", "4", "8"]  # the multi-line note puts the last row at line 8
    assert "Email" in refused[1][1] and "Last name: Required" in refused[2][1] and "nobody-here" in refused[3][1]
    assert refused[1][2:] == ["Bad", "Email", "not-an-email", "", ""]
    assert Contact.select().count() == 2
    # fixed and imported again: no refused rows left, and the stale file goes
    _write(path, refused[0][2:], [["Good", "One", "good1@x.example", "", ""]])
    assert importing.import_file(actor, "contact", path).refused_file is None
    assert not (tmp_path / "mixed.refused.csv").exists()


def test_a_refused_row_leaves_no_account_behind(actor, tmp_path):
    path = _write(tmp_path / "x.csv", ["Last Name", "Company", "E-mail Address"], [
        ["Bad", "Ghost Company", "not-an-email"], ["Good", "Ghost Company", "good@x.example"]])
    report = importing.import_file(actor, "contact", path)
    assert (report.created, report.refused, report.accounts_created) == (1, 1, 1)
    assert Account.select().where(Account.name == "Ghost Company").count() == 1
    assert Account.get_by_id(_contact("good@x.example").parent_customer_id).name == "Ghost Company"


def test_a_dry_run_writes_nothing_and_says_what_each_row_would_do(actor, tmp_path):
    existing = contacts.create(actor, {"last_name": "There", "email": "there@x.example"})
    path = _write(tmp_path / "dry.csv", ["Last Name", "Job Title", "E-mail Address", "Company"], [
        ["There", "Boss", "there@x.example", ""], ["New", "", "new@x.example", "New Co"], ["Bad", "", "bad", ""]])
    audit_rows = AuditEntry.select().count()
    report = importing.import_file(actor, "contact", path, dry_run=True)
    assert [(o.action, o.fields) for o in report.outcomes] == [
        ("updated", ("job_title",)), ("created", ()), ("refused", ())]
    assert report.outcomes[0].record_id == existing.id
    assert (report.accounts_created, report.refused_file) == (1, None)
    assert AuditEntry.select().count() == audit_rows and Contact.select().count() == 1
    assert not (tmp_path / "dry.refused.csv").exists()


def test_modes_create_and_update(actor, tmp_path):
    contacts.create(actor, {"last_name": "There", "email": "there@x.example"})
    path = _write(tmp_path / "m.csv", ["Last Name", "Job Title", "E-mail Address"], [
        ["There", "Boss", "there@x.example"], ["New", "", "new@x.example"]])
    update = importing.import_file(actor, "contact", path, mode="update")
    assert [o.action for o in update.outcomes] == ["updated", "no match"]
    create = importing.import_file(actor, "contact", path, mode="create")
    assert [o.action for o in create.outcomes] == ["duplicate", "created"]


def test_a_row_a_duplicate_rule_matches_follows_the_mode(actor, tmp_path):
    from crm_tui.services import duplicates

    duplicates.save_rule(None, "Accounts with the same website", "account", "account", "website")
    there = accounts.create(actor, {"name": "Contoso", "website": "contoso.example"})
    path = _write(tmp_path / "a.csv", ["Account Name", "Website", "Main Phone"], [
        ["Contoso Group", "CONTOSO.example", "+1 425 555 0100"], ["Fabrikam", "fabrikam.example", ""]])
    dry = importing.import_file(actor, "account", path, mode="create", dry_run=True)
    assert [(o.action, o.record_id, o.reason) for o in dry.outcomes][0] == (
        "duplicate", there.id, "rule “Accounts with the same website”")
    create = importing.import_file(actor, "account", path, mode="create")
    assert [o.action for o in create.outcomes] == ["duplicate", "created"] and Account.select().count() == 2
    upsert = importing.import_file(actor, "account", path)  # the matched one is updated, not doubled
    assert [(o.action, o.record_id) for o in upsert.outcomes][0] == ("updated", there.id)
    assert Account.get_by_id(there.id).name == "Contoso Group" and Account.select().count() == 2


def test_other_record_types_resolve_their_links(actor, tmp_path):
    acme = accounts.create(actor, {"name": "Acme"})
    ada = contacts.create(actor, {"last_name": "Lovelace", "email": "ada@acme.example", "parent_customer": acme.id})
    leads = _write(tmp_path / "leads.csv", ["Topic", "Name", "Company Name", "Email", "Lead Source", "Est. Value"], [
        ["Fleet deal", "Hank Scorpio", "Globex", "hank@globex.example", "Web", "125,000"]])
    assert importing.import_file(actor, "lead", leads).created == 1
    lead = Lead.get()
    assert (lead.first_name, lead.last_name, lead.company_name, lead.source, lead.estimated_value) == (
        "Hank", "Scorpio", "Globex", "Web", 125000)
    opps = _write(tmp_path / "opps.csv", ["Topic", "Potential Customer", "Est. Revenue", "Est. Close Date", "Contact"], [
        ["Renewal", "Acme", "50000", "2027-03-31", "ada@acme.example"],
        ["Renewal", "Acme", "50000", "2027-03-31", "ada@acme.example"]])
    report = importing.import_file(actor, "opportunity", opps)
    assert [o.action for o in report.outcomes] == ["created", "unchanged"]
    opp = Opportunity.get()
    assert (opp.customer_account_id, opp.contact_id, str(opp.estimated_close)) == (acme.id, ada.id, "2027-03-31")


def test_activities_and_notes_come_in_on_the_records_their_regarding_names(actor, tmp_path):
    from crm_tui.models import Activity
    from crm_tui.services.service.cases import cases

    acme = accounts.create(actor, {"name": "Acme"})
    ada = contacts.create(actor, {"last_name": "Lovelace", "email": "ada@acme.example", "parent_customer": acme.id})
    case = cases.create(actor, {"title": "Broken", "customer": ("account", acme.id)})
    tasks = _write(tmp_path / "tasks.csv", ["Subject", "Regarding", "Due Date", "Priority", "Description"], [
        ["Renewal", "Acme", "2027-01-15 10:00", "High", "ask about\nseats"],
        ["Quote", f"contact:{ada.id}", "2027-01-16", "", ""],
        ["About the case", f"CAS-{case.id:05d}", "", "", ""],
        ["Mail Ada", "ada@acme.example", "", "", ""],
        ["Orphan", "Nobody Inc", "", "", ""],
    ])
    report = importing.import_file(actor, "task", tasks)
    assert [o.action for o in report.outcomes] == ["created"] * 4 + ["refused"]
    assert "Nobody Inc" in report.outcomes[4].reason
    made = {a.subject: a for a in Activity.select().where(Activity.kind == "task")}
    assert (made["Renewal"].regarding_type, made["Renewal"].regarding_id, made["Renewal"].priority) == (
        "account", acme.id, "High")
    assert (made["About the case"].regarding_type, made["Mail Ada"].regarding_id) == ("case", ada.id)
    assert made["Renewal"].state == "open" and made["Renewal"].description == "ask about\nseats"
    again = importing.import_file(actor, "task", tasks)
    assert (again.created, again.skipped, again.refused) == (0, 4, 1)  # the same subject on the same record
    calls = _write(tmp_path / "calls.csv", ["Subject", "Regarding", "Phone Number", "Direction", "Status Reason"], [
        ["Intro", "Acme", "+1 555 0100", "Outgoing", "Made"], ["Second", "Acme", "+1 555 0100", "Outgoing", "Made"]])
    report = importing.import_file(actor, "phone_call", calls)
    assert report.created == 2  # one number, two calls
    assert {a.state for a in Activity.select().where(Activity.kind == "phone_call")} == {"completed"}
    notes = _write(tmp_path / "notes.csv", ["Title", "Regarding", "Text"], [["Met at the fair", "Acme", "Likes tea"]])
    assert importing.import_file(actor, "note", notes).created == 1


def test_a_saved_map_reads_a_file_with_headers_of_its_own(actor, tmp_path, monkeypatch):
    monkeypatch.setenv("CRM_TUI_SETTINGS", str(tmp_path / "settings.toml"))
    path = _write(tmp_path / "own.csv", ["Surname", "Mail", "Firm"], [["Hopper", "grace@navy.example", "Navy"]])
    suggested = columns.suggested("contact", ["Surname", "Mail", "Firm"])
    assert suggested == {"Surname": "last_name", "Mail": "", "Firm": ""}
    columns.save_map("my crm", "contact", {"Surname": "last_name", "Mail": "email", "Firm": "company"})
    assert columns.saved_maps("contact") == ["my crm"] and columns.saved_maps("account") == []
    report = importing.import_file(actor, "contact", path, map_name="my crm")
    assert report.created == 1
    assert Account.get_by_id(_contact("grace@navy.example").parent_customer_id).name == "Navy"
    with pytest.raises(importing.ImportFileError, match="no column fills Last name"):
        importing.import_file(actor, "contact", path, mapping={"Surname": "", "Mail": "email"})
    with pytest.raises(columns.MapError, match="No saved map"):
        importing.import_file(actor, "contact", path, map_name="missing")
    with pytest.raises(columns.MapError, match="cannot name a map"):
        columns.save_map("../escape", "contact", {})


def test_split_name():
    assert split_name("Ada Lovelace") == ("Ada", "Lovelace")
    assert split_name("  Lovelace,  Ada ") == ("Ada", "Lovelace")
    assert split_name("Cher") == (None, "Cher")
    assert split_name("Grace Brewster Hopper") == ("Grace Brewster", "Hopper")


def test_a_file_that_cannot_be_imported_says_why(actor, tmp_path):
    with pytest.raises(importing.ImportFileError, match="does not exist"):
        importing.import_file(actor, "contact", tmp_path / "none.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(importing.ImportFileError, match="no header row"):
        importing.import_file(actor, "contact", empty)
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text("Last Name;E-mail Address\nMüller;m@x.example\n", encoding="utf-8")
    assert importing.import_file(actor, "contact", semicolons).created == 1  # a European Excel's separator
    long_row = _write(tmp_path / "long.csv", ["Last Name"], [["A", "extra"]])
    report = importing.import_file(actor, "contact", long_row)
    assert report.refused == 1 and "2 cells" in report.outcomes[0].reason


KILL_SCRIPT = """
import sys, time
from crm_tui.startup.opening import open_reporting
from crm_tui.services.users import ensure_user
from crm_tui.services import importing
from crm_tui.services.importing import engine
engine.BATCH = 50
open_reporting(sys.argv[1])
actor = ensure_user("tester")
def slow(done, total):
    print(done, flush=True)
    time.sleep(0.05)
importing.import_file(actor, "contact", sys.argv[2], progress=slow)
"""


def test_a_kill_in_the_middle_leaves_whole_batches_and_a_rerun_finishes(db_url, actor, tmp_path):
    path = _write(tmp_path / "many.csv", ["First Name", "Last Name", "E-mail Address", "Company"],
                  [[f"P{n}", f"Person{n}", f"p{n}@x.example", f"Company {n % 7}"] for n in range(1000)])
    process = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, db_url, path], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    for _ in range(3):  # three batches in
        assert process.stdout.readline().strip()
    process.send_signal(signal.SIGKILL)
    process.wait()
    landed = Contact.select().count()
    assert landed and landed % 50 == 0 and landed < 1000
    audited = len({row[0] for row in AuditEntry.select(AuditEntry.record_id).where(
        (AuditEntry.record_type == "contact") & (AuditEntry.action == "created")).tuples()})
    assert audited == landed  # every record with its history, nothing half-written
    report = importing.import_file(actor, "contact", path)
    assert (report.created, report.skipped, report.refused) == (1000 - landed, landed, 0)
    assert Contact.select().count() == 1000
    assert Account.select().count() == 7


def test_the_import_command_prints_counts_and_exits_by_them(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    path = _write(tmp_path / "people.csv", ["Name", "E-mail Address"], [["Ada Lovelace", "ada@x.example"], ["Bad", "bad"]])
    dry = cli("import", "contact", path, "--dry-run", "-f", "json", "--db", db, "--user", "tester")
    assert dry.returncode == 5, dry.stderr
    data = json.loads(dry.stdout)
    assert (data["dry_run"], data["created"], data["refused"]) == (True, 1, 1)
    assert [r["action"] for r in data["rows"]] == ["created", "refused"] and data["rows"][1]["line"] == 3
    run = cli("import", "contact", path, "-f", "json", "--db", db, "--user", "tester")
    data = json.loads(run.stdout)
    assert run.returncode == 5 and (data["created"], data["refused"]) == (1, 1)
    assert data["refused_file"] == str(tmp_path / "people.refused.csv")
    again = cli("import", "contact", path, "--db", db, "--user", "tester")
    assert "2 rows read: 0 created, 0 updated, 1 skipped, 1 refused" in again.stdout
    assert "line 3: refused" in again.stdout
    good = _write(tmp_path / "good.csv", ["Name", "E-mail Address"], [["Ada Lovelace", "ada@x.example"]])
    assert cli("import", "contact", good, "--db", db, "--user", "tester").returncode == 0
    shown = cli("import", "contact", good, "--show-map", "--column", "Name=", "--db", db)
    assert [line.split("->")[1].strip() for line in shown.stdout.splitlines()] == ["(left out)", "Email"]
    bad_column = cli("import", "contact", good, "--column", "Nope=email", "--db", db)
    assert bad_column.returncode == 5 and "--column takes HEADER=FIELD" in bad_column.stderr
    missing = cli("import", "contact", str(tmp_path / "nothing.csv"), "--db", db)
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert cli("import", "nonsense", good, "--db", db).returncode == 2
    assert cli("import", "--help").returncode == 0
