"""User text is data on every screen: a database full of names that look like markup, terminal
control sequences and bidi overrides is walked screen by screen and dialog by dialog; nothing
may crash, quit, run an action, or reach the terminal as anything but the literal text."""

from __future__ import annotations

import pytest

from crm_tui.services import activities, views
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.services.sales.leads import leads
from crm_tui.services.sales.opportunities import opportunities
from crm_tui.services.service.cases import cases
from crm_tui.services.service.entitlements import entitlements
from crm_tui.services.service.sla import slas
from crm_tui.services.view_spec import ViewSpec
from crm_tui.ui.widgets.sidebar import entries
from tests.ui.helpers import keys_at_once, settle

# Each name, and what it would show if it were read as markup: that must never be on screen.
QUIT = "[@click=app.quit]Quit[/] Corp"
SHOT = "[@click=app.screenshot('x.svg','.')]Shot[/] AG"
UK = "ACME [UK] Ltd"
CLOSER = "Closer [/] Bracket"
BOLD = "[b]B[/b] Alpha"
ESCAPES = "Esc\x1b[2J\x1b]0;pwned\x07 Co"
BIDI = "Bidi \u202eevil\u202c Ltd"
EATEN = ("Quit Corp", "Shot AG", "ACME  Ltd", "B Alpha", "Closer  Bracket")
RAW = ("\x1b", "\x07", "\u202e", "\u202c")


def _hostile_database(actor) -> None:
    names = (QUIT, SHOT, UK, CLOSER, BOLD, ESCAPES, BIDI)
    made = [accounts.create(actor, {"name": name, "city": name[:40]}) for name in names]
    accounts.update(actor, made[1].id, {"parent": made[0].id}, made[1].version)
    people = [contacts.create(actor, {"first_name": BOLD, "last_name": name[:50], "parent_customer": made[0].id,
                                      "job_title": CLOSER}) for name in names]
    for name in names:
        leads.create(actor, {"topic": name, "last_name": name[:50], "company_name": QUIT, "email": "q@example.com"})
        opportunities.create(actor, {"topic": name, "customer": ("account", made[0].id)})
    slas.create(actor, {"name": UK, "priority": "High", "first_response_minutes": "1h", "resolve_minutes": "8h"})
    gold = entitlements.create(actor, {"name": CLOSER, "customer": ("account", made[0].id), "start_date": "today",
                                       "end_date": "+30d", "allocation": "Number of cases", "total_terms": "5",
                                       "decrease_on": "Case creation"})
    entitlements.activate(actor, gold.id)
    for name in names:
        cases.create(actor, {"title": name, "customer": ("account", made[0].id), "priority": "High",
                             "contact": people[0].id})
        activities.log(actor, "phone_call", ("account", made[0].id), name, description=ESCAPES + "\n" + QUIT)
        activities.log(actor, "task", ("contact", people[0].id), name)
    views.save(actor, ViewSpec("account", ("name", "city"), "name"), BOLD)
    accounts.create(actor, {"name": QUIT, "city": ESCAPES[:40]})  # a duplicate, for the clean-data screens


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


class Walk:
    """Every step: the app still runs, shows no name as markup and sends no control code raw."""

    def __init__(self, pilot):
        self.pilot, self.app, self.seen = pilot, pilot.app, []

    async def keys(self, *keys: str) -> str:
        await keys_at_once(self.pilot, *keys, rounds=1)
        return self.check(" ".join(keys))

    def check(self, step: str) -> str:
        assert self.app.is_running and self.app.return_code is None, f"the app quit at {step}: {self.app._exception!r}"
        text = _screen_text(self.app)
        for eaten in EATEN:
            assert eaten not in text, f"{step}: a name was read as markup ({eaten!r}):\n{text}"
        for code in RAW:
            assert code not in text, f"{step}: {code!r} would reach the terminal:\n{text}"
        self.seen.append(text)
        return text


TYPE_STEPS = {  # what each record type's screen offers beyond its tabs: keys that open a dialog or chooser
    "account": (("a",), ("t",), ("p",), ("m",), ("x",)),
    "contact": (("a",), ("g",)),
    "lead": (("Q",), ("D",)),
    "opportunity": (("W",), ("L",)),
    "case": (("R",), ("M",), ("u",), ("k",), ("i",)),
    "entitlement": (("u",),),
    "sla": (),
}


