import datetime as dt
import time

import pytest

from crm_tui.models import base
from crm_tui.services import activities, database
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.ui.app import CrmApp
from tests.databases import migrated, sqlite_copy


@pytest.fixture
def db_url(tmp_path, sqlite_template) -> str:
    """The screens run on SQLite; the services they call are tested on both databases."""
    with migrated(sqlite_copy(sqlite_template, tmp_path / "crm.sqlite")) as url:
        yield url


@pytest.fixture
def make_app(actor):
    """A fresh app on the test database; the main thread's connection is closed as the CLI does."""

    def make() -> CrmApp:
        database.close()
        return CrmApp(actor, database_label="test")

    return make


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    """Screens read and write a settings file of the test's own, never the user's."""
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("CRM_TUI_SETTINGS", str(path))
    return path


NOW = dt.datetime(2025, 3, 4, 10, 0)


@pytest.fixture
def fixed_world(actor, monkeypatch):
    """The same records at the same times wherever the tests run: UTC, and a fixed clock."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    base.set_clock(NOW)
    try:
        acme = accounts.create(actor, {"name": "Acme Printing Group", "city": "Leeds", "phone": "+44 113 496 0000"})
        ann = contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
        activities.log(actor, "appointment", ("account", acme.id), "Quarterly review of the service contract",
                       start_at="2025-03-12 09:00", end_at="2025-03-12 10:00")
        activities.log(actor, "phone_call", ("contact", ann.id), "Called about the toner order that went astray")
        activities.log(actor, "task", ("contact", ann.id), "Send the signed order form", due_at="2025-03-06 17:00")
        for topic, customer, value, stage in (("25 printers", acme.id, "12480", "Qualify"),
                                              ("25 printers", None, "9900", "Qualify"),
                                              ("Toner for a year", acme.id, "3000", "Develop")):
            opportunities.create(actor, {"topic": topic, "stage": stage, "estimated_revenue": value,
                                         "customer": ("account", customer) if customer else ("contact", ann.id)})
        leads.create(actor, {"topic": "Forty desks for the new floor", "first_name": "Omar", "last_name": "Haddad",
                             "company_name": "Haddad Interiors"})
        yield
    finally:
        base.set_clock(None)
        monkeypatch.delenv("TZ")
        time.tzset()
