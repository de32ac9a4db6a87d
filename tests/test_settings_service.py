"""The settings file: parsing with mistakes reported, writing it back, and names applied."""

from __future__ import annotations

import pytest

from crm_tui.core.types import noun, record_type
from crm_tui.services import settings
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.errors import ValidationError


@pytest.fixture(autouse=True)
def default_names():
    yield
    settings.Settings().apply_names()  # no test leaves its names behind


GOOD = """
theme = "nord"

[names.account]
singular = "Company"
plural = "Companies"

[names.contact]
singular = "Person"

[labels.account]
city = "Town"

[keys]
"app.search" = "ctrl+k"
"list.views" = "V, f3"
"""


def test_a_settings_file_is_read_and_written_back_the_same(tmp_path):
    chosen = settings.parse(GOOD)
    assert chosen.problems == []
    assert chosen.theme == "nord"
    assert chosen.names == {"account": ("Company", "Companies"), "contact": ("Person", "Contacts")}
    assert chosen.labels == {("account", "city"): "Town"}
    assert chosen.keys == {"app.search": "ctrl+k", "list.views": "V,f3"}
    path = settings.save(chosen, tmp_path / "deep" / "settings.toml")
    again = settings.load(path)
    assert (again.theme, again.names, again.labels, again.keys) == (chosen.theme, chosen.names, chosen.labels,
                                                                     chosen.keys)
    assert settings.load(tmp_path / "missing.toml").names == {}


def test_mistakes_are_reported_and_left_out_the_rest_still_applies():
    chosen = settings.parse("""
theme = 7
[names.acount]
singular = "Typo"
[names.lead]
singular = ""
plural = "Prospects [new]"
[names.case]
singular = "Ticket"
[labels.account]
nope = "x"
""")
    assert chosen.names == {"case": ("Ticket", "Cases")}
    assert len(chosen.problems) == 5
    assert any("acount" in p and "no such record type" in p for p in chosen.problems)
    assert any("labels.account.nope" in p for p in chosen.problems)
    broken = settings.parse("theme = ")
    assert broken.names == {} and "not valid TOML" in broken.problems[0]


def test_names_apply_to_record_types_labels_and_service_errors(actor):
    settings.parse(GOOD).apply_names()
    account = record_type("account")
    assert (account.singular, account.plural, account.field("city").label) == ("Company", "Companies", "Town")
    assert noun("account", many=True) == "companies" and noun("sla") == "SLA"
    parent = accounts.create(actor, {"name": "Top"})
    with pytest.raises(ValidationError) as refused:
        accounts.set_parent(actor, parent.id, parent.id, parent.version)
    assert "The parent company cannot be this company itself" in str(refused.value)
    settings.Settings().apply_names()
    assert record_type("account").singular == "Account" and account.field("city").label == "City"


def test_renaming_and_relabelling_from_the_screen_checks_the_text():
    chosen = settings.Settings()
    settings.rename_type(chosen, "opportunity", " Deal ", "Deals")
    assert chosen.names == {"opportunity": ("Deal", "Deals")}
    settings.rename_type(chosen, "opportunity", "", "")  # empty: the default back
    assert chosen.names == {}
    with pytest.raises(ValidationError):
        settings.rename_type(chosen, "lead", "x" * 41, "Leads")
    settings.relabel(chosen, "contact", "job_title", "Role")
    assert chosen.labels == {("contact", "job_title"): "Role"}
    settings.relabel(chosen, "contact", "job_title", "Job title")  # the default label: nothing to keep
    assert chosen.labels == {}


def test_a_settings_path_that_is_no_regular_file_is_read_but_never_replaced(tmp_path):
    import os

    assert settings.load(type(tmp_path)(os.devnull)).names == {}
    with pytest.raises(OSError):
        settings.save(settings.parse(GOOD), tmp_path)  # a folder
    assert tmp_path.is_dir()
