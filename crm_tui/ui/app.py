"""The application: screens, app-wide keys, the palette and help."""

from __future__ import annotations

import gc
import os
import signal
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from crm_tui.core import actions
from crm_tui.core.list_types import FirstPage
from crm_tui.core.record_type import lower_noun, with_article
from crm_tui.core.signed_in import SignedIn
from crm_tui.core.types import RECORD_TYPES, plural
from crm_tui.services.settings import Settings
from crm_tui.services.settings import save as save_settings
from crm_tui.services.settings import settings_path
from crm_tui.services.system_views import MY_ACTIVITIES
from crm_tui.ui.bindings import bindings, label
from crm_tui.ui.keys import KeyDelivered, KeyGate
from crm_tui.ui.screens.list_screen import ListScreen
from crm_tui.ui.styles import style_path
from crm_tui.ui.text import printable, printable_lines
from crm_tui.ui.widgets.sidebar import entries

if TYPE_CHECKING:
    from crm_tui.services.users import User

# The other screens are imported when first opened: start-up pays only for the list.


def _record_commands():
    from crm_tui.ui.commands import RecordCommands

    return RecordCommands


def _recent_commands():
    from crm_tui.ui.commands import RecentCommands

    return RecentCommands


@dataclass
class KeptScreen:
    screen: Screen
    names_version: int  # the organisation's words it was built with


SHOW_LOADED_WITHIN = 0.05  # seconds a kept record screen waits for its record before it shows blank

# Each other screen brings its own .tcss when it first opens: start-up parses only these.
# The first screen's sheet is read with the app's: a sheet first read when its screen is shown
# makes Textual parse and apply every sheet again.
STYLE_FILES = ("app.tcss", "list_screen.tcss")


# Record screens are built ahead in the pauses of a person's typing: a step of building blocks
# keys for tens of ms, so none starts within QUIET_BEFORE_BUILD of the last key. The first list's
# record screen comes first, straight after the first frame (enter is often the first key).
PREBUILD_AFTER = 0.05  # seconds after the first frame before record screens are built ahead
REMIND_FIRST = 2.0  # seconds after the first frame before reminders are first looked for
REMIND_EVERY = 30.0  # seconds between looks for reminders come due
LIVE_EVERY = 1.0  # seconds between looks for a colleague's change (a look costs microseconds)
PREBUILD_PAUSE = 0.05  # seconds between two steps of building
QUIET_BEFORE_BUILD = 0.3  # seconds without a key before a step of building starts
MOUNTED_CHECK = 0.02  # seconds between looks at a screen built ahead that is still mounting


def record_screen_key(record_type: str, record_id: int | None) -> str:
    """Under which key the app keeps the record screen of this shape (a type, new or existing)."""
    return f"record:{record_type}:{'new' if record_id is None else 'existing'}"


