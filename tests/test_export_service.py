"""Exporting a list or a view, as the user sees it, to CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import os

import pytest

from crm_tui.services import export, listing, views
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.view_spec import Condition, ViewSpec
from tests.run_cli import cli

TRICKY = 'Smith, "Jones" & Co.\nSecond line =1+1 [bold]'


def _csv(what) -> list[list[str]]:
    out = io.StringIO()
    export.write(what if isinstance(what, export.Shown) else export.Shown.of_view(what), out, "csv")
    return list(csv.reader(io.StringIO(out.getvalue())))


def _json(what) -> list[dict]:
    out = io.StringIO()
    export.write(what if isinstance(what, export.Shown) else export.Shown.of_view(what), out, "json")
    return json.loads(out.getvalue())


def test_a_list_exports_every_row_in_its_order_with_its_columns(actor):
    acme = accounts.create(actor, {"name": "Acme", "city": "Oslo", "phone": "+47 22 00 00 00"})
    tricky = accounts.create(actor, {"name": TRICKY, "city": "Bergen"})
    gone = accounts.create(actor, {"name": "Zeta Gone"})
    accounts.deactivate(actor, gone.id)
    shown = export.shown("account", actor)
    assert shown.name == "Active Accounts"
    rows = _csv(shown)
    assert rows[0] == ["Id", "Account name", "City", "Phone", "Primary contact", "Owner"]
    assert [r[0] for r in rows[1:]] == [str(acme.id), str(tricky.id)]  # by name, the inactive one left out
    assert rows[2][1] == TRICKY  # commas, quotes, a new line and markup come back as typed
    assert rows[1][1:5] == ["Acme", "Oslo", "+47 22 00 00 00", ""] and rows[1][5] == "Test User"
    everyone = export.shown("account", actor, "all accounts")
    assert len(_csv(everyone)) - 1 == listing.count(listing.ListQuery("account", state=None)) == 3
    found = export.Shown.of_list("All Accounts", everyone.query.finding("ac"))
    assert [r[1] for r in _csv(found)[1:]] == ["Acme"]  # the find in force narrows it too


def test_a_system_list_keeps_its_own_order_and_narrowing(actor):
    from crm_tui.services import system_views
    from crm_tui.services.customers.accounts import accounts as accts
    from crm_tui.services.service.cases import cases

    acme = accts.create(actor, {"name": "Acme"})
    low = cases.create(actor, {"title": "A low one", "customer": ("account", acme.id), "priority": "Low"})
    high = cases.create(actor, {"title": "Z urgent", "customer": ("account", acme.id), "priority": "High"})
    queue = system_views.list_query("case", "active", False, False, actor.id)
    assert queue.record_type == "case_queue"
    rows = _csv(export.Shown.of_list("Active Cases", queue))
    assert [r[0] for r in rows[1:]] == [str(high.id), str(low.id)]  # the queue's order: by priority, not title
    assert rows[0] == ["Id", "Case title", "Customer", "Priority", "Status reason", "Created on", "Owner"]
    assert rows[1][1:4] == ["Z urgent", "Acme", "High"]
    narrowed = _csv(export.Shown.of_list("Active Cases", queue.narrowing({"priority": "Low"})))
    assert [r[0] for r in narrowed[1:]] == [str(low.id)]
    sla = export.shown("case", actor, "Cases nearing or past SLA")
    assert sla.query.record_type == "case_sla" and len(_csv(sla)) == 1  # none near their SLA yet: the header alone


def test_values_are_data_not_what_the_list_draws(actor):
    acme = accounts.create(actor, {"name": "Acme"})
    deal = opportunities.create(actor, {"topic": "25 printers", "customer": ("account", acme.id),
                                        "estimated_revenue": "12480", "estimated_close": "2027-03-31"})
    spec = ViewSpec("opportunity", ("topic", "customer", "estimated_revenue", "estimated_close", "probability",
                                    "created_on", "state"), "topic")
    (record,) = _json(spec)
    assert record["id"] == deal.id and record["customer"] == "Acme"
    assert record["estimated_revenue"] == "12480.00" and record["estimated_close"] == "2027-03-31"
    assert record["state"] == "Open" and (record["probability"] is None or isinstance(record["probability"], int))
    created = record["created_on"]
    assert created[:4].isdigit() and created[10] == "T" and created[-6] in "+-"  # ISO 8601, with its offset
    assert _csv(spec)[1][2] == "Acme"


def test_a_personal_view_exports_as_saved_and_names_are_checked(actor, other_user):
    for name, city in (("Acme", "Oslo"), ("Bravo", "Oslo"), ("Charlie", "Rome")):
        accounts.create(actor, {"name": name, "city": city})
    spec = ViewSpec("account", ("city", "name"), "name", descending=True, conditions=(Condition("city", "equals", "Oslo"),))
    views.save(actor, spec, "Oslo backwards")
    rows = _csv(export.shown("account", actor, "OSLO BACKWARDS"))
    assert rows == [["Id", "City", "Account name"], [rows[1][0], "Oslo", "Bravo"], [rows[2][0], "Oslo", "Acme"]]
    with pytest.raises(export.ExportError, match="No view of Accounts is called “Oslo backwards”. There are: "
                                                 "Active Accounts"):
        export.shown("account", other_user, "Oslo backwards")  # someone else's view is not theirs
    with pytest.raises(export.ExportError, match="Unknown format “xml”"):
        export.write(export.shown("account", actor), io.StringIO(), "xml")


def test_a_file_is_written_whole_private_and_in_the_format_its_name_says(actor, tmp_path):
    accounts.create(actor, {"name": "Acme"})
    spec = export.shown("account", actor)
    done = export.to_file(spec, tmp_path / "accounts.json")
    assert done.rows == 1 and json.loads((tmp_path / "accounts.json").read_text())[0]["name"] == "Acme"
    assert os.stat(tmp_path / "accounts.json").st_mode & 0o777 == 0o600
    assert export.to_file(spec, tmp_path / "accounts.txt").rows == 1
    assert (tmp_path / "accounts.txt").read_text().startswith("Id,Account name")
    with pytest.raises(export.ExportError, match="is a folder"):
        export.to_file(spec, tmp_path)
    with pytest.raises(export.ExportError, match="does not exist"):
        export.to_file(spec, tmp_path / "no" / "file.csv")
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    assert export.suggested_file("My Open Leads · mine", __import__("datetime").date(2026, 12, 6)) == \
        "my-open-leads-mine-2026-12-06.csv"



def test_the_command_writes_to_standard_output_or_a_file_and_says_so(tmp_path):
    db = str(tmp_path / "crm.sqlite")
    assert cli("demo", "--db", db).returncode == 0
    shown = cli("export", "account", "--db", db)
    assert shown.returncode == 0 and shown.stdout.startswith("Id,Account name,")
    rows = list(csv.reader(io.StringIO(shown.stdout)))
    assert len(rows) - 1 == int(shown.stderr.split()[1].replace(",", "")) > 100
    as_json = cli("export", "lead", "--db", db, "--view", "All Leads", "-f", "json")
    assert as_json.returncode == 0 and len(json.loads(as_json.stdout)) == 240
    written = cli("export", "case", "--db", db, "-o", str(tmp_path / "cases.csv"))
    assert written.returncode == 0 and written.stdout == "" and f"to {tmp_path / 'cases.csv'}" in written.stderr
    unknown = cli("export", "case", "--db", db, "--view", "Nope")
    assert unknown.returncode == 1 and unknown.stderr.startswith("crm-tui: No view of Cases is called “Nope”")
    assert cli("export", "quote", "--db", db).returncode == 2  # a usage error
