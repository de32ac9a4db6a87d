"""The engine finds each record type through what the type's own modules register: its record
service, its lists, its names on the timeline and in pickers, how search reads it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crm_tui.core.types import RECORD_TYPES
from crm_tui.models import all_models
from crm_tui.services import global_search, search, timeline
from crm_tui.services.registry import SERVICES, SOURCES
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases


def test_every_record_type_registers_a_service_and_a_list():
    for rt in RECORD_TYPES:
        assert SERVICES.of(rt.key).record_type.key == rt.key
        assert SOURCES.of(rt.key).record_type == rt.key
    assert global_search.searched() == ("account", "contact", "lead", "opportunity", "case")


def test_an_unknown_type_or_list_is_refused_by_name():
    with pytest.raises(ValueError, match="Unknown list 'quote'"):
        SOURCES.of("quote")
    with pytest.raises(ValueError, match="Unknown record type 'quote'"):
        search.find_of_type("quote", "a")
    assert SERVICES.find("quote") is None
    assert timeline.label("quote", 1) == "" and not timeline.exists("quote", 1)
    assert not timeline.exists("task", 1)  # an activity is never what an entry is about


def test_every_table_has_its_model_found():
    tables = {model._meta.table_name for model in all_models()}
    assert tables == {"account", "contact", "lead", "opportunity", "incident", "entitlement", "sla", "activity",
                      "audit_entry", "saved_view", "user", "duplicate_rule", "recent_record", "pinned_record", "team", "team_member", "queue",
                      "queue_item", "queue_rule"}
    assert all(SERVICES.of(rt.key).model in all_models() for rt in RECORD_TYPES)


def test_names_come_from_each_types_service_in_one_read(actor):
    case = cases.create(actor, {"title": "Broken [bold]grinder", "customer": _customer(actor)})
    names = timeline.labels([("case", case.id), ("case", case.id), ("account", case.customer_account_id),
                             ("quote", 7), ("case", 10**9)])
    assert names[("case", case.id)].endswith(" Broken [bold]grinder")  # its number first, the text as typed
    assert names[("account", case.customer_account_id)] == "Fourth Coffee"
    assert ("quote", 7) not in names and ("case", 10**9) not in names
    assert timeline.typed("case") and not timeline.typed("account")


def test_a_link_fields_picker_finds_records_of_its_type_by_name(actor):
    customer = _customer(actor)
    first = opportunities.create(actor, {"topic": "Grinders for Fourth", "customer": customer})
    opportunities.create(actor, {"topic": "Grinders, second order", "customer": customer})
    opportunities.create(actor, {"topic": "Beans", "customer": customer})
    hits = search.find_of_type("opportunity", "grind")
    assert [h.title for h in hits] == ["Grinders for Fourth", "Grinders, second order"]
    assert [h.title for h in search.find_of_type("opportunity", "grind", exclude_id=first.id)] == [
        "Grinders, second order"]
    assert len(search.find_of_type("opportunity", "", limit=2)) == 2
    assert search.find_of_type("opportunity", "%") == [] and search.find_of_type("opportunity", "zz") == []


def _customer(actor):
    from crm_tui.services.customers.accounts import accounts

    return ("account", accounts.create(actor, {"name": "Fourth Coffee"}).id)


def test_showing_the_accounts_reads_only_the_customers_modules(tmp_path):
    """Start-up's first page: the domain modules are walked until one registers the list, so the
    sales and service modules are not imported for it."""
    code = f"""
import json, sys
from crm_tui.services.database import open_database
open_database("sqlite:///{tmp_path}/crm.sqlite")
from crm_tui.services import listing
listing.first_page(listing.ListQuery("account"))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("crm_tui.services."))))
"""
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout)
    assert "crm_tui.services.customers.lists" in loaded
    assert not [m for m in loaded if m.startswith(("crm_tui.services.sales", "crm_tui.services.service"))], loaded