@pytest.mark.parametrize("size", [(120, 40)])
async def test_every_screen_and_dialog_shows_hostile_names_literally(make_app, actor, size, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a screenshot action, were one run, would land here
    _hostile_database(actor)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        walk = Walk(pilot)
        first = walk.check("start")
        assert "ACME [UK] Ltd" in first or "ACME [UK]" in first
        for number, (key, _label) in enumerate(entries(), start=1):
            await walk.keys(str(number))
            steps = TYPE_STEPS.get(key)
            if steps is None:  # My activities: open one and come back
                await walk.keys("enter")
                await walk.keys("escape")
                continue
            await walk.keys("enter")
            for _ in range(6):  # every tab of the record
                await walk.keys("]")
            for dialog in steps:
                await walk.keys(*dialog)
                await walk.keys("escape")
            await walk.keys("escape")
        # an import whose headers and values look like markup and control codes
        import csv as csv_module

        with open(tmp_path / "hostile.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv_module.writer(out)
            writer.writerow([QUIT, BOLD, "Last Name", "E-mail Address", ESCAPES])
            writer.writerow([UK, CLOSER, BIDI, SHOT, ESCAPES])
        await walk.keys("2")
        await walk.keys("I")
        await walk.keys("hostile.csv", "enter")
        await pilot.pause(0.3)
        mapping = walk.check("the import's mapping step")
        assert "[@click=app.quit]Quit[/] Co" in mapping and "Closer [/] Bracket" in mapping
        await walk.keys("ctrl+d")
        await pilot.pause(0.3)
        assert "1 refused" in walk.check("the import's dry run")
        await walk.keys("escape")
        await walk.keys("4")
        await walk.keys("p")  # the pipeline
        await walk.keys("escape")
        await walk.keys("5")
        await walk.keys("D")  # the service dashboard
        await walk.keys("escape")
        await walk.keys("1")
        await walk.keys("t")  # the hierarchy
        await walk.keys("escape")
        await walk.keys("w")  # views, with a saved view named like markup
        await walk.keys("escape")
        await walk.keys("f")  # narrowing
        await walk.keys("escape")
        await walk.keys("/", "Q")
        await walk.keys("escape")
        searched = await walk.keys("ctrl+f", "Quit")
        assert "Quit[/] Corp" in searched
        await walk.keys("escape")
        await walk.keys("ctrl+p", "Quit")
        await pilot.pause(0.4)
        walk.check("palette")
        await walk.keys("escape")
        await walk.keys("?")
        await walk.keys("escape")
        await walk.keys("f2")  # the settings screen
        await walk.keys("escape")
        # clean data: the duplicate groups, the side-by-side merge, a possible duplicate, marking and
        # changing many, and a duplicate rule
        await walk.keys("1")
        await walk.keys("F")
        await pilot.pause(0.3)
        groups = walk.check("the duplicate groups")
        assert "[@click=app.quit]quit[/] corp" in groups
        merging = await walk.keys("enter")
        assert "[@click=app.quit]Quit[/] Corp" in merging
        await walk.keys("right", "m")
        await walk.keys("escape")
        await walk.keys("escape")
        await walk.keys("n", QUIT, "ctrl+s")
        assert "may already be in the CRM" in walk.check("a possible duplicate")
        await walk.keys("escape")
        await walk.keys("escape")
        await walk.keys("y")
        await walk.keys(" ", " ", "b")
        await walk.keys("escape")
        await walk.keys("f2", "]", "]", "]", "enter")
        await walk.keys("escape")
        await walk.keys("escape")
    assert not list(tmp_path.glob("*.svg"))
    assert any("[@click=app.quit]Quit[/] Corp" in text for text in walk.seen)


async def test_the_view_editor_says_a_taken_name_literally_even_after_a_record_was_opened(make_app, actor):
    accounts.create(actor, {"name": "Plain Ltd"})
    views.save(actor, ViewSpec("account", ("name", "city"), "name"), BOLD)
    accounts.create(actor, {"name": QUIT, "city": ESCAPES[:40]})  # a duplicate, for the clean-data screens
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")  # a record screen, and its styles, once
        await keys_at_once(pilot, "escape")
        await keys_at_once(pilot, "w", "n", BOLD, "ctrl+s")
        error = app.screen.query_one("#view-error")
        assert error.display and error.region.height >= 1  # shown, not hidden by the record's styles
        assert "[b]B[/b] Alpha" in _screen_text(app)
        Walk(pilot).check("view editor")


async def test_editing_a_field_keeps_the_control_characters_it_held(make_app, actor):
    stored = accounts.create(actor, {"name": "Tabbed\tName\x1b Co", "city": "Car\rriage"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        assert "Tabbed␉Name␛ Co" in _screen_text(app)
        await keys_at_once(pilot, "e", "end", " GmbH", "ctrl+s")  # the name edited, the city not touched
    saved = accounts.get(stored.id)
    assert saved.name == "Tabbed\tName\x1b Co GmbH" and saved.city == "Car\rriage"


async def test_wide_letters_keep_the_list_columns_aligned(make_app, actor):
    from rich.cells import cell_len

    from crm_tui.ui.widgets.record_list import RecordList
    from tests.ui.helpers import list_lines

    for name in ("東京都渋谷区の株式会社ですよ長い名前の会社", "😀 Emoji Works", "Plain Ltd"):
        accounts.create(actor, {"name": name, "city": "Zzcity"})
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = [row for row in list_lines(app.screen.query_one(RecordList)) if "Zzcity" in row]
        assert len(rows) == 3
        starts = {cell_len(row[:row.index("Zzcity")]) for row in rows}
        assert len(starts) == 1, rows
