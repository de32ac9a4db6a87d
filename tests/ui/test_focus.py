"""Focus is always somewhere, and seen: in every screen a record opens the same way, a dialog's
fields mark the focus with a bar a 16-colour terminal and NO_COLOR still show, and the bottom
line lists the keys of what has the focus, not of the screen beneath a dialog."""

import pytest

from crm_tui.models import Activity
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.contacts import contacts
from crm_tui.ui.screens.quick_log import QuickLogScreen
from crm_tui.ui.widgets.key_bar import KeyBar
from tests.ui.helpers import keys_at_once, settle
from tests.ui.screen_render import MODES, app_in, focus_bar_at


def _bar(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


async def test_an_account_and_a_contact_open_with_the_focus_in_the_same_place(make_app, actor):
    acme = accounts.create(actor, {"name": "Acme"})
    contacts.create(actor, {"first_name": "Ann", "last_name": "Lee", "parent_customer": acme.id})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        assert app.focused is app.screen.query_one("#summary")
        await keys_at_once(pilot, "]", "enter")  # Ann, from Acme's contacts
        assert app.screen.rt.key == "contact" and app.focused is app.screen.query_one("#summary")
        await keys_at_once(pilot, "escape", "escape", "2", "enter")  # Ann, from the list of contacts
        assert app.screen.rt.key == "contact" and app.focused is app.screen.query_one("#summary")


@pytest.mark.parametrize("mode", MODES)
async def test_the_focus_is_a_bar_seen_in_16_colours_and_without_colour(actor, mode, monkeypatch):
    accounts.create(actor, {"name": "Acme"})
    app = app_in(mode, actor, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        for target in ("#summary", "#f-name"):
            widget = app.screen.query_one(target)
            widget.focus()
            await settle(pilot)
            region = widget.region
            assert focus_bar_at(app, mode, region.x, region.y), target
        app.screen.query_one("#summary").focus()
        await keys_at_once(pilot, "a")  # the log dialog: the subject has the focus, then the direction
        subject = app.screen.query_one("#log-subject")
        assert focus_bar_at(app, mode, subject.region.x, subject.region.y)
        await keys_at_once(pilot, "tab")
        direction = app.screen.query_one("#log-direction")
        assert app.focused is direction
        assert focus_bar_at(app, mode, direction.region.x, direction.region.y)
        assert not focus_bar_at(app, mode, subject.region.x, subject.region.y)  # one bar: where the focus is


async def test_a_dialog_lists_its_own_keys_and_tab_in_a_note_goes_nowhere_unseen(make_app, actor):
    accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        assert "Edit" in _bar(app)
        await keys_at_once(pilot, "a", "down", "down", "down")  # a note
        assert isinstance(app.screen, QuickLogScreen)
        assert "Cancel" in _bar(app) and "Save" in _bar(app) and "Edit" not in _bar(app)
        assert "tab more" not in str(app.screen.query_one("#log-hint").render())
        await keys_at_once(pilot, "Met at the fair", "tab", "enter")
        assert Activity.get(Activity.kind == "note").subject == "Met at the fair"


@pytest.mark.parametrize("width", (72, 80, 95))
async def test_the_bottom_line_shows_whole_keys_and_the_palette_at_any_width(make_app, actor, width):
    accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        for journey in ((), ("enter",)):
            await keys_at_once(pilot, *journey)
            bar = app.screen.query_one(KeyBar)
            text = str(bar.render())
            assert len(text) <= width and text.rstrip().endswith("^p palette"), text
            shown, _palette = bar._keys()
            whole = {f"{app.get_key_display(b)} {b.description}" for _node, b, _enabled in shown}
            chunks = [c.strip() for c in text.rstrip()[: -len("^p palette")].split("  ") if c.strip()]
            assert chunks and all(chunk in whole for chunk in chunks), chunks


async def test_the_help_prose_wraps_to_its_width_without_a_word_left_alone(make_app, actor):
    accounts.create(actor, {"name": "Acme"})
    app = make_app()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter", "?")
        extra = app.screen.query_one("#help-extra")
        lines = [strip.text.rstrip() for strip in extra.render_lines(extra.region.reset_offset)]
        inside = [line for line, after in zip(lines, lines[1:])
                  if line.strip() and after.strip() and not line.startswith("/")]  # a path has no words to wrap at
        assert inside and all(len(line.split()) > 3 for line in inside), lines  # but a paragraph's last line
        assert "t p e a n" not in " ".join(lines)  # the kind is chosen with up and down


@pytest.mark.parametrize("mode", MODES)
async def test_an_open_dropdown_stands_apart_from_the_text_behind_it(make_app, actor, mode, monkeypatch):
    from textual.widgets._select import SelectOverlay

    from tests.ui.screen_render import cell

    accounts.create(actor, {"name": "Acme"})
    app = app_in(mode, actor, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await keys_at_once(pilot, "enter")
        app.screen.query_one("#f-industry").focus()
        await keys_at_once(pilot, "enter")
        overlay = app.screen.query_one(SelectOverlay)
        assert overlay.display
        inside = overlay.content_region
        screen_back = cell(app, mode, app.size.width - 2, inside.y)[1]  # beside it: the screen
        assert cell(app, mode, inside.x + 2, inside.y + 1)[1] != screen_back


@pytest.mark.parametrize("mode", MODES)
async def test_the_pipeline_stage_with_the_focus_stands_out(actor, mode, monkeypatch):
    from crm_tui.ui.screens.pipeline import PipelineScreen
    from tests.ui.screen_render import cell

    app = app_in(mode, actor, monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_pipeline()
        await settle(pilot)
        assert isinstance(app.screen, PipelineScreen)
        heads = [app.screen.query_one(f"#stage-head-{i}").region for i in range(4)]
        painted = [cell(app, mode, head.x + 3, head.y)[1] for head in heads]
        assert painted[0] != painted[1] and painted[1] == painted[2] == painted[3]
