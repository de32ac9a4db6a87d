"""Lists and trees hold only what was asked for, however far one scrolls."""

from textual.widgets import Tree

from crm_tui.services.customers.accounts import accounts
from crm_tui.ui.widgets import record_list
from crm_tui.ui.widgets.record_list import RecordList

from .helpers import list_lines, settle


async def test_paging_a_whole_list_shows_every_row_once_and_keeps_few_pages(make_app, actor, monkeypatch):
    monkeypatch.setattr(record_list, "PAGE", 7)  # small pages: the walk crosses many page boundaries
    monkeypatch.setattr(record_list, "CACHED_PAGES", 4)
    names = [f"Company {i:03d}" for i in range(120)]
    for name in names:
        accounts.create(actor, {"name": name})
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        records = app.screen.query_one("#records", RecordList)
        seen = []
        for _ in range(130):
            row = records.current_row
            assert row is not None
            seen.append(row[4])
            most_pages = len(records._pages)
            assert most_pages <= 4
            if records.cursor == records.total - 1:
                break
            await pilot.press("down")
            await settle(pilot, rounds=2)
        assert seen == names  # every row, once, in order
        await pilot.press("home")
        await settle(pilot)
        assert records.current_row[4] == "Company 000"  # back at the top after those pages were dropped


async def test_the_tree_holds_only_the_nodes_of_expanded_accounts(make_app, actor):
    top = accounts.create(actor, {"name": "Top"})
    branches = [accounts.create(actor, {"name": f"Branch {i}", "parent": top.id}) for i in range(3)]
    for branch in branches:
        for j in range(5):
            accounts.create(actor, {"name": f"{branch.name} leaf {j}", "parent": branch.id})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_hierarchy(top.id)
        await settle(pilot)
        tree = app.screen.query_one(Tree)

        def nodes(node) -> int:
            return 1 + sum(nodes(child) for child in node.children)

        assert nodes(tree.root) == 1 + 3  # the top and its branches: nothing below them yet
        await pilot.press("down", "right")  # expand the first branch
        await settle(pilot)
        assert nodes(tree.root) == 1 + 3 + 5



async def test_a_record_selected_in_a_list_that_just_grew_is_in_sight(make_app, actor):
    """A list that held a few rows (no scroll bar yet) is given a long query with a record far
    down to select: the answer sets its height and scrolls in one step, before any layout has
    shown a scroll bar. Textual refuses to scroll a view without one unless forced; on a slow
    machine the pipeline opened on a deal showed its cursor off screen for this reason."""
    ids = [accounts.create(actor, {"name": f"Company {i:03d}"}).id for i in range(60)]
    app = make_app()
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        records = app.screen.query_one("#records", RecordList)
        records.set_query(records.list_query.finding("Company 00"))
        await settle(pilot)
        assert records.total == 10 and not records.show_vertical_scrollbar
        records.set_query(records.list_query.finding(""), select_id=ids[45])
        await settle(pilot)
        assert records.current_id == ids[45]
        assert "Company 045" in "\n".join(list_lines(records))
