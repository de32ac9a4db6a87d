"""The account hierarchy tree: see the family, move an account, refuse a cycle."""

from textual.widgets import Tree

from crm_tui.models import Account
from crm_tui.services.customers.accounts import accounts
from crm_tui.ui.screens.hierarchy import HierarchyScreen

from .helpers import notifications, settle, type_text


def _labels(tree: Tree) -> list[str]:
    out = []

    def walk(node, depth):
        out.append("  " * depth + str(node.label))
        if node.is_expanded:
            for child in node.children:
                walk(child, depth + 1)

    walk(tree.root, 0)
    return out


async def test_put_one_account_under_another_and_see_the_tree(make_app, actor):
    globex = accounts.create(actor, {"name": "Globex"})
    initech = accounts.create(actor, {"name": "Initech"})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("down", "t")  # Initech's hierarchy
        await settle(pilot)
        assert isinstance(app.screen, HierarchyScreen)
        await pilot.press("m")
        await settle(pilot)
        await type_text(pilot, "glo")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert Account.get_by_id(initech.id).parent_id == globex.id
        labels = _labels(app.screen.query_one(Tree))
        assert labels[0].startswith("Globex")
        assert labels[1].strip().startswith("● Initech")  # the selected account, highlighted


async def test_a_cycle_is_refused_with_a_message(make_app, actor):
    top = accounts.create(actor, {"name": "Top"})
    middle = accounts.create(actor, {"name": "Middle", "parent": top.id})
    accounts.create(actor, {"name": "Bottom", "parent": middle.id})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_hierarchy(top.id)
        await settle(pilot)
        tree = app.screen.query_one(Tree)
        assert [label.strip() for label in _labels(tree)] == ["● Top  [1]", "Middle  [1]"]
        await pilot.press("m")
        await settle(pilot)
        await type_text(pilot, "bott")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any("cycle" in message for message in notifications(app))
        assert Account.get_by_id(top.id).parent_id is None


async def test_children_load_only_when_a_node_expands(make_app, actor):
    top = accounts.create(actor, {"name": "Top"})
    branch = accounts.create(actor, {"name": "Branch", "parent": top.id})
    for i in range(3):
        accounts.create(actor, {"name": f"Leaf {i}", "parent": branch.id})
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_hierarchy(top.id)
        await settle(pilot)
        tree = app.screen.query_one(Tree)
        branch_node = tree.root.children[0]
        assert not branch_node.is_expanded and len(branch_node.children) == 0  # nothing fetched yet
        await pilot.press("down", "right")  # from Top (selected) to Branch, and expand it
        await settle(pilot)
        assert [str(c.label) for c in branch_node.children] == ["Leaf 0", "Leaf 1", "Leaf 2"]
        await pilot.press("down", "enter")  # enter opens the record under the cursor
        await settle(pilot)
        assert app.screen.detail.title == "Leaf 0"


async def test_closing_a_tree_collects_its_garbage_right_after_the_list_is_drawn(make_app, actor, monkeypatch):
    from crm_tui.ui.screens import hierarchy as hierarchy_screen

    top = accounts.create(actor, {"name": "Big Family"})
    for n in range(3):
        accounts.create(actor, {"name": f"Member {n}", "parent": top.id})
    collections = []
    monkeypatch.setattr(hierarchy_screen.gc, "collect", lambda *a: collections.append(app.screen))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, HierarchyScreen) and collections == []
        await pilot.press("escape")
        await settle(pilot)
        # Once, with the list back on screen: not left to land in the middle of a later key press.
        assert len(collections) == 1 and not isinstance(collections[0], HierarchyScreen)


async def test_the_first_frame_of_the_tree_shows_the_family_with_the_accounts_own_children(make_app, actor,
                                                                                          monkeypatch):
    """Read in one trip before the screen shows: not an empty tree, then the family, then the
    selected account's children a frame after that."""
    from crm_tui.services.customers import hierarchy

    top = accounts.create(actor, {"name": "Top"})
    for name in ("Alpha", "Beta"):
        accounts.create(actor, {"name": name, "parent": top.id})
    reads = []
    children = hierarchy.children
    monkeypatch.setattr(hierarchy, "children", lambda *args, **kwargs: reads.append(args[0]) or children(*args, **kwargs))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = []
        display = app._display

        def drawn(screen, renderable) -> None:
            display(screen, renderable)
            if isinstance(screen, HierarchyScreen):
                shown.append(_labels(screen.query_one(Tree)))

        app._display = drawn
        app.open_hierarchy(top.id)
        await settle(pilot)
        assert [label.strip() for label in shown[0]] == ["● Top  [2]", "Alpha", "Beta"]
        assert reads == [top.id]  # the family's one read: expanding Top read nothing more
