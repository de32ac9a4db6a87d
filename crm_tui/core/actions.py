"""Every action of crm-tui, declared once: the screens' and dialogs' shared ones here, a record
type's own in its descriptor (crm_tui/core/types/). A screen takes its keys from `of(scope)`;
what is offered, the key bar, the help, the palette, the settings' Keys tab, the services'
status operations and the README's key tables all read these declarations."""

from __future__ import annotations

from crm_tui.core.action import Action
from crm_tui.core.record_type import ACTIVE_INACTIVE, in_our_words
from crm_tui.core.types import RECORD_TYPES, definition, is_activity
from crm_tui.core.types.activity import (
    ACTIVITY_KINDS,
    CLOSED_STATES,
    MY_ACTIVITIES,
    OPEN_STATES,
)

LISTS = (*(rt.key for rt in RECORD_TYPES), MY_ACTIVITIES)  # the sidebar's, in the order 1..8 pick them


def _records_only(key: str) -> bool:
    return key != MY_ACTIVITIES


def _with_timeline(key: str) -> bool:
    return not is_activity(key) and definition(key).on_timeline


def _linking(field: str):
    def offered(key: str) -> bool:
        return definition(key).has_field(field)
    return offered


def _deactivates(key: str) -> bool:
    return not is_activity(key) and definition(key).states == ACTIVE_INACTIVE


def _owned(key: str) -> bool:
    return key != MY_ACTIVITIES and definition(key).owned


def _narrowed(key: str) -> bool:
    return key != MY_ACTIVITIES and bool(definition(key).narrowings)


def _state_steps() -> str:
    return "; ".join(f"{rt.plural.lower()} " + " / ".join([*(s.label.lower() for s in rt.states), "all"])
                     for rt in RECORD_TYPES)


APP = (
    Action("app.help", "question_mark,f1", "Help", help="every key of the current screen, with the id the settings "
                                                         "use to remap it"),
    Action("app.search", "ctrl+f", "Search all", priority=True, keep_edits=True,
           help="search everywhere: type the start of a name, email, phone or number, `↓` to the results, "
                "`enter` opens"),
    Action("app.my_day", "f3", "My day", footer=False,
           help="my day: overdue and today's activities, cases at risk, deals closing this month, picked queue "
                "items, recent records"),
    Action("app.recent", "ctrl+o", "Recent", priority=True, keep_edits=True, footer=False,
           help="recent and pinned records: your pinned ones, then the last ones you opened"),
    Action("app.settings", "f2", "Settings", footer=False, help="settings: names, field labels, keys, duplicate rules, theme"),
    Action("app.quit", "q", "Quit", run="quit_app", footer=False,
           help="quit (asks first when a form has unsaved changes)"),
)

