"""Leads, qualification, opportunities and the pipeline, on SQLite and PostgreSQL."""

import datetime as dt
from decimal import Decimal

import pytest

from crm_tui.models import Account, Activity, Contact, Lead, Opportunity
from crm_tui.services import activities, listing
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.errors import DeleteBlockedError, ValidationError
from crm_tui.core.list_types import timeline_of
from crm_tui.services.listing import ListQuery
from crm_tui.services.sales import pipeline, qualify
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities


def _lead(actor, **fields):
    data = {"topic": "50 espresso machines", "first_name": "Nina", "last_name": "Park",
            "company_name": "Bean There Ltd", "email": "nina@beanthere.example", "job_title": "Buyer",
            "business_phone": "+44 20 7946 0100", "source": "Trade Show", "rating": "Hot",
            "estimated_value": "48000", "description": "Met at the Birmingham show", **fields}
    return leads.create(actor, data)


# -- leads -----------------------------------------------------------------------------------------
def test_a_new_lead_is_open_and_new(actor):
    lead = _lead(actor)
    stored = Lead.get_by_id(lead.id)
    assert (stored.state, stored.status_reason, stored.sort_name) == ("open", "New", "park nina")


@pytest.mark.parametrize("field, value, message", [
    ("topic", "", "Required"), ("last_name", "", "Required"), ("email", "nina@", "email"),
    ("source", "Carrier pigeon", "Choose one of"), ("rating", "Lukewarm", "Choose one of"),
    ("estimated_value", "-5", "negative"), ("status_reason", "Qualified", "New, Contacted"),
    ("qualified_account", 1, "qualifying"),
])
def test_bad_lead_input_is_refused_and_nothing_written(actor, field, value, message):
    with pytest.raises(ValidationError) as info:
        _lead(actor, **{field: value})
    assert message in info.value.errors[field]
    assert Lead.select().count() == 0


def test_disqualify_asks_a_reason_and_reactivate_reopens(actor):
    lead = _lead(actor)
    with pytest.raises(ValidationError):
        leads.disqualify(actor, lead.id, "Bored")
    leads.disqualify(actor, lead.id, "No Longer Interested")
    stored = Lead.get_by_id(lead.id)
    assert (stored.state, stored.status_reason) == ("disqualified", "No Longer Interested")
    with pytest.raises(ValidationError, match="disqualified"):
        leads.update(actor, lead.id, {"topic": "changed"}, stored.version)
    with pytest.raises(ValidationError, match="Only an open lead"):
        leads.disqualify(actor, lead.id, "Lost")
    leads.reactivate(actor, lead.id)
    stored = Lead.get_by_id(lead.id)
    assert (stored.state, stored.status_reason) == ("open", "New")
    events = [a.subject for a in Activity.select().where(Activity.regarding_type == "lead")]
    assert "Lead disqualified: Nina Park (No Longer Interested)" in events
    assert "Lead reactivated: Nina Park" in events


# -- qualifying ------------------------------------------------------------------------------------
def test_qualify_makes_account_contact_and_opportunity_from_the_lead(actor):
    lead = _lead(actor)
    activities.log(actor, "phone_call", ("lead", lead.id), "First call")
    done = qualify.qualify(actor, lead.id)
    account = Account.get_by_id(done.account_id)
    contact = Contact.get_by_id(done.contact_id)
    deal = Opportunity.get_by_id(done.opportunity_id)
    assert (account.name, account.phone) == ("Bean There Ltd", "+44 20 7946 0100")
    assert (contact.first_name, contact.last_name, contact.email, contact.parent_customer_id) == (
        "Nina", "Park", "nina@beanthere.example", account.id)
    assert (deal.topic, deal.customer_account_id, deal.contact_id, deal.originating_lead_id) == (
        "50 espresso machines", account.id, contact.id, lead.id)
    assert (deal.state, deal.stage, deal.estimated_revenue) == ("open", "Qualify", Decimal("48000.00"))
    stored = Lead.get_by_id(lead.id)
    assert (stored.state, stored.qualified_account_id, stored.qualified_contact_id) == (
        "qualified", account.id, contact.id)
    with pytest.raises(ValidationError, match="qualified"):
        leads.update(actor, lead.id, {"topic": "changed"}, stored.version)
    # The lead's history stays on its timeline and shows on the new records' as well.
    for regarding, rollup in ((("lead", lead.id), False), (("contact", contact.id), False),
                              (("opportunity", deal.id), False), (("account", account.id), True)):
        subjects = [row[4] for row in listing.page(timeline_of(regarding, rollup))]
        assert any("First call" in s for s in subjects), regarding
    lead_events = [row[4] for row in listing.page(timeline_of(("lead", lead.id)))]
    assert any("Lead qualified: Nina Park" in s for s in lead_events)


