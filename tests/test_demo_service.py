from crm_tui.models import Account, Contact, User
from crm_tui.services import listing
from crm_tui.services.customers import hierarchy
from crm_tui.core.list_types import timeline_of
from crm_tui.services.listing import ListQuery
from crm_tui.tools import demo


def test_small_demo_is_a_living_crm(actor):
    report = demo.build("small", owner_id=actor.id)
    assert (report.accounts, report.contacts, report.activities) == (300, 900, 4000)
    assert Account.select().count() == 300 and Contact.select().count() == 900
    assert User.select().count() >= 4
    # Families several levels deep: the conglomerate has 40 descendants, four levels down.
    top = Account.get(Account.name == "Contoso Holdings")
    assert hierarchy.descendant_count(top.id) == 40
    deepest = max(len(hierarchy.ancestors(a.id)) for a in Account.select(Account.id))
    assert deepest >= 4
    # People have job titles, emails and phones; primary contacts belong to their account.
    assert Contact.select().where(Contact.email.is_null() | Contact.job_title.is_null()).count() == 0
    bad_primary = (Account.select().join(Contact, on=(Account.primary_contact == Contact.id))
                   .where(Contact.parent_customer != Account.id).count())
    assert bad_primary == 0
    assert Account.select().where(Account.primary_contact.is_null(False)).count() > 100
    # The lists page through it and new records still get fresh ids after the bulk insert.
    assert listing.count(ListQuery("account", state=None)) == 300
    from crm_tui.services.customers.accounts import accounts
    assert accounts.create(actor, {"name": "After the demo"}).id == 301


def test_demo_activities_fill_timelines_and_my_activities(actor):
    from crm_tui.models import Activity

    demo.build("small", owner_id=actor.id)
    top = Account.get(Account.name == "Contoso Holdings")
    rolled = timeline_of(("account", top.id), rollup=True)
    assert listing.count(rolled) >= 600  # the busy account, with its contacts' entries
    kinds = {k for (k,) in Activity.select(Activity.kind).distinct().tuples()}
    assert kinds == {"task", "phone_call", "email", "appointment", "note"}
    states = {s for (s,) in Activity.select(Activity.state).distinct().tuples()}
    assert {"open", "scheduled", "completed", "canceled", "posted"} <= states
    assert listing.count(ListQuery("my_activities", owner_id=actor.id)) > 10
    # Every entry points at a record that exists, and rolls up to the contact's account.
    orphans = (Activity.select().join(Contact, on=(Activity.regarding_id == Contact.id))
               .where((Activity.regarding_type == "contact")
                      & (Activity.rollup_account != Contact.parent_customer)).count())
    assert orphans == 0


def test_demo_sales_cover_every_lead_state_and_opportunity_stage(actor):
    from crm_tui.models import Lead, Opportunity
    from crm_tui.services.sales import pipeline, qualify
    from crm_tui.services.sales.opportunities import opportunities

    report = demo.build("small", owner_id=actor.id)
    assert report.leads == Lead.select().count() > 100
    assert report.opportunities == Opportunity.select().count() > 100
    reasons = {r for (r,) in Lead.select(Lead.status_reason).distinct().tuples()}
    assert reasons == {"New", "Contacted", "Qualified", "Lost", "Cannot Contact", "No Longer Interested", "Canceled"}
    assert {s for (s,) in Opportunity.select(Opportunity.state).distinct().tuples()} == {"open", "won", "lost"}
    assert all(t.count > 0 for t in pipeline.totals())  # every stage has open deals
    assert pipeline.totals(owner_id=actor.id)[0].count > 0  # and the demo's user has some of them
    # A qualified lead points at what it became, and its opportunity back at it.
    lead = Lead.get(Lead.state == "qualified")
    deal = Opportunity.get(Opportunity.originating_lead == lead.id)
    assert lead.qualified_contact_id is not None
    assert deal.customer_account_id == lead.qualified_account_id or deal.customer_contact_id == lead.qualified_contact_id
    # New records still get fresh ids after the bulk insert, and an open demo lead qualifies.
    open_lead = Lead.get(Lead.state == "open")
    done = qualify.qualify(actor, open_lead.id)
    assert opportunities.get(done.opportunity_id).originating_lead_id == open_lead.id


def test_the_demo_leaves_every_index_trigger_and_search_document_in_place(actor):
    from crm_tui.models import database
    from crm_tui.models.db import is_sqlite
    from crm_tui.services import global_search

    def schema() -> set[tuple[str, str]]:
        if not is_sqlite():
            return {(row[0], "index") for row in database.execute_sql(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'").fetchall()}
        return set(database.execute_sql(
            "SELECT name, type FROM sqlite_master WHERE type IN ('index', 'trigger')").fetchall())

    before = schema()
    demo.build("small", owner_id=actor.id)
    assert schema() == before  # indexes deferred during the load are all built again
    assert global_search.find("contoso holdings").of("account")[0].title == "Contoso Holdings"
    from crm_tui.services.customers.accounts import accounts
    accounts.create(actor, {"name": "Zanzibar Spice"})  # the triggers keep documents in step again
    assert [h.title for h in global_search.find("zanzib").hits] == ["Zanzibar Spice"]