LIST = (
    *(Action(f"list.type{n}", str(n), "Go to My activities" if key == MY_ACTIVITIES else f"Go to {definition(key).default_plural}",
             run=f"switch({n - 1})", footer=False) for n, key in enumerate(LISTS, start=1)),
    # Priority: the focus moves before the next key is read, so fast typing lands in the field.
    Action("list.find", "slash", "Find", priority=True, types=_records_only,
           help="find by the start of the name, as you type (a case also by its number: `1042` or `CAS-01042`; "
                "`enter` or `↓` back to the list, `escape` clears)"),
    Action("list.new", "n", "New", types=_records_only, help="a new record of the list's type"),
    Action("list.views", "w", "Views", help="views: the system views and yours (`enter` shows one; `n` new, `e` edit, "
                                            "`r` rename, `d` delete yours)"),
    Action("list.state", "v", "States", run="cycle_state", footer=False, types=_records_only,
           help=f"step through the states shown: {_state_steps()}"),
    Action("list.quit", "q", "Quit", run="app.quit_app", footer=False, help="quit"),
    Action("list.tree", "t", "Hierarchy", types=("account",), help="the hierarchy of the selected account"),
    Action("list.mine", "m", "Mine/All", run="toggle_mine", types=_owned, help="only mine, or everyone's"),
    Action("list.filter", "f", "Narrow", types=_narrowed,
           help="narrow the list: leads by source and rating, cases by priority and origin "
                "(`ctrl+r` in the dialog clears)"),
    Action("list.sla_queue", "s", "SLA queue", types=("case",),
           help="only the cases nearing or past their SLA, most urgent first (again: back to the queue)"),
    Action("list.export", "E", "Export", types=_records_only,
           help="write the list as shown (its filter, sort, columns and find) to a CSV or JSON file"),
    Action("list.import", "I", "Import", types=_records_only,
           help="bring records in from a CSV file (Outlook, Google, Dynamics 365, crm-tui's own) or, into "
                "contacts, vCards: map the columns, try a dry run, then import"),
    Action("list.dashboard", "D", "Dashboard", types=("case",), help="the service dashboard"),
    Action("list.pipeline", "p", "Pipeline", types=("opportunity",), help="the pipeline"),
    Action("list.go_regarding", "g", "Go to record", types=(MY_ACTIVITIES,),
           help="go to the record the activity is about"),
    Action("list.clear_find", "escape", "Clear find", footer=False, help="clear the find"),
    Action("list.queues", "u", "Queues", footer=False,
           help="the queues: pick, release and route cases and activities, or take the next"),
    Action("list.duplicates", "F", "Find duplicates", footer=False, types=("account", "contact", "lead"),
           help="the possible duplicates across the whole type, largest group first, to merge"),
    Action("list.bulk", "b", "Change marked", types=_records_only,
           help="change the marked rows at once (else the row under the cursor): set a field, assign an owner, "
                "activate, deactivate or delete; it says how many first, and can be cancelled"),
)

ROWS = (  # every list of records: the list screen's, a tab's, the timeline
    Action("rows.up", "up", "Up", run="cursor(-1)", footer=False),
    Action("rows.down", "down", "Down", run="cursor(1)", footer=False),
    Action("rows.page_up", "pageup", "Page up", run="page(-1)", footer=False),
    Action("rows.page_down", "pagedown", "Page down", run="page(1)", footer=False),
    Action("rows.first", "home", "First", run="jump(0)", footer=False),
    Action("rows.last", "end", "Last", run="jump(-1)", footer=False),
    Action("list.open", "enter", "Open", run="open", help="open the record", where="rows"),
    Action("marks.mark", "space", "Mark", run="mark", footer=False, help="mark the row, or unmark it, and go to the next"),
    Action("marks.range_down", "shift+down", "Mark down", run="mark_range(1)", footer=False,
           help="mark this row and the next: a range"),
    Action("marks.range_up", "shift+up", "Mark up", run="mark_range(-1)", footer=False,
           help="mark this row and the one above: a range"),
    Action("marks.all", "ctrl+a", "Mark all", run="mark_all", footer=False,
           help="mark every row of the list or view (again: unmark them all)"),
)

RECORD = (
    Action("record.save", "ctrl+s", "Save", priority=True, keep_edits=True, help="save (works inside fields too)"),
    Action("record.back", "escape", "Back", keep_edits=True,
           help="back one screen (asks first when the form has unsaved changes)"),
    Action("record.edit", "e", "Edit", keep_edits=True, help="edit: to the first field"),
    Action("record.log", "a", "Log activity", types=_with_timeline, saved=True,
           help="log an activity: a phone call with a ready subject, selected, so what you type replaces it; "
                "`↑` / `↓` change the kind; `enter` saves"),
    Action("record.state", "d", "(De)activate", run="toggle_state", footer=False, types=_deactivates, saved=True,
           help="deactivate or activate (asks first)"),
    Action("record.complete", "c", "Complete", run="activity_status('complete')", types=ACTIVITY_KINDS,
           states=OPEN_STATES, help="complete the activity"),
    Action("record.cancel", "C", "Cancel activity", run="activity_status('cancel')", types=ACTIVITY_KINDS,
           states=OPEN_STATES, help="cancel the activity"),
    Action("record.reopen", "r", "Reopen", run="activity_status('reopen')", types=ACTIVITY_KINDS,
           states=CLOSED_STATES, keep_edits=True, help="reopen a closed activity"),
    Action("record.delete", "x,delete", "Delete", footer=False, saved=True,
           help="delete (refused at once with the reason when it would orphan records; else asks first)"),
)