def test_qualifying_twice_is_refused(actor):
    lead = _lead(actor)
    qualify.qualify(actor, lead.id)
    with pytest.raises(ValidationError, match="qualified already"):
        qualify.qualify(actor, lead.id)
    assert (Account.select().count(), Contact.select().count(), Opportunity.select().count()) == (1, 1, 1)


def test_a_lead_without_a_company_qualifies_to_a_person_customer(actor):
    lead = _lead(actor, company_name="")
    done = qualify.qualify(actor, lead.id)
    assert done.account_id is None and Account.select().count() == 0
    deal = Opportunity.get_by_id(done.opportunity_id)
    assert (deal.customer_account_id, deal.customer_contact_id) == (None, done.contact_id)
    assert Contact.get_by_id(done.contact_id).parent_customer_id is None


def test_duplicates_are_found_and_a_picked_one_is_used(actor):
    bean = accounts.create(actor, {"name": "BEAN THERE LTD"})
    nina = contacts.create(actor, {"first_name": "Nina", "last_name": "Park", "parent_customer": bean.id})
    same_email = contacts.create(actor, {"last_name": "Elsewhere", "email": "NINA@beanthere.example"})
    accounts.create(actor, {"name": "Bean There Limited"})  # not the same name: not offered
    lead = _lead(actor)
    found = qualify.duplicates(lead.id)
    assert [m.id for m in found.accounts] == [bean.id]
    assert {m.id for m in found.contacts} == {nina.id, same_email.id}
    done = qualify.qualify(actor, lead.id, account_id=bean.id, contact_id=nina.id)
    assert (done.account_id, done.contact_id) == (bean.id, nina.id)
    assert Account.select().count() == 2 and Contact.select().count() == 2  # nothing new made
    assert Opportunity.get_by_id(done.opportunity_id).customer_account_id == bean.id


def test_qualify_checks_by_the_rules_in_force(actor):
    from crm_tui.services import duplicates as rules

    by_email = contacts.create(actor, {"last_name": "Elsewhere", "email": "nina@beanthere.example"})
    by_phone = contacts.create(actor, {"last_name": "Other", "business_phone": "020 7946 0100"})
    lead = _lead(actor)
    assert [m.id for m in qualify.duplicates(lead.id).contacts] == [by_email.id]
    email_rule = next(r for r in rules.rules("contact") if r.name == "Contacts with the same email")
    rules.set_active(email_rule.id, False)  # switched off: qualify no longer says so
    rules.save_rule(None, "Contacts with the same line", "contact", "contact", "business_phone:last 8")
    assert [m.id for m in qualify.duplicates(lead.id).contacts] == [by_phone.id]


def test_no_duplicates_for_a_new_customer(actor):
    lead = _lead(actor)
    assert not qualify.duplicates(lead.id).found


def test_qualify_failing_half_way_writes_nothing(actor, monkeypatch):
    lead = _lead(actor)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(opportunities, "create", broken)
    with pytest.raises(RuntimeError):
        qualify.qualify(actor, lead.id)
    assert (Account.select().count(), Contact.select().count(), Opportunity.select().count()) == (0, 0, 0)
    stored = Lead.get_by_id(lead.id)
    assert (stored.state, stored.version) == ("open", 1)


