"""Merging duplicates: every kind of related record moves to the survivor, audited, nothing left
pointing at the merged record, and the merged one closed — accounts, contacts and leads, on both
databases."""

from __future__ import annotations

import json

import pytest

from crm_tui.models import Account, Activity, AuditEntry, Case, Contact, Entitlement, Lead, Opportunity
from crm_tui.models import db as dbmod
from crm_tui.services import activities, merge
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import NotFoundError, ValidationError
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.services.service.entitlements import entitlements
from tests.run_cli import cli


def _dangling(db_url) -> list:
    """Rows whose links point at nothing (the database's own check)."""
    db = dbmod.database
    if "postgresql" not in db_url:
        return db.execute_sql("PRAGMA foreign_key_check").fetchall()
    return []  # PostgreSQL's constraints refuse such a row at once


def test_two_accounts_become_one_with_everything_they_held(db_url, actor):
    top = accounts.create(actor, {"name": "Contoso Group"})
    keep = accounts.create(actor, {"name": "Contoso Ltd", "city": "Oslo", "parent": top.id})
    dupe = accounts.create(actor, {"name": "Contoso Limited", "phone": "+47 22 00 00 00", "website": "contoso.example"})
    sub = accounts.create(actor, {"name": "Contoso Labs", "parent": dupe.id})
    ann = contacts.create(actor, {"last_name": "Ann", "parent_customer": dupe.id})
    accounts.set_primary_contact(actor, dupe.id, ann.id, accounts.get(dupe.id).version)
    deal = opportunities.create(actor, {"topic": "Renewal", "customer": ("account", dupe.id)})
    case = cases.create(actor, {"title": "Broken", "customer": ("account", dupe.id)})
    gold = entitlements.create(actor, {"name": "Gold", "customer": ("account", dupe.id), "start_date": "today",
                                       "end_date": "+30d", "allocation": "Number of cases", "total_terms": "5",
                                       "decrease_on": "Case creation"})
    call = activities.log(actor, "phone_call", ("account", dupe.id), "Intro call")
    ann_call = activities.log(actor, "phone_call", ("contact", ann.id), "Ann's call")

    done = merge.merge(actor, "account", keep.id, [dupe.id], take={"phone": dupe.id, "website": dupe.id})
    survivor = Account.get_by_id(keep.id)
    assert (survivor.name, survivor.city, survivor.phone, survivor.website, survivor.parent_id) == (
        "Contoso Ltd", "Oslo", "+47 22 00 00 00", "contoso.example", top.id)
    assert Account.get_by_id(sub.id).parent_id == keep.id
    assert Contact.get_by_id(ann.id).parent_customer_id == keep.id
    assert Opportunity.get_by_id(deal.id).customer_account_id == keep.id
    assert Case.get_by_id(case.id).customer_account_id == keep.id
    assert Entitlement.get_by_id(gold.id).customer_account_id == keep.id
    assert (Activity.get_by_id(call.id).regarding_id, Activity.get_by_id(call.id).rollup_account) == (keep.id, keep.id)
    assert Activity.get_by_id(ann_call.id).rollup_account == keep.id  # a moved contact's history rolls up here now
    merged = Account.get_by_id(dupe.id)
    assert (merged.state, merged.merged_into_id) == ("inactive", keep.id)  # and it says where it went
    assert AuditEntry.select().where((AuditEntry.record_type == "account") & (AuditEntry.record_id == dupe.id)
                                     & (AuditEntry.field == "merged_into")).count() == 1
    assert not _dangling(db_url)
    assert done.moved["contact.parent_customer"] == 1 and done.moved["account.parent"] == 1
    moved_audit = AuditEntry.select().where((AuditEntry.record_type == "contact") & (AuditEntry.record_id == ann.id)
                                            & (AuditEntry.field == "parent_customer") & (AuditEntry.action == "updated"))
    assert moved_audit.count() == 1
    said = [a.subject for a in Activity.select().where((Activity.kind == "event") & (Activity.regarding_id == dupe.id)
                                                      & (Activity.regarding_type == "account"))]
    assert any("Merged into Contoso Ltd" in text for text in said)


def test_the_survivor_under_the_merged_account_takes_its_place(db_url, actor):
    top = accounts.create(actor, {"name": "Top"})
    dupe = accounts.create(actor, {"name": "Middle", "parent": top.id})
    keep = accounts.create(actor, {"name": "Middle Ltd", "parent": dupe.id})
    merge.merge(actor, "account", keep.id, [dupe.id], take={"name": dupe.id})
    assert Account.get_by_id(keep.id).parent_id == top.id  # not under itself, not under a closed account
    assert Account.get_by_id(keep.id).name == "Middle"