RECORD_LINKS = (
    Action("record.customer", "u", "Customer", run="choose_customer", footer=False, types=_linking("customer"),
           help="choose the customer: an account or a contact"),
    Action("record.contact", "k", "Contact", run="choose_contact", footer=False, types=_linking("contact"),
           help="choose the contact"),
    Action("record.owner", "o", "Owner", run="choose_owner", footer=False, types=_linking("owner"),
           help="choose the owner"),
    Action("record.pin", "asterisk", "Pin", footer=False, saved=True, keep_edits=True,
           help="pin the record (ctrl+o lists it on top), or unpin it"),
    Action("record.history", "h", "History", footer=False, saved=True, keep_edits=True,
           help="its history: who changed which field when, from what to what, and what happened to its linked records"),
    Action("record.open_link", "l", "Open linked record", footer=False, keep_edits=True,
           help="open the linked record (a parent, a customer, what an activity is about)"),
    Action("record.next_tab", "right_square_bracket", "Next tab", run="tab(1)", footer=False,
           types=_with_timeline, saved=True, keep_edits=True,
           help="the next tab beside the form: the timeline, then the related lists"),
    Action("record.previous_tab", "left_square_bracket", "Previous tab", run="tab(-1)", footer=False,
           types=_with_timeline, saved=True, keep_edits=True, help="the previous tab beside the form"),
    Action("ref.pick", "enter", "Change", run="pick", help="on a link field: choose another record for it"),
)

TIMELINE = (
    Action("timeline.complete", "c", "Complete", run="set_status('complete')", help="complete the open activity"),
    Action("timeline.cancel", "C", "Cancel", run="set_status('cancel')", help="cancel the open activity"),
    Action("timeline.reopen", "r", "Reopen", run="set_status('reopen')", footer=False,
           help="reopen the closed activity"),
    Action("timeline.filter", "f", "Filter", help="filter: kind, status, from and to dates (`ctrl+r` in the dialog clears)"),
    Action("timeline.rollup", "u", "Roll-up", run="toggle_rollup", footer=False, types=("account",),
           help="an account's roll-up of its contacts' activities, on or off"),
)

PIPELINE = (
    Action("pipeline.back", "escape", "Back", run="app.pop_screen"),
    Action("pipeline.left", "left", "Previous stage", run="column(-1)", footer=False),
    Action("pipeline.right", "right", "Next stage", run="column(1)", footer=False),
        Action("pipeline.forward", "greater_than_sign,shift+right", "Move to next stage", run="move(1)",
               types=("opportunity",), operation="move_stage",
               help="move the selected opportunity to the next stage"),
        Action("pipeline.back_stage", "less_than_sign,shift+left", "Move back a stage", run="move(-1)",
               types=("opportunity",), operation="move_stage",
               help="move the selected opportunity to the previous stage"),
    Action("pipeline.mine", "m", "Mine/All", run="toggle_mine", help="mine, or everyone's"),
    Action("pipeline.new", "n", "New opportunity", run="new"),
)

DASHBOARD = (
    Action("dashboard.back", "escape", "Back", run="app.pop_screen"),
    Action("dashboard.period", "p", "Period", help="step the period: 7, 30, 90, 365 days"),
    Action("dashboard.mine", "m", "Mine/All", run="toggle_mine", help="mine, or everyone's"),
    Action("dashboard.refresh", "r", "Refresh", help="refresh (it refreshes itself every half minute)"),
)