class CrmApp(App):
    TITLE = "crm-tui"
    CSS_PATH = [style_path(name) for name in STYLE_FILES]
    COMMANDS = App.COMMANDS | {_record_commands, _recent_commands}
    BINDINGS = bindings("app")
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, actor: User | SignedIn, database_label: str = "", first_page: FirstPage | None = None,
                 settings: Settings | None = None, read_only: bool = False, prebuild: bool = False):
        """prebuild: build every record screen in idle time after start-up (the launched app;
        tests build what they open)."""
        super().__init__()
        self.prebuild = prebuild
        self._prebuilding: Screen | None = None  # built ahead, still to be styled and laid out
        self.key_gate = KeyGate(self, super().on_event)
        # No animations: a tab's sliding underline alone drew some 30 frames after opening a
        # record, and over SSH every frame is bytes on the wire.
        self.animation_level = "none"
        self.keys_remapped: dict[str, str] = {}  # binding id -> keys, as the settings remap them
        self.settings = settings or Settings()
        self.settings.apply_names()
        if self.settings.keys:
            from crm_tui.ui import keymap

            usable, problems = keymap.checked(self.settings.keys)
            self.settings.problems.extend(problems)
            self.keys_remapped = usable
            self.set_keymap(usable)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        elif self.settings.theme:
            self.settings.problems.append(f"theme: no theme called {self.settings.theme!r} "
                                          f"(one of {', '.join(sorted(self.available_themes))})")
        self.first_page = first_page
        self._kept_screens: dict[str, KeptScreen] = {}
        self.actor_id = actor.id
        self._actor, self._connect = (None, actor.connect) if isinstance(actor, SignedIn) else (actor, None)
        self.read_only = read_only
        if read_only:
            database_label = f"{database_label} · read-only"
        self.database_label = database_label
        self.sub_title = f"{actor.display_name} · {database_label}" if database_label else actor.display_name

    def terminal_gone(self) -> None:
        """The terminal went away (called from the input thread): end now, as a hang-up signal
        would. Not through Textual's shutdown, which restores the terminal and waits, forever,
        for writes to one that is gone; nothing is lost that a terminal could have saved (every
        save is a transaction of its own)."""
        os._exit(128 + signal.SIGHUP)

    def text_has_focus(self) -> bool:
        """Whether the focused widget takes text (asked from the input thread: a read, no change)."""
        from textual.widgets import Input, TextArea

        try:
            return isinstance(self.focused, (Input, TextArea))
        except Exception:  # the screen stack changing under the read: no text field to keep keys for
            return False

    @property
    def actor(self) -> User:
        """The signed-in user; asking for it connects the database layer if that is still to do."""
        self.ensure_connected()
        return self._actor

    def ensure_connected(self) -> None:
        """Import and bind the database layer (once): right after the first frame, or sooner if
        a key asks for the database before that."""
        if self._connect is not None:
            connect, self._connect = self._connect, None
            self._actor = connect()

    async def on_event(self, event: events.Event) -> None:
        # Keys and pastes from the terminal go through the gate: one at a time, to a ready screen.
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            await self.key_gate.arrive(event)
        else:
            await super().on_event(event)

    def on_key_delivered(self, message: KeyDelivered) -> None:
        self.key_gate.delivered(message)

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_frame)
        if self.read_only:
            self.notify("You may read this database but not change it: browse freely; saving is refused.",
                        title="Read-only", severity="warning", timeout=10)
        if self.settings.problems:
            problems = self.settings.problems  # every one: a hidden problem is one the user cannot fix
            self.notify("\n".join(f"• {p}" for p in problems),
                        title=f"{len(problems)} problem{'s' if len(problems) > 1 else ''} in {settings_path()} (left out)",
                        severity="warning", timeout=15)
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme) -> None:
        """A theme picked anywhere (the settings screen, the palette) is the one next time too."""
        if theme.name != self.settings.theme:
            self.settings.theme = theme.name
            self.save_settings()

    def save_settings(self) -> None:
        try:
            save_settings(self.settings)
        except OSError as error:
            self.notify(f"Could not save the settings to {settings_path()}: {error.strerror}", severity="error")

    def _after_first_frame(self) -> None:
        self.ensure_connected()  # the first frame is on screen: now the database layer
        # Everything made during start-up lives as long as the app: move it out of the
        # collector's way, so later full collections stay short (fewer dropped frames).
        # The launcher pauses collection until the first frame (a full pass there costs
        # ~17 ms of launch); it resumes here.
        gc.freeze()
        gc.enable()
        if self.prebuild:
            self.set_timer(PREBUILD_AFTER, self._prebuild_next)
        self._reminded: set[int] = set()
        self.set_timer(REMIND_FIRST, self._remind)
        self.set_interval(REMIND_EVERY, self._remind)
        self._watch = None  # made by the first look, now (on PostgreSQL in a thread: it connects)
        self._looking = False
        self._look_for_changes()
        self.set_interval(LIVE_EVERY, self._look_for_changes)
        if self.settings.start == "my_day":  # the day first; the list is under it
            self.action_my_day()

    def _look_for_changes(self) -> None:
        """A colleague's change (or one of ours): the screen shown reads what it shows again.
        SQLite's look reads local memory, here; PostgreSQL's asks the server, in a thread, so a
        server that stops answering never holds a key (one look at a time)."""
        from crm_tui.services import live

        if self._looking:
            return
        if live.looks_locally():
            self._looked(self._look())
            return
        self._looking = True

        def look_in_thread() -> None:
            changed = self._look()
            try:
                self.call_from_thread(self._looked, changed)
            except RuntimeError:  # the app is closing
                pass

        self.run_worker(look_in_thread, thread=True, group="live", exit_on_error=False)

    def _look(self) -> bool:
        from crm_tui.services import live

        if self._watch is None:  # the first look makes the watch (none to be had: the next look tries again)
            self._watch = live.watch()
            return False
        try:
            return self._watch.changed()
        except Exception:  # noqa: BLE001 (the database went away: its own screens say so)
            return False

    def _looked(self, changed: bool) -> None:
        self._looking = False
        if not changed or not self._screen_stack:  # nothing new, or the app closing
            return
        if hasattr(self.screen, "live_refresh"):
            self.screen.live_refresh()

    def _remind(self) -> None:
        """Activities whose reminder time has come: a notice each, once (a read, every half minute)."""
        from crm_tui.core.clock import utcnow
        from crm_tui.services import activities
        from crm_tui.ui.dbwork import db_call

        db_call(self, activities.reminders, self.actor.id, utcnow(), group="reminders",
                on_success=self._show_reminders, on_error=lambda error: None)  # a busy database: next time

    def _show_reminders(self, due) -> None:
        from crm_tui.core.fields import to_local
        from crm_tui.core.types.activity import KINDS
        from crm_tui.core.clock import utcnow
        from crm_tui.services import activities
        from crm_tui.ui.dbwork import db_call

        fresh = [d for d in due if d.id not in self._reminded]
        for d in fresh:
            about = f" · {d.regarding_name}" if d.regarding_name else ""
            self.notify(f"{KINDS[d.kind].singular}: {d.subject}{about}\ndue {to_local(d.at):%Y-%m-%d %H:%M}",
                        title="Reminder", timeout=30)
        self._reminded |= {d.id for d in fresh}
        if fresh and not self.read_only:  # shown: not again, in this session or the next
            db_call(self, activities.mark_reminded, [d.id for d in fresh], utcnow(), group="reminders",
                    on_error=lambda error: None)

    def _prebuild_next(self) -> None:
        """Build the next record screen not built yet, off screen (composed, styled, mounted, not
        shown), then the one after, a pause between: the first open of each record type is then
        as quick as every later one (building one takes 0.3-1 s, once)."""
        from crm_tui.ui.screens.record import PREBUILT, RecordScreen

        if self._exit or not self.screen_stack:  # closing: nothing to build for
            return
        typing = time.monotonic() - self.key_gate.last_arrival
        if typing < QUIET_BEFORE_BUILD:  # the user is typing: wait for a pause
            self.set_timer(QUIET_BEFORE_BUILD - typing, self._prebuild_next)
            return
        if self._prebuilding is not None:
            screen = self._prebuilding
            if not screen.is_mounted:  # still composing: look again in a moment
                self.set_timer(MOUNTED_CHECK, self._prebuild_next)
                return
            self._prebuilding = None
            self._style_and_lay_out(screen)
            self.set_timer(PREBUILD_PAUSE, self._prebuild_next)
            return
        for rt in RECORD_TYPES:
            for record_id in (PREBUILT, None):
                key = record_screen_key(rt.key, record_id)
                if key in self._kept_screens:
                    continue
                if self.screen.is_modal or self._building:  # the user is busy here: later
                    self.set_timer(PREBUILD_PAUSE, self._prebuild_next)
                    return
                screen = self.kept_screen(key, lambda: RecordScreen(rt.key, record_id, prebuilt=True))
                self._load_screen_css(screen)
                self._register(self, screen)  # what pushing it does first, without showing it
                self._prebuilding = screen
                self.set_timer(PREBUILD_PAUSE, self._prebuild_next)
                return

    def _style_and_lay_out(self, screen: Screen) -> None:
        """What a screen's first showing does (style every widget, lay them out at this size),
        done now, off screen: its first showing is then like every later one (StylesKept)."""
        if self.screen.is_modal or self._building:
            self._prebuilding = screen  # the user is busy: later
            return
        screen.update_node_styles(animate=False)
        screen._refresh_layout(self.size)
        screen._compositor.render_update(full=True)  # every widget's lines drawn once, and cached
        screen._styled_for = (self.theme, len(self.stylesheet.source))
        self._freeze_long_lived()  # it is never refreshed off screen, where kept_screen would do this

    @property
    def prebuilt(self) -> bool:
        """Every record screen is built ahead (or building ahead is off)."""
        from crm_tui.ui.screens.record import PREBUILT

        return not self.prebuild or (self._prebuilding is None and all(
            record_screen_key(rt.key, record_id) in self._kept_screens
            for rt in RECORD_TYPES for record_id in (PREBUILT, None)))

    @property
    def _building(self) -> bool:
        """A screen is still being built or filled (keys are waiting for it)."""
        return not self.key_gate.idle

    def get_default_screen(self) -> Screen:
        return ListScreen("account", first_page=self.first_page)

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notice is literal text: messages carry record names, which are data, not markup."""
        super().notify(printable_lines(message), title=printable(title), severity=severity, timeout=timeout,
                       markup=False)

    # -- navigation used by every screen ---------------------------------------------
    def show_record_screen(self, record_type: str, record_id: int | None, defaults: dict[str, Any] | None = None,
                           switch: bool = False, known=None) -> None:
        """Push (or switch to) a record screen for this record. A kept screen is shown once its
        record is loaded (a few ms), so its first frame is the record; a new one at once, to build."""
        screen = self.record_screen(record_type, record_id, defaults, known)

        def show() -> None:
            (self.switch_screen if switch else self.push_screen)(screen)

        if screen.is_mounted:
            screen.show_when_loaded(show, within=SHOW_LOADED_WITHIN)
        else:
            show()

    def record_screen(self, record_type: str, record_id: int | None, defaults: dict[str, Any] | None = None,
                      known=None):
        """A record screen for this record: the one kept for its shape (type, new or not) when that
        one is not on the stack already, shown for this record; else a new one."""
        from crm_tui.ui.screens.record import RecordScreen

        return self.kept_screen(record_screen_key(record_type, record_id),
                                lambda: RecordScreen(record_type, record_id, defaults=defaults, known=known),
                                reuse=lambda screen: screen.retarget(record_id, defaults, known))

    def _free(self, key: str) -> bool:
        kept = self._kept_screens.get(key)
        return kept is not None and all(kept.screen not in stack for stack in self._screen_stacks.values())

    def kept_screen(self, key: str, make: Callable[[], Screen],
                    reuse: Callable[[Screen], None] | None = None) -> Screen:
        """The screen kept under key, when it is not on the stack already (made ready for this
        showing by reuse); else a new one from make (kept, if none is). A kept screen is built
        once: its widgets, styles and layout serve every showing (building and styling them is
        most of what opening a screen costs). Names changed in the settings: built anew."""
        from crm_tui.core.record_type import names_version

        kept = self._kept_screens.get(key)
        if kept is not None and self._free(key):
            if kept.names_version == names_version() and kept.screen.is_mounted:
                if reuse is not None:
                    reuse(kept.screen)
                return kept.screen
            del self._kept_screens[key]
            self.uninstall_screen(kept.screen)
            kept.screen.remove()
            kept = None
        screen = make()
        if kept is None:
            self._kept_screens[key] = KeptScreen(screen, names_version())
            self.install_screen(screen, key)
            screen.call_after_refresh(self._freeze_long_lived)
        return screen

    def push_dialog(self, dialog_type: type[Screen], *args: Any, callback: Callable[[Any], None] | None = None) -> None:
        """Push the kept dialog of this type for these arguments: built with them the first time,
        reset(*args) for them after (every kept dialog has its reset)."""
        self.push_screen(self.kept_screen(dialog_type.__name__, lambda: dialog_type(*args),
                                          reuse=lambda dialog: dialog.reset(*args)), callback)

    def _freeze_long_lived(self) -> None:
        """A kept screen lives as long as the app: once it is built, move it (and all else alive)
        out of the collector's way, as start-up does, so full collections walk only what comes
        and goes (a dialog, a tree) and stay short. Collected first: garbage frozen would stay."""
        gc.collect()
        gc.freeze()

    def open_record(self, record_type: str, record_id: int) -> None:
        if record_type == "event":
            self.notify("A system event has nothing more to show: it is all on the timeline")
            return
        self.show_record_screen(record_type, record_id)
        self.note_opened(record_type, record_id)

    def note_opened(self, record_type: str, record_id: int) -> None:
        """The user's recent records: noted in the background, never in the way of the next key."""
        from crm_tui.services import recent
        from crm_tui.ui.dbwork import db_call

        if not self.read_only and getattr(self, "actor", None) is not None:
            db_call(self, recent.opened, self.actor.id, record_type, record_id, group="recent",
                    on_error=lambda error: None)  # a busy database: this one is not noted

    def action_my_day(self) -> None:
        from crm_tui.ui.dbwork import db_call
        from crm_tui.ui.screens.my_day import MyDayScreen, read_day

        if isinstance(self.screen, MyDayScreen):
            return
        db_call(self, read_day, self.actor.id, holds_keys=True,
                on_success=lambda sections: self.push_screen(MyDayScreen(sections)))

    def action_recent(self) -> None:
        from crm_tui.services import recent
        from crm_tui.ui.dbwork import db_call
        from crm_tui.ui.screens.recent_dialog import RecentScreen

        def chosen(picked: tuple[str, int] | None) -> None:
            if picked:
                self.open_record(*picked)

        db_call(self, recent.both, self.actor.id, holds_keys=True,
                on_success=lambda found: self.push_screen(RecentScreen(*found), chosen))

    def new_record(self, record_type: str, defaults: dict[str, Any] | None = None) -> None:
        self.show_record_screen(record_type, None, defaults)

    def replace_with_record(self, record_type: str, record_id: int, known=None) -> None:
        """Show another record in place of the current screen (a lead becomes its opportunity,
        a new record its saved self: known, the record as its save answered)."""
        self.show_record_screen(record_type, record_id, switch=True, known=known)

    def open_pipeline(self, deal_id: int | None = None) -> None:
        """The pipeline; deal_id: with the cursor on that deal, in its stage's column."""
        from crm_tui.ui.screens.pipeline import PipelineScreen

        if not isinstance(self.screen, PipelineScreen):
            self.push_screen(self.kept_screen("pipeline", PipelineScreen))
        if deal_id is not None:
            self.screen.show_deal(deal_id)

    def deal_in_sight(self) -> int | None:
        """The opportunity the current screen shows or has the cursor on, if any."""
        return getattr(self.screen, "deal_in_sight", lambda: None)()

    def open_dashboard(self) -> None:
        from crm_tui.ui.screens.service_dashboard import ServiceDashboardScreen

        if not isinstance(self.screen, ServiceDashboardScreen):
            self.push_screen(self.kept_screen("dashboard", ServiceDashboardScreen))

    def open_hierarchy(self, account_id: int) -> None:
        """The family is read first and the screen shown with it (keys wait meanwhile), so its
        first frame is the tree, not an empty one and then the tree a frame later."""
        from crm_tui.ui.dbwork import db_call
        from crm_tui.ui.screens.hierarchy import HierarchyScreen, load_family

        db_call(self, load_family, account_id, holds_keys=True,
                on_success=lambda family: self.push_screen(HierarchyScreen(account_id, family)))

    def show_list(self, record_type: str) -> None:
        """Back to the list screen, showing record_type."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ListScreen):
            self.pop_screen()
        if isinstance(self.screen, ListScreen):
            self.screen.show_type(record_type)

    # -- app-wide actions ---------------------------------------------------------------
    def action_settings(self) -> None:
        from crm_tui.ui.screens.settings_screen import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_search(self) -> None:
        from crm_tui.ui.screens.global_search import GlobalSearchScreen

        if isinstance(self.screen, GlobalSearchScreen):
            return

        def chosen(hit) -> None:
            if hit is not None:
                self.open_record(hit.record_type, hit.id)

        self.push_dialog(GlobalSearchScreen, callback=chosen)

    def action_help(self) -> None:
        from crm_tui.ui.screens.help import HelpScreen, binding_lines

        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        self.push_screen(HelpScreen(screen.title or self.title, binding_lines(screen), extra=self._help_extra()))

    async def action_quit(self) -> None:
        """ctrl+q (Textual's own quit key) asks about unsaved edits as q does."""
        self.action_quit_app()

    def action_quit_app(self) -> None:
        from crm_tui.ui.screens.dialogs import ConfirmScreen
        from crm_tui.ui.screens.record import RecordScreen

        unsaved = [s for s in self.screen_stack if isinstance(s, RecordScreen) and s.is_dirty]
        if not unsaved:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(ConfirmScreen("You have unsaved changes. Quit and lose them?", "Quit", danger=True),
                         answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, name in entries():
            name = "My activities" if key == MY_ACTIVITIES else name
            yield SystemCommand(f"Go to {name}", f"Show {lower_noun(name)}", lambda key=key: self.show_list(key))
        yield SystemCommand("Go to Pipeline", f"Open {lower_noun(plural('opportunity'))} by sales stage, with their value",
                            lambda: self.open_pipeline(self.deal_in_sight()))
        yield SystemCommand("Go to Service dashboard", f"Open {lower_noun(plural('case'))}, SLA compliance and those at risk",
                            self.open_dashboard)
        yield SystemCommand("Settings", f"Names of record types and fields, keys, theme ({self.keys_of('app.settings')})", self.action_settings)
        for rt in RECORD_TYPES:
            yield SystemCommand(f"New {lower_noun(rt.singular)}", f"Create {with_article(lower_noun(rt.singular))}",
                                lambda key=rt.key: self.new_record(key))
        # Every action of the current screen, its focused widget and the app, by the name its key
        # has in the help.
        seen = set()
        for _key, active in screen.active_bindings.items():
            binding, node = active.binding, active.node
            if binding.system or not label(binding) or not active.enabled or (node, binding.action) in seen:
                continue
            seen.add((node, binding.action))
            yield SystemCommand(label(binding), f"Key: {self.get_key_display(binding)}",
                                lambda node=node, action=binding.action: self.run_action(action, node))
        yield from super().get_system_commands(screen)

    def keys_of(self, action_id: str) -> str:
        """The keys an action has now (the settings may have remapped them), as the help names keys."""
        keys = self.keys_remapped.get(action_id) or actions.BY_ID[action_id].keys
        return " or ".join(self.get_key_display(Binding(key, "")) for key in keys.split(","))

    def _help_extra(self) -> str:
        # Paragraphs, not lines: the help wraps them to its width (hard breaks left a word alone on a line).
        k = self.keys_of
        return "\n\n".join((
            f"Everywhere: {k('app.search')} searches every record by the start of a name, email, phone or number; "
            f"{self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, ''))} opens the palette (go to a record type, "
            f"find a record by name, run any action of this screen); {k('app.help')} shows this help; "
            f"{k('app.settings')} the settings; {k('app.quit')} quits (asking first if you have unsaved changes).",
            f"In a form, keys type into the field: tab moves, {k('record.save')} saves, {k('record.back')} leaves.",
            f"On a record: {k('record.log')} logs an activity ({k('log.previous_kind')} and {k('log.next_kind')} "
            f"choose the kind, {k('log.save')} saves); {k('record.previous_tab')} and {k('record.next_tab')} switch "
            "between its timeline and related lists. Dates: 2026-03-31 14:30, today, tomorrow, +3d, +2h.",
            f"Settings (names, keys by the ids above, theme): {settings_path()}",
        ))
