"""The key tables of README.md, written from the declared actions (`crm-tui keys --markdown`);
a test holds the README to them, so they cannot drift from the keys the app has."""

from __future__ import annotations

import unicodedata

from crm_tui.core import actions
from crm_tui.core.action import Action
from crm_tui.core.record_type import lower_noun
from crm_tui.core.types import RECORD_TYPES, definition
from crm_tui.core.types.activity import ACTIVITY_KINDS, KINDS, MY_ACTIVITIES

SECTIONS = (  # (title, scopes, what its "on" column ranges over)
    ("Everywhere", ("app",), ()),
    ("In a list", ("list", "rows", "marks"), actions.LISTS),
    ("On a record (letters act when the cursor is not in a text field; `tab` moves between fields)",
     ("record", "ref"), (*(rt.key for rt in RECORD_TYPES), *KINDS)),
    ("In a timeline", ("timeline",), ()),
    ("In the pipeline", ("pipeline",), ()),
    ("In the service dashboard", ("dashboard",), ()),
    ("In the hierarchy tree", ("tree", "tree_nodes"), ()),
    ("Among duplicates", ("groups",), ()),
    ("In a record's history", ("history",), ()),
    ("In the queues", ("queues",), ()),
    ("In My day", ("day",), ()),
    ("In the settings", ("settings",), ()),
    ("In dialogs", ("help", "confirm", "conflict", "prompt", "picker", "search", "reason", "won", "duplicates",
                    "resolve", "log", "filter", "list_filter", "views", "view_editor", "import", "possible", "bulk", "merge", "rule_editor", "recent", "choose_queue"), ()),
)
DIALOG_NAMES = {"help": "help", "confirm": "a question", "conflict": "a save conflict", "prompt": "a name",
                "picker": "a picker", "search": "search everywhere", "reason": "a reason",
                "won": "close as won", "duplicates": "qualify", "resolve": "resolve", "log": "log an activity",
                "filter": "the timeline's filter", "list_filter": "narrow a list", "views": "views",
                "view_editor": "the view editor", "import": "import a file",
                "possible": "possible duplicates", "bulk": "change many", "merge": "merge",
                "rule_editor": "a duplicate rule", "recent": "recent and pinned",
                "choose_queue": "route to a queue"}
KEY_TEXT = {"slash": "/", "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
            "greater_than_sign": ">", "less_than_sign": "<", "up": "↑", "down": "↓", "left": "←", "right": "→",
            "pageup": "pgup", "pagedown": "pgdn"}


def key_text(keys: str) -> str:
    """Keys as the README writes them: `x` or `delete`, `shift+↑`."""
    def one(key: str) -> str:
        *modifiers, name = key.split("+")
        if name in KEY_TEXT:
            name = KEY_TEXT[name]
        elif len(name) > 1 and not name[1:].isdigit() and name not in ("escape", "enter", "delete", "home", "end",
                                                                        "space", "tab", "backspace"):
            try:
                name = unicodedata.lookup(name.replace("_", " "))
            except KeyError:
                pass
        return "`" + "+".join([*modifiers, name]) + "`"
    return " or ".join(one(key) for key in keys.split(","))


def _where(action: Action, over: tuple[str, ...]) -> str:
    if not over:
        return ""
    offered = [key for key in over if action.offered_for(key)]
    if len(offered) == len(over):
        names = "every list" if over is actions.LISTS else "every record"
    elif over is actions.LISTS and offered == [key for key in over if key != MY_ACTIVITIES]:
        names = "every list but My activities"
    elif offered == list(ACTIVITY_KINDS):
        names = "activities"
    else:
        names = ", ".join("My activities" if key == MY_ACTIVITIES else lower_noun(definition(key).default_plural)
                          for key in offered)
    if action.states is not None and offered:  # only record actions are offered by state
        labels = {s.key: s.label.lower() for key in offered for s in definition(key).states}
        names += " (" + " / ".join(labels.get(state, state) for state in action.states) + ")"
    return names


def markdown() -> str:
    """Every table, with the id the settings' [keys] table remaps each key by."""
    parts = []
    for title, scopes, over in SECTIONS:
        chosen = [a for scope in scopes for a in actions.of(scope)]
        dialogs = title == "In dialogs"
        head = ("| dialog | key | does | id |" if dialogs else
                "| key | on | does | id |" if over else "| key | does | id |")
        rows = [f"{title}:", "", head, "|" + " --- |" * head.count(" | ") + " --- |"]
        for a in chosen:
            cells = [key_text(a.keys), lower_noun(a.help_line), f"`{a.id}`"]
            if dialogs:
                cells.insert(0, DIALOG_NAMES[a.scope])
            elif over:
                cells.insert(1, _where(a, over))
            rows.append("| " + " | ".join(cells) + " |")
        parts.append("\n".join(rows))
    return "\n\n".join(parts) + "\n"
