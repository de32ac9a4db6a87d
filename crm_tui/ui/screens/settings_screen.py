"""The settings screen: the organisation's names, field labels, keys and the theme.

Every change is saved to the settings file at once and used from then on.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Select, Static, TabbedContent, TabPane

from crm_tui.core import actions
from crm_tui.core.types import RECORD_TYPES, record_type
from crm_tui.services import settings as settings_service
from crm_tui.services.errors import ValidationError
from crm_tui.ui.bindings import bindings
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import option, plain, printable
from crm_tui.ui.widgets.choices import Choices
from crm_tui.ui.widgets.key_bar import KeyBar


def all_bindings() -> list[tuple[str, str, str]]:
    """(binding id, default keys, label) of every key of every screen, widget and dialog."""
    return sorted((action.id, action.keys, actions.label(action.id)) for action in actions.ACTIONS)


def _refill(options: OptionList, items: list[tuple[str, str]]) -> None:
    """Show (id, text) items, keeping the highlight where it was."""
    at = options.highlighted
    options.clear_options()
    options.add_options([option(text, id=option_id) for option_id, text in items])
    options.highlighted = at or 0


class SettingsScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("settings")
    TABS = ("tab-names", "tab-labels", "tab-keys", "tab-theme")
    FIRST = {"tab-names": "#names", "tab-labels": "#labels", "tab-keys": "#keys", "tab-theme": "#theme"}

    def compose(self) -> ComposeResult:
        yield Static(id="settings-title", classes="title-bar")
        yield Static(plain(f"enter changes · delete puts the default back · [ ] switch tabs · saved at once to "
                           f"{settings_service.settings_path()}"), id="settings-path")
        with TabbedContent(id="settings-tabs"):
            with TabPane("Names", id="tab-names"):
                yield Choices(id="names")
            with TabPane("Field labels", id="tab-labels"):
                yield Choices(id="labels")
            with TabPane("Keys", id="tab-keys"):
                yield Choices(id="keys")
            with TabPane("Theme", id="tab-theme"):
                yield Select([(name, name) for name in sorted(self.app.available_themes)], value=self.app.theme,
                             allow_blank=False, id="theme")
                yield Static("NO_COLOR=1 in the environment turns colour off whatever the theme.",
                             classes="settings-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Settings"
        self.query_one("#settings-title", Static).update("Settings · names, field labels, keys and theme")
        self._fill()
        self.query_one("#names", OptionList).focus()

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = self.TABS[(self.TABS.index(tabs.active) + step) % len(self.TABS)]
        self.query_one(self.FIRST[tabs.active]).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.query_one(self.FIRST[event.pane.id]).focus()

    @property
    def settings(self) -> settings_service.Settings:
        return self.app.settings

    def _fill(self) -> None:
        names = []
        for rt in RECORD_TYPES:
            changed = "" if rt.key not in self.settings.names else "  (yours)"
            names.append((rt.key, f"{rt.default_singular:<14} → {printable(rt.singular)} / {printable(rt.plural)}{changed}"))
        _refill(self.query_one("#names", OptionList), names)
        labels = []
        for rt in RECORD_TYPES:
            current = {f.name: f.label for f in rt.fields}
            for spec in rt.default_fields:
                changed = "  (yours)" if (rt.key, spec.name) in self.settings.labels else ""
                labels.append((f"{rt.key}:{spec.name}", f"{printable(rt.singular)} · {spec.label:<22} → "
                                                         f"{printable(current[spec.name])}{changed}"))
        _refill(self.query_one("#labels", OptionList), labels)
        keys = []
        for binding_id, default, description in all_bindings():
            mine = self.settings.keys.get(binding_id)
            shown = f"{mine}  (yours; was {default})" if mine else default
            keys.append((binding_id, f"{description:<28} {shown:<28} {binding_id}"))
        _refill(self.query_one("#keys", OptionList), keys)

    def _focused_list(self) -> OptionList | None:
        focused = self.focused
        return focused if isinstance(focused, OptionList) else None

    def action_change(self) -> None:
        options = self._focused_list()
        if options is None or options.highlighted is None:
            return
        option_id = options.get_option_at_index(options.highlighted).id or ""
        {"names": self._rename, "labels": self._relabel, "keys": self._rekey}[options.id](option_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_change()

    def action_reset(self) -> None:
        options = self._focused_list()
        if options is None or options.highlighted is None:
            return
        option_id = options.get_option_at_index(options.highlighted).id or ""
        if options.id == "names":
            settings_service.rename_type(self.settings, option_id, "", "")
        elif options.id == "labels":
            settings_service.relabel(self.settings, *option_id.split(":"), "")
        else:
            self.settings.keys.pop(option_id, None)
            self.app.set_keymap(self.settings.keys)
        self._saved()

    def _ask(self, question: str, value: str, then) -> None:
        from crm_tui.ui.screens.dialogs import TextPromptScreen

        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                then(text)
            except ValidationError as error:
                self.notify(str(error), title="Not changed", severity="error")
                return
            self._saved()

        self.app.push_screen(TextPromptScreen(question, value), answered)

    def _rename(self, key: str) -> None:
        rt = record_type(key)

        def then(text: str) -> None:
            one, _, many = text.partition("/")
            settings_service.rename_type(self.settings, key, one, many)

        self._ask(f"Name for {rt.default_singular} records, as singular / plural (empty: the default)",
                  f"{rt.singular} / {rt.plural}", then)

    def _relabel(self, option_id: str) -> None:
        key, name = option_id.split(":")
        rt = record_type(key)
        self._ask(f"Label for {rt.singular} · {next(f.label for f in rt.default_fields if f.name == name)} "
                  "(empty: the default)", rt.field(name).label,
                  lambda text: settings_service.relabel(self.settings, key, name, text))

    def _rekey(self, binding_id: str) -> None:
        def then(text: str) -> None:
            from crm_tui.ui.keymap import keys_problem

            keys = text.replace(" ", "")
            if keys and (wrong := keys_problem(keys)):
                raise ValidationError.single("keys", wrong)
            if keys:
                self.settings.keys[binding_id] = keys
            else:
                self.settings.keys.pop(binding_id, None)
            self.app.set_keymap(self.settings.keys)

        self._ask(f"Keys for {binding_id}, comma-separated (like ctrl+k or f3,ctrl+k; empty: the default)",
                  self.settings.keys.get(binding_id, ""), then)

    def _saved(self) -> None:
        self.settings.apply_names()
        self.app.save_settings()
        self._fill()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "theme" and event.value != self.app.theme:
            self.app.theme = str(event.value)  # the app saves the theme it is given