# -- opportunities ---------------------------------------------------------------------------------
def _deal(actor, **fields):
    acme = accounts.create(actor, {"name": "Acme"})
    return opportunities.create(actor, {"topic": "Fleet renewal", "customer": ("account", acme.id),
                                        "estimated_revenue": "120000", "probability": "40",
                                        "estimated_close": "2026-12-15", **fields})


@pytest.mark.parametrize("field, value, message", [
    ("probability", "101", "0 to 100"), ("probability", "-1", "0 to 100"), ("probability", "lots", "0 to 100"),
    ("estimated_revenue", "-1", "negative"), ("estimated_close", "next spring", "Enter a date"),
    ("customer", ("lead", 1), "account or a contact"), ("customer", ("account", 999), "does not exist"),
    ("stage", "Dream", "Choose one of"), ("status_reason", "Won", "In Progress, On Hold"),
])
def test_bad_opportunity_input_is_refused(actor, field, value, message):
    with pytest.raises(ValidationError) as info:
        _deal(actor, **{field: value})
    assert message in info.value.errors[field]
    assert Opportunity.select().count() == 0


def test_close_won_then_reopen(actor):
    deal = _deal(actor)
    opportunities.close_won(actor, deal.id, actual_close="2026-11-20")
    stored = Opportunity.get_by_id(deal.id)
    assert (stored.state, stored.status_reason, stored.actual_revenue, stored.actual_close, stored.probability) == (
        "won", "Won", Decimal("120000.00"), dt.date(2026, 11, 20), 100)
    with pytest.raises(ValidationError, match="Only an open opportunity"):
        opportunities.close_won(actor, deal.id)
    with pytest.raises(ValidationError, match="won"):
        opportunities.update(actor, deal.id, {"topic": "x"}, stored.version)
    opportunities.reopen(actor, deal.id)
    stored = Opportunity.get_by_id(deal.id)
    assert (stored.state, stored.status_reason, stored.actual_revenue) == ("open", "In Progress", None)
    rolled = [row[4] for row in listing.page(timeline_of(("account", stored.customer_account_id),
                                                                  rollup=True))]
    assert any("Opportunity won: Fleet renewal · 120,000.00" in s for s in rolled)


def test_close_lost_needs_a_reason_and_bad_values_are_refused(actor):
    deal = _deal(actor)
    with pytest.raises(ValidationError):
        opportunities.close_lost(actor, deal.id, "Bad luck")
    with pytest.raises(ValidationError) as info:
        opportunities.close_won(actor, deal.id, actual_revenue="-3")
    assert "negative" in info.value.errors["actual_revenue"]
    with pytest.raises(ValidationError) as info:
        opportunities.close_won(actor, deal.id, actual_close="soonish")
    assert "date" in info.value.errors["actual_close"]
    assert Opportunity.get_by_id(deal.id).state == "open"
    opportunities.close_lost(actor, deal.id, "Out-Sold")
    stored = Opportunity.get_by_id(deal.id)
    assert (stored.state, stored.status_reason, stored.probability) == ("lost", "Out-Sold", 0)


def test_moving_through_the_stages(actor):
    deal = _deal(actor)
    with pytest.raises(ValidationError, match="first stage"):
        opportunities.move_stage(actor, deal.id, -1)
    for expected in ("Develop", "Propose", "Close"):
        assert opportunities.move_stage(actor, deal.id, 1).stage == expected
    with pytest.raises(ValidationError, match="last stage"):
        opportunities.move_stage(actor, deal.id, 1)


