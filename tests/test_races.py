"""Actions that change several records, raced from two or more sessions at once on both
databases: one wins, the other is refused in words, and nothing is left half-done."""

from __future__ import annotations

from crm_tui.core.types.activity import OPEN_STATES
from crm_tui.models import Activity, AuditEntry, Case, Entitlement
from crm_tui.services import activities, database
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.service.cases import cases
from crm_tui.services.service.entitlements import entitlements
from tests import race_actions


def _customer(actor):
    return accounts.create(actor, {"name": "Racing Customer"})


def _case_pairs(actor, titles: tuple[str, str], with_each, count: int = 10) -> list[tuple[int, int]]:
    """count pairs of active cases of one customer, titled by titles and a number; with_each(first,
    second) adds what each pair holds. The database is closed after, for the sessions to come."""
    customer = _customer(actor)
    pairs = []
    for n in range(count):
        first, second = (cases.create(actor, {"title": f"{title}{n}", "customer": ("account", customer.id)})
                         for title in titles)
        with_each(first, second)
        pairs.append((first.id, second.id))
    database.close()
    return pairs


def test_merging_a_into_b_while_b_is_merged_into_a_merges_one_way_only(db_url, actor):
    pairs = _case_pairs(actor, ("A", "B"), lambda a, b: [activities.log(actor, "note", ("case", case.id),
                                                                        f"Note on {case.title}") for case in (a, b)])
    forward, backward = race_actions.at_once([
        (race_actions.merge_each, db_url, actor.id, pairs),
        (race_actions.merge_each, db_url, actor.id, [(b, a) for a, b in pairs])])
    assert all(o == "done" or o.startswith("refused: ") for o in forward + backward)
    for (a, b), one, other in zip(pairs, forward, backward):
        assert [one, other].count("done") == 1, (one, other)
        first, second = Case.get_by_id(a), Case.get_by_id(b)
        assert not (first.merged_into_id == b and second.merged_into_id == a)
        survivor = second if first.merged_into_id == b else first
        assert survivor.state == "active"
        notes = Activity.select().where(Activity.regarding_type == "case", Activity.regarding_id.in_([a, b]),
                                        Activity.kind == "note")
        assert {n.regarding_id for n in notes} == {survivor.id}  # none stranded on the merged one


def test_a_merge_racing_a_resolve_leaves_no_open_activity_on_a_resolved_case(db_url, actor):
    pairs = _case_pairs(actor, ("Dup ", "Main "),
                        lambda source, _target: activities.log(actor, "task", ("case", source.id), "Call back"))
    race_actions.at_once([(race_actions.merge_each, db_url, actor.id, pairs),
                          (race_actions.resolve_each, db_url, actor.id, [t for _, t in pairs])])
    for source, target in pairs:
        for case in Case.select().where(Case.id.in_([source, target])):
            if case.state == "resolved":
                open_tasks = Activity.select().where(Activity.regarding_type == "case", Activity.regarding_id == case.id,
                                                     Activity.state.in_(OPEN_STATES))
                assert not open_tasks.exists(), case.title


def test_sessions_opening_cases_against_one_entitlement_count_every_term_once(db_url, actor):
    customer = _customer(actor)
    gold = entitlements.create(actor, {"name": "Gold", "customer": ("account", customer.id), "start_date": "today",
                                       "end_date": "+30d", "allocation": "Number of cases", "total_terms": "40",
                                       "decrease_on": "Case creation"})
    entitlements.activate(actor, gold.id)
    database.close()
    results = race_actions.at_once([(race_actions.open_cases, db_url, actor.id, customer.id, gold.id, 5)] * 4)
    assert all(o == "done" for outcome in results for o in outcome), results
    assert Entitlement.get_by_id(gold.id).remaining_terms == 20
    counts = [(e.old_value, e.new_value) for e in AuditEntry.select().where(
        AuditEntry.record_type == "entitlement", AuditEntry.record_id == gold.id,
        AuditEntry.field == "remaining_terms", AuditEntry.action != "created").order_by(AuditEntry.id)]
    assert [float(new) for _, new in counts] == [float(n) for n in range(39, 19, -1)]
    assert all(float(old) - float(new) == 1 for old, new in counts)


def test_two_sessions_qualifying_the_same_leads_make_each_customer_once(db_url, actor):
    from crm_tui.models import Account, Lead, Opportunity
    from crm_tui.services.sales.leads import leads

    made = [leads.create(actor, {"topic": f"Deal {n}", "last_name": f"Buyer {n}", "company_name": f"Company {n}"})
            for n in range(6)]
    database.close()
    one, other = race_actions.at_once([(race_actions.qualify_each, db_url, actor.id, [m.id for m in made])] * 2)
    for lead, first, second in zip(made, one, other):
        assert sorted([first.startswith("refused"), second.startswith("refused")]) == [False, True], (first, second)
        assert Lead.get_by_id(lead.id).state == "qualified"
        assert Opportunity.select().where(Opportunity.originating_lead == lead.id).count() == 1
        assert Account.select().where(Account.name == lead.company_name).count() == 1