TREE = (
    Action("groups.back", "escape", "Back"),
    Action("groups.refresh", "r", "Find again", run="refresh", help="find the duplicates again, by the rules in force"),
    Action("history.back", "escape", "Back"),
    Action("history.by_field", "f", "Field", run="by_field", help="only the changes of one field"),
    Action("history.by_user", "u", "User", run="by_user", help="only the changes by one user"),
    Action("history.linked", "r", "Linked records", run="linked",
           help="with the changes of its linked records (its contacts, activities...), or without"),
    Action("queues.back", "escape", "Back"),
    Action("queues.pick", "p", "Pick", help="pick the item under the cursor: it is assigned to you (one person only)"),
    Action("queues.next", "n", "Next", help="pick the most urgent item nobody has, and open it"),
    Action("queues.release", "r", "Release", help="give the item back to its queue"),
    Action("queues.route", "t", "Route", help="move the item to another queue"),
    Action("queues.switch_pane", "tab", "Queues/items", run="switch_pane", footer=False, priority=True,
           help="between the queues and the chosen queue's items"),
    Action("day.back", "escape", "Back"),
    Action("day.refresh", "r", "Read again", run="refresh", help="read the day again"),
    Action("tree.back", "escape", "Back"),
    Action("tree.open", "o", "Open record", run="open", footer=False),
    Action("tree.move", "m", "Move under…", run="move", help="move the account under another (or to the top level)"),
    Action("tree.refresh", "r", "Refresh", run="refresh"),
    Action("tree.unfold", "right", "Expand", run="unfold", footer=False, where="tree_nodes"),
    Action("tree.fold", "left", "Collapse / to parent", run="fold", footer=False, where="tree_nodes"),
)

SETTINGS = (
    Action("settings.back", "escape", "Back", run="app.pop_screen"),
    Action("settings.change", "enter", "Change", help="change the highlighted one (a name as `Company / Companies`; "
                                                      "keys as `ctrl+k` or `f3,ctrl+k`)"),
    Action("settings.reset", "delete", "Default", run="reset", help="put the default back"),
    Action("settings.new_rule", "n", "New rule", help="a new duplicate detection rule (on the Duplicate rules tab)"),
    Action("settings.toggle_rule", "space", "On/off", help="put the highlighted duplicate rule in force, or out of it"),
    Action("settings.next_tab", "right_square_bracket", "Next tab", run="tab(1)"),
    Action("settings.previous_tab", "left_square_bracket", "Previous tab", run="tab(-1)"),
)