def test_pipeline_sums_open_opportunities_by_stage(actor, other_user):
    acme = accounts.create(actor, {"name": "Acme"})
    for topic, revenue, probability, stage in (("A", "1000", "50", "Qualify"), ("B", "3000", None, "Qualify"),
                                               ("C", "10000.50", "20", "Propose"), ("D", None, "90", "Propose")):
        opportunities.create(actor, {"topic": topic, "customer": ("account", acme.id), "estimated_revenue": revenue,
                                     "probability": probability, "stage": stage})
    won = opportunities.create(actor, {"topic": "W", "estimated_revenue": "99999", "probability": "80"})
    opportunities.close_won(actor, won.id)
    opportunities.create(other_user, {"topic": "Theirs", "estimated_revenue": "500", "probability": "100"})
    totals = {t.stage: t for t in pipeline.totals()}
    assert [s for s in totals] == ["Qualify", "Develop", "Propose", "Close"]
    assert (totals["Qualify"].count, totals["Qualify"].revenue, totals["Qualify"].weighted) == (
        3, Decimal("4500.00"), Decimal("1000.00"))
    assert (totals["Propose"].count, totals["Propose"].revenue, totals["Propose"].weighted) == (
        2, Decimal("10000.50"), Decimal("2000.10"))
    assert (totals["Develop"].count, totals["Develop"].revenue) == (0, Decimal("0.00"))
    mine = {t.stage: t for t in pipeline.totals(owner_id=actor.id)}
    assert mine["Qualify"].count == 2
    column = listing.page(pipeline.column("Qualify"))
    assert [row[4] for row in column] == ["B", "A", "Theirs"]  # largest first


def test_account_and_contact_list_their_opportunities_and_cannot_be_deleted_under_them(actor):
    deal = _deal(actor)
    acme_id = deal.customer_account_id
    assert [r[0] for r in listing.page(ListQuery("opportunity", state=None, account_id=acme_id))] == [deal.id]
    ann = contacts.create(actor, {"last_name": "Ann"})
    solo = opportunities.create(actor, {"topic": "Solo deal", "customer": ("contact", ann.id)})
    assert [r[0] for r in listing.page(ListQuery("opportunity", state=None, contact_id=ann.id))] == [solo.id]
    with pytest.raises(DeleteBlockedError, match="1 opportunity"):
        accounts.delete(actor, acme_id)
    with pytest.raises(DeleteBlockedError, match="opportunity"):
        contacts.delete(actor, ann.id)


def test_lead_lists_filter_by_owner_source_and_rating(actor, other_user):
    _lead(actor, last_name="Adams", source="Web", rating="Hot")
    _lead(actor, last_name="Baker", source="Seminar", rating="Cold")
    _lead(other_user, last_name="Clark", source="Web", rating="Hot")
    closed = _lead(actor, last_name="Dunn")
    leads.disqualify(actor, closed.id, "Lost")

    def names(narrowed=None, **kw):
        query = ListQuery("lead", state="open", **kw).narrowing(narrowed or {})
        return [r[4].split()[-1] for r in listing.page(query)]

    assert names() == ["Adams", "Baker", "Clark"]
    assert names(owner_id=actor.id) == ["Adams", "Baker"]
    assert names({"source": "Web"}) == ["Adams", "Clark"]
    assert names({"rating": "Cold"}) == ["Baker"]
    assert names({"source": "Web", "rating": "Hot"}, owner_id=actor.id) == ["Adams"]
    assert names({"source": "Web", "rating": None}) == ["Adams", "Clark"]  # no choice narrows nothing
    assert [r[4] for r in listing.page(ListQuery("lead", state="disqualified"))] == ["Nina Dunn"]


# -- history: every action on the timelines of the records it concerns ---------------------------------
def _subjects_on(regarding, rollup=False):
    query = timeline_of(regarding, rollup)
    return [row[4].split(" ", 1)[1] for row in listing.page(query, limit=100)]


def test_a_won_deal_and_its_stage_moves_are_on_the_contacts_and_the_accounts_timelines(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    deal = opportunities.create(actor, {"topic": "25 printers", "customer": ("account", acme.id),
                                        "contact": ann.id, "estimated_revenue": "9000"})
    opportunities.move_stage(actor, deal.id, 1)
    opportunities.close_won(actor, deal.id)
    for on_timeline in (_subjects_on(("contact", ann.id)), _subjects_on(("account", acme.id), rollup=True),
                        _subjects_on(("opportunity", deal.id))):
        assert "Sales stage: Qualify → Develop" in on_timeline
        assert any(s.startswith("Opportunity won: 25 printers") for s in on_timeline)
    # the account's list of its deals keeps the won one (the record panel's query)
    held = listing.page(ListQuery("opportunity", state=None, account_id=acme.id), limit=10)
    assert [row[0] for row in held] == [deal.id]