def test_two_contacts_become_one(db_url, actor):
    home = accounts.create(actor, {"name": "Home"})
    other = accounts.create(actor, {"name": "Other"})
    keep = contacts.create(actor, {"last_name": "Lovelace", "first_name": "Ada", "parent_customer": home.id})
    dupe = contacts.create(actor, {"last_name": "Lovelace", "email": "ada@x.example", "parent_customer": other.id})
    accounts.set_primary_contact(actor, other.id, dupe.id, accounts.get(other.id).version)
    deal = opportunities.create(actor, {"topic": "Deal", "customer": ("contact", dupe.id), "contact": dupe.id})
    case = cases.create(actor, {"title": "Case", "customer": ("account", home.id), "contact": dupe.id})
    note = activities.log(actor, "note", ("contact", dupe.id), "Met at the fair")
    merge.merge(actor, "contact", keep.id, [dupe.id], take={"email": dupe.id})
    assert Contact.get_by_id(keep.id).email == "ada@x.example"
    assert (Opportunity.get_by_id(deal.id).customer_contact_id, Opportunity.get_by_id(deal.id).contact_id) == (
        keep.id, keep.id)
    assert Case.get_by_id(case.id).contact_id == keep.id
    assert Activity.get_by_id(note.id).regarding_id == keep.id
    # primary contact of an account the survivor is not in: cleared, not pointed at a stranger
    assert Account.get_by_id(other.id).primary_contact_id is None
    assert (Contact.get_by_id(dupe.id).state, Contact.get_by_id(dupe.id).merged_into_id) == ("inactive", keep.id)
    assert not _dangling(db_url)


def test_two_leads_become_one(db_url, actor):
    keep = leads.create(actor, {"topic": "Fleet", "last_name": "Scorpio", "company_name": "Globex"})
    dupe = leads.create(actor, {"topic": "Fleet deal", "last_name": "Scorpio", "email": "hank@globex.example"})
    task = activities.log(actor, "task", ("lead", dupe.id), "Call Hank")
    merge.merge(actor, "lead", keep.id, [dupe.id], take={"email": dupe.id})
    assert Lead.get_by_id(keep.id).email == "hank@globex.example"
    assert Activity.get_by_id(task.id).regarding_id == keep.id
    assert (Lead.get_by_id(dupe.id).state, Lead.get_by_id(dupe.id).status_reason) == ("disqualified", "Canceled")


def test_what_cannot_be_merged_is_refused_and_nothing_changes(db_url, actor):
    keep = accounts.create(actor, {"name": "Keep"})
    dupe = accounts.create(actor, {"name": "Dupe"})
    gone = accounts.create(actor, {"name": "Gone"})
    accounts.deactivate(actor, gone.id)
    with pytest.raises(ValidationError, match="only active"):
        merge.merge(actor, "account", keep.id, [gone.id])
    with pytest.raises(NotFoundError):
        merge.merge(actor, "account", keep.id, [999999])
    with pytest.raises(ValidationError, match="at least one"):
        merge.merge(actor, "account", keep.id, [keep.id])
    with pytest.raises(ValidationError, match="no field"):
        merge.merge(actor, "account", keep.id, [dupe.id], take={"nonsense": dupe.id})
    with pytest.raises(ValidationError, match="taken from a record being merged"):
        merge.merge(actor, "account", keep.id, [dupe.id], take={"city": gone.id})
    with pytest.raises(ValidationError):
        merge.merge(actor, "case", keep.id, [dupe.id])
    assert Account.get_by_id(dupe.id).state == "active"


def test_the_merge_command(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    for name in ("Keep", "Dupe"):
        assert cli("account", "create", "--db", db, "--set", f"name={name}").returncode == 0
    assert cli("contact", "create", "--db", db, "--set", "last_name=Ann", "--set", "parent_customer=2").returncode == 0
    done = cli("account", "merge", "1", "2", "--take", "name=2", "-f", "json", "--db", db)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["name"] == "Dupe" and "moved 1 (contact.parent_customer)" in done.stderr
    assert json.loads(cli("contact", "show", "1", "-f", "json", "--db", db).stdout)["parent_customer"] == "Dupe"
    assert cli("account", "merge", "1", "99", "--db", db).returncode == 3
    assert cli("account", "merge", "1", "--db", db).returncode == 2


def test_a_record_merged_before_follows_its_survivor_into_the_next_merge(db_url, actor):
    first = accounts.create(actor, {"name": "Fabrikam"})
    second = accounts.create(actor, {"name": "Fabrikam Inc"})
    third = accounts.create(actor, {"name": "Fabrikam Group"})
    merge.merge(actor, "account", second.id, [first.id])
    merge.merge(actor, "account", third.id, [second.id])
    assert Account.get_by_id(first.id).merged_into_id == third.id  # not left pointing at a closed account
    assert Account.get_by_id(second.id).merged_into_id == third.id
    assert not _dangling(db_url)
