"""Every change leaves a trace: what a delete or a merge does to other records is audited on
each of them, with a version bump, and created and deleted records keep their values."""

from __future__ import annotations

from crm_tui.models import Activity, AuditEntry, Case, Lead, Opportunity
from crm_tui.services import activities
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.services.service.sla import slas


def _audit(record_type: str, record_id: int, action: str) -> dict[str, tuple]:
    return {e.field: (e.old_value, e.new_value) for e in AuditEntry.select().where(
        AuditEntry.record_type == record_type, AuditEntry.record_id == record_id, AuditEntry.action == action)}


def test_created_and_deleted_records_keep_their_values_in_the_audit(db_url, actor):
    made = accounts.create(actor, {"name": "Kept In Mind Ltd", "city": "Bremen", "employees": "12"})
    created = _audit("account", made.id, "created")
    assert created["name"] == (None, "Kept In Mind Ltd") and created["city"] == (None, "Bremen")
    assert created["employees"] == (None, "12")
    accounts.delete(actor, made.id)
    deleted = _audit("account", made.id, "deleted")
    assert deleted["name"] == ("Kept In Mind Ltd", None) and deleted["city"] == ("Bremen", None)


def test_deleting_a_contact_unlinks_what_named_it_each_audited_and_versioned(db_url, actor):
    customer = accounts.create(actor, {"name": "Customer AG"})
    person = contacts.create(actor, {"last_name": "Leaving", "parent_customer": customer.id})
    deal = opportunities.create(actor, {"topic": "Big deal", "customer": ("account", customer.id),
                                        "contact": person.id})
    case = cases.create(actor, {"title": "Broken", "customer": ("account", customer.id), "contact": person.id})
    before = (Opportunity.get_by_id(deal.id).version, Case.get_by_id(case.id).version)
    contacts.delete(actor, person.id)
    assert Opportunity.get_by_id(deal.id).contact_id is None and Case.get_by_id(case.id).contact_id is None
    assert (Opportunity.get_by_id(deal.id).version, Case.get_by_id(case.id).version) == (before[0] + 1, before[1] + 1)
    assert _audit("opportunity", deal.id, "updated")["contact"] == ("Leaving", None)
    assert _audit("case", case.id, "updated")["contact"] == ("Leaving", None)


def test_deleting_a_case_or_an_sla_unlinks_children_and_cases_audited(db_url, actor):
    customer = accounts.create(actor, {"name": "Customer AG"})
    sla = slas.create(actor, {"name": "Fast", "priority": "High", "first_response_minutes": "1h",
                              "resolve_minutes": "8h"})
    parent = cases.create(actor, {"title": "Parent", "customer": ("account", customer.id), "priority": "High"})
    child = cases.create(actor, {"title": "Child", "customer": ("account", customer.id), "parent_case": parent.id,
                                 "priority": "High"})
    assert Case.get_by_id(child.id).sla_id == sla.id
    cases.delete(actor, parent.id)
    assert Case.get_by_id(child.id).parent_case_id is None
    assert _audit("case", child.id, "updated")["parent_case"][1] is None
    version = Case.get_by_id(child.id).version
    slas.delete(actor, sla.id)
    assert Case.get_by_id(child.id).sla_id is None and Case.get_by_id(child.id).version == version + 1
    assert _audit("case", child.id, "updated")["sla"] == ("Fast", None)


def test_a_merge_audits_every_activity_and_child_case_it_moves(db_url, actor):
    customer = accounts.create(actor, {"name": "Customer AG"})
    duplicate = cases.create(actor, {"title": "Dup", "customer": ("account", customer.id)})
    main = cases.create(actor, {"title": "Main", "customer": ("account", customer.id)})
    child = cases.create(actor, {"title": "Kid", "customer": ("account", customer.id), "parent_case": duplicate.id})
    note = activities.log(actor, "note", ("case", duplicate.id), "Said hello")
    note_version = Activity.get_by_id(note.id).version
    cases.merge(actor, duplicate.id, main.id)
    assert Activity.get_by_id(note.id).regarding_id == main.id
    assert Activity.get_by_id(note.id).version == note_version + 1
    moved = _audit("activity", note.id, "updated")["regarding"]
    assert "Dup" in moved[0] and "Main" in moved[1]
    assert Case.get_by_id(child.id).parent_case_id == main.id
    assert "Main" in _audit("case", child.id, "updated")["parent_case"][1]


def test_deleting_a_lead_unlinks_the_opportunity_it_became_audited(db_url, actor):
    lead = leads.create(actor, {"topic": "Hot lead", "last_name": "Prospect"})
    customer = accounts.create(actor, {"name": "Customer AG"})
    deal = opportunities.create(actor, {"topic": "From the lead", "customer": ("account", customer.id),
                                        "originating_lead": lead.id})
    leads.delete(actor, lead.id)
    assert Opportunity.get_by_id(deal.id).originating_lead_id is None
    assert _audit("opportunity", deal.id, "updated")["originating_lead"][0] == "Prospect"  # the lead, by its person
    assert not Lead.select().where(Lead.id == lead.id).exists()
