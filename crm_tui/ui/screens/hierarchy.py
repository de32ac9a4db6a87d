"""The account hierarchy as a tree: the whole family, loaded a level at a time."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import singular
from crm_tui.services import search
from crm_tui.services.customers import hierarchy
from crm_tui.services.customers.accounts import accounts
from crm_tui.services.customers.hierarchy import Node
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.picker import NONE, PickerScreen
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import plain, rich_plain
from crm_tui.ui.widgets.key_bar import KeyBar

CHILD_PAGE = 200


@dataclass
class AccountNode:
    id: int
    child_count: int
    loaded: bool = False


@dataclass
class MoreNode:
    """'Load more' under a parent with more children than one page."""

    parent_id: int
    after: tuple[str, int]


class AccountTree(Tree):
    """A tree where enter opens the record and the arrows fold and unfold."""

    BINDINGS = bindings("tree_nodes")

    def action_unfold(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand and not node.is_expanded:
            node.expand()

    def action_fold(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None:
            self.move_cursor(node.parent)


def _label(node: Node, selected: bool) -> str:
    state = " (inactive)" if node.state != "active" else ""
    count = f"  [{node.child_count}]" if node.child_count else ""
    mark = "● " if selected else ""
    return f"{mark}{node.name}{state}{count}"


@dataclass
class Family:
    """What the tree needs to open on an account: its top parent and the path down to it."""

    top: Node
    path: list[int]  # ids from the top to the selected account
    levels: dict[int, list[Node]]  # the first page of children of each account on the path


def load_family(account_id: int) -> Family:
    path = hierarchy.ancestors(account_id)
    # The selected account's own children too: the first frame shows them, without a second trip.
    levels = {parent: hierarchy.children(parent, limit=CHILD_PAGE) for parent in path}
    return Family(hierarchy.node(path[0]), path, levels)


class HierarchyScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("tree")

    def __init__(self, account_id: int, family: Family | None = None):
        """family: read already (CrmApp.open_hierarchy reads it first, so the first frame has it)."""
        super().__init__()
        self.account_id = account_id
        self._family_read = family
        self.title = f"{singular('account')} hierarchy"

    def compose(self) -> ComposeResult:
        yield Static(plain(f"{singular('account')} hierarchy"), id="tree-title", classes="title-bar")
        yield AccountTree("…", id="family")
        yield Static("enter open · space or → ← expand/collapse · m move under another one · esc back",
                     classes="hint")
        yield KeyBar()

    @property
    def tree(self) -> Tree:
        return self.query_one(Tree)

    def on_mount(self) -> None:
        self.tree.auto_expand = False  # enter opens; space and the arrows fold
        self.tree.focus()
        if self._family_read is not None:
            self._show_family(self._family_read)

    def action_refresh(self) -> None:
        db_call(self, load_family, self.account_id, on_success=self._show_family)

    def _show_family(self, family: Family) -> None:
        tree = self.tree
        tree.clear()
        top = family.top
        tree.root.set_label(rich_plain(_label(top, top.id == self.account_id)))
        tree.root.data = AccountNode(top.id, top.child_count)
        tree.root.allow_expand = bool(top.child_count)
        self.query_one("#tree-title", Static).update(plain(f"{singular('account')} hierarchy · {top.name}"))
        node = tree.root
        target = tree.root
        for depth, parent_id in enumerate(family.path[:-1]):
            self._add_children(node, family.levels[parent_id], parent_id)
            node.expand()
            next_id = family.path[depth + 1]
            found = next((child for child in node.children
                          if isinstance(child.data, AccountNode) and child.data.id == next_id), None)
            if found is None:  # beyond the first page of its siblings: add it where we can see it
                found = node.add(rich_plain(f"account {next_id}"), data=AccountNode(next_id, 0))
            node = target = found
        if target.data.child_count:
            if family.path[-1] in family.levels and not target.data.loaded:
                self._add_children(target, family.levels[family.path[-1]], family.path[-1])
            target.expand()  # show the selected account's own children too
        self.call_after_refresh(self._select, target)

    def _select(self, node: TreeNode) -> None:
        self.tree.move_cursor(node)
        self.tree.scroll_to_node(node, animate=False)

    def _add_children(self, node: TreeNode, children: list[Node], parent_id: int) -> None:
        for child in children:
            data = AccountNode(child.id, child.child_count)
            label = rich_plain(_label(child, child.id == self.account_id))
            if child.child_count:
                node.add(label, data=data)
            else:
                node.add_leaf(label, data=data)
        if len(children) == CHILD_PAGE:
            last = children[-1]
            node.add_leaf(f"… more (enter loads {CHILD_PAGE} more)",
                          data=MoreNode(parent_id, last.key))
        if isinstance(node.data, AccountNode):
            node.data.loaded = True

    def _load_children(self, node: TreeNode, after: tuple[str, int] | None = None) -> None:
        parent_id = node.data.id

        def add(children: list[Node]) -> None:
            self._add_children(node, children, parent_id)

        db_call(self, hierarchy.children, parent_id, after, CHILD_PAGE, on_success=add)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        data = event.node.data
        if isinstance(data, AccountNode) and not data.loaded and data.child_count:
            data.loaded = True
            self._load_children(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        data = event.node.data
        if isinstance(data, MoreNode):
            parent = event.node.parent
            event.node.remove()
            self._load_children(parent, after=data.after)
        elif isinstance(data, AccountNode):
            self.app.open_record("account", data.id)

    def _current(self) -> AccountNode | None:
        node = self.tree.cursor_node
        return node.data if node is not None and isinstance(node.data, AccountNode) else None

    def action_open(self) -> None:
        current = self._current()
        if current:
            self.app.open_record("account", current.id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_unmount(self) -> None:
        # A closed tree leaves thousands of nodes and widgets in reference cycles: only a full
        # collection frees them, and left to itself it runs (40-60 ms) in the middle of some
        # later key press. Run it now instead, once the screen behind has been drawn.
        self.app.call_after_refresh(gc.collect)

    def action_move(self) -> None:
        current = self._current()
        if current is None:
            return
        moving = current.id

        def picked(choice: int | None) -> None:
            if choice is None:
                return
            new_parent = None if choice is NONE else choice.id
            db_call(self, accounts.move, self.app.actor, moving, new_parent,
                    on_success=lambda _: self._moved(moving), on_error=self._move_failed)

        self.app.push_screen(
            PickerScreen(f"Move under which {lower_noun(singular('account'))}? (none: make it top-level)",
                         lambda text: search.find_accounts(text, limit=50, exclude_id=moving), allow_none=True),
            picked)

    def _moved(self, account_id: int) -> None:
        self.notify("Moved")
        self.account_id = account_id
        self.action_refresh()

    def _move_failed(self, error) -> None:
        message = getattr(error, "errors", {}).get("parent") or str(error)
        self.notify(message, title="Not moved", severity="error", timeout=8)

    def on_screen_resume(self) -> None:
        if self._family_read is not None:  # its first showing, with the family just read
            self._family_read = None
            return
        self.action_refresh()  # back from a record opened here: it may have moved
