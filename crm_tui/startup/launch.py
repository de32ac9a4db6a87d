"""Opening the app, quickly: a background process opens the database and reads the first list
while this one imports Textual and the screens; the database layer itself is imported here
only once that first frame is on screen (crm_tui.ui.app connects then)."""

from __future__ import annotations

import gc
import pickle
import sys
from dataclasses import dataclass
from functools import partial

from crm_tui.core.list_types import FirstPage
from crm_tui.core.signed_in import SignedIn
from crm_tui.paths import redacted
from crm_tui.startup import background


@dataclass(frozen=True)
class FirstScreen:
    """What the first frame needs from the database, in plain values (sent between processes)."""

    user: SignedIn
    page: FirstPage
    read_only: bool = False  # a SQLite file this user may only read


def read_first_screen(url: str, username: str | None, demo_first: bool) -> FirstScreen:
    """Open (and migrate) the database, sign the user in, read the account list's count and
    first rows: a few ms, in the background process."""
    from crm_tui.services import database, listing
    from crm_tui.services.users import ensure_user, login_name
    from crm_tui.startup.opening import open_reporting

    try:
        open_reporting(url)
        actor = ensure_user(username or login_name())
        if demo_first and database.is_empty() and not database.is_read_only():
            from crm_tui.tools import demo

            print("Building the demo data (first run only)…", file=sys.stderr)
            demo.build("small", owner_id=actor.id)
        # The User goes as bytes: rebuilding it needs the models, imported after the first frame.
        user = SignedIn(actor.id, actor.display_name, partial(connect, url, pickle.dumps(actor)))
        return FirstScreen(user, listing.first_page(listing.ListQuery("account")), database.is_read_only())
    finally:
        database.close()


def connect(url: str, actor: bytes):
    """The database layer, bound to url (opened and migrated by the background process), and the
    signed-in user: what every later screen needs."""
    from crm_tui.services import database

    database.attach(url)
    return pickle.loads(actor)


# How long a lone escape waits for the rest of a key sequence (an arrow is ESC [ A) before it
# is taken as escape (see crm_tui/ui/escape_key.py). Textual waits 100 ms, which every "back"
# pays; a key sequence arrives in one write, locally and over SSH, well within 10 ms (tmux's own
# default wait). ESCDELAY (ms) set by the user wins.
ESCAPE_DELAY_MS = "10"
SWITCH_INTERVAL = 0.001  # seconds


def run(url: str, username: str | None, demo_first: bool) -> int:
    import os

    os.environ.setdefault("ESCDELAY", ESCAPE_DELAY_MS)  # read when Textual is imported, below
    from crm_tui.services import settings

    chosen = settings.load()
    chosen.apply_names()
    reading = background.start(read_first_screen, url, username, demo_first)
    # No collections until the first frame: start-up makes only long-lived objects (the app
    # resumes collecting once it is on screen).
    gc.disable()
    # Threads hand over the interpreter every 1 ms, not every 5: the thread that writes frames to
    # the terminal, and the ones that read the database, wait less for the screen's thread.
    sys.setswitchinterval(SWITCH_INTERVAL)
    # Textual and the screens import while the other process reads.
    from crm_tui.ui.app import CrmApp
    from crm_tui.ui.escape_key import prompt_escape

    first = reading.result()
    app = CrmApp(first.user, database_label=redacted(url), first_page=first.page, settings=chosen,
                 read_only=first.read_only, prebuild=True)
    prompt_escape(on_hangup=app.terminal_gone, text_has_focus=app.text_has_focus)
    app.run()
    return app.return_code or 0