DIALOGS = (
    Action("help.close", "escape,q,question_mark,f1", "Close", run="close"),
    Action("confirm.yes", "y", "Yes", run="answer(True)"),
    Action("confirm.no", "n,escape", "No", run="answer(False)"),
    Action("conflict.mine", "k", "Keep mine", run="choose('mine')"),
    Action("conflict.theirs", "t", "Take theirs", run="choose('theirs')"),
    Action("conflict.cancel", "escape", "Back to editing", run="choose(None)"),
    Action("prompt.cancel", "escape", "Cancel", run="cancel"),
    Action("merge.up", "up", "Field up", run="cursor(-1)", footer=False),
    Action("merge.down", "down", "Field down", run="cursor(1)", footer=False),
    Action("merge.left", "left", "Value on the left", run="pick(-1)", footer=False,
           help="take this field's value from the record on the left"),
    Action("merge.right", "right", "Value on the right", run="pick(1)", footer=False,
           help="take this field's value from the record on the right"),
    Action("merge.master", "m", "Make master", run="make_master",
           help="the record whose value is picked on this line survives (the others merge into it)"),
    Action("merge.run", "ctrl+s", "Merge", run="run", priority=True, help="merge (asks first)"),
    Action("merge.cancel", "escape", "Cancel", run="cancel"),
    Action("rule_editor.save", "ctrl+s", "Save", run="save", priority=True),
    Action("rule_editor.cancel", "escape", "Cancel", run="cancel"),
    Action("recent.close", "escape", "Close", run="close"),
    Action("choose_queue.cancel", "escape", "Cancel", run="cancel"),
    Action("bulk.cancel", "escape", "Close", run="cancel", help="close; while a change runs, cancel it after its batch"),
    Action("bulk.run", "ctrl+s", "Change them", run="run", priority=True, help="change the rows (asks first, saying how many)"),
    Action("bulk.another", "ctrl+n", "Another field", run="another", priority=True,
           help="keep this field and value, and choose another to set with them"),
    Action("import.cancel", "escape", "Close", run="cancel"),
    Action("import.dry_run", "ctrl+d", "Dry run", run="dry_run", priority=True),
    Action("import.run", "ctrl+s", "Import", run="run", priority=True),
    Action("picker.cancel", "escape", "Cancel", run="cancel"),
    Action("picker.results", "down", "Results", run="to_results", footer=False),
    Action("search.close", "escape", "Close", run="cancel"),
    Action("search.results", "down", "Results", run="to_results", footer=False),
    Action("reason.cancel", "escape", "Cancel", run="dismiss_none"),
    Action("won.cancel", "escape", "Cancel", run="dismiss_none"),
    Action("won.save", "ctrl+s", "Close as won", run="close_won", priority=True),
    Action("possible.save_anyway", "ctrl+s", "Save anyway", priority=True,
           help="Save the record although the duplicate rules say it may already be there"),
    Action("possible.back", "escape", "Back to editing", help="Back to the form, everything typed kept"),
    Action("duplicates.cancel", "escape", "Cancel", run="dismiss_none"),
    Action("duplicates.qualify", "ctrl+s", "Qualify", run="qualify", priority=True),
    Action("resolve.cancel", "escape", "Cancel", run="dismiss_none"),
    Action("resolve.save", "ctrl+s", "Resolve", run="resolve", priority=True),
    # Not letters: whatever is printable types into the subject, however fast it comes.
    Action("log.cancel", "escape", "Cancel", run="cancel"),
    Action("log.save", "ctrl+s", "Save", run="save", priority=True),
    Action("log.previous_kind", "up", "Previous kind", run="step(-1)"),
    Action("log.next_kind", "down", "Next kind", run="step(1)"),
    Action("filter.cancel", "escape", "Cancel", run="cancel"),
    Action("filter.apply", "ctrl+s", "Apply", run="apply", priority=True),
    Action("filter.clear", "ctrl+r", "Clear all", run="clear", priority=True),
    Action("list_filter.cancel", "escape", "Cancel", run="cancel"),
    Action("list_filter.apply", "ctrl+s", "Apply", run="apply", priority=True),
    Action("list_filter.clear", "ctrl+r", "Clear all", run="clear", priority=True),
    Action("views.close", "escape", "Close", run="cancel"),
    Action("views.new", "n", "New view", run="new", types=_records_only),
    Action("views.edit", "e", "Edit view", run="edit", types=_records_only),
    Action("views.rename", "r", "Rename view", run="rename", types=_records_only),
    Action("views.delete", "d", "Delete view", run="delete", types=_records_only),
    Action("view_editor.cancel", "escape", "Cancel", run="cancel"),
    Action("view_editor.save", "ctrl+s", "Save and show", run="save", priority=True),
    Action("view_editor.column_up", "shift+up", "Column earlier", run="move(-1)"),
    Action("view_editor.column_down", "shift+down", "Column later", run="move(1)"),
)

ACTIONS: tuple[Action, ...] = (
    *APP, *LIST, *ROWS, *RECORD, *(a for rt in RECORD_TYPES for a in rt.actions), *RECORD_LINKS, *TIMELINE,
    *PIPELINE, *DASHBOARD, *TREE, *SETTINGS, *DIALOGS,
)
BY_ID = {action.id: action for action in ACTIONS}
assert len(BY_ID) == len(ACTIONS), "two actions share an id"


def of(scope: str) -> tuple[Action, ...]:
    """The actions of one screen, widget or dialog, in the order the key bar shows them."""
    return tuple(action for action in ACTIONS if action.scope == scope)


_by_call: dict[tuple[str, str, tuple], Action] = {}


def by_call(scope: str, method: str, arguments: tuple) -> Action | None:
    """The action a screen's check_action is asked about (its name and arguments)."""
    if not _by_call:
        _by_call.update(((a.scope, a.method, a.arguments), a) for a in ACTIONS)
    return _by_call.get((scope, method, tuple(arguments)))


def label(action_id: str, fallback: str = "") -> str:
    """An action's label in the organisation's words ("Add contact" -> "Add person")."""
    action = BY_ID.get(action_id)
    return in_our_words(action.label) if action is not None else fallback


def operations(type_key: str) -> frozenset[str]:
    """The status operations a record type's actions run (what its service may be asked)."""
    declared = {a.operation for a in ACTIONS if a.operation and a.offered_for(type_key)}
    if BY_ID["record.state"].offered_for(type_key):  # the (de)activate toggle: one operation each way
        declared |= {"activate", "deactivate"}
    return frozenset(declared)
