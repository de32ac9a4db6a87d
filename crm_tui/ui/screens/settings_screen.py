"""The settings screen: the organisation's names, field labels, keys and the theme, saved to
the settings file at once and used from then on; and the duplicate detection rules, kept in the
database (every user of it shares them).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Select, Static, TabbedContent, TabPane

from crm_tui.core import actions
from crm_tui.core.types import RECORD_TYPES, record_type
from crm_tui.core.duplicate_rules import RuleSpec
from crm_tui.services import duplicates, teams
from crm_tui.services import settings as settings_service
from crm_tui.services.errors import ValidationError
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.styles import own_styles
from crm_tui.ui.text import clip, option, plain, printable
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


def rule_text(rule: RuleSpec) -> str:
    """A rule on a line: in force or not, its name, what it compares and what it minds."""
    minds = [word for on, word in ((rule.ignore_case, "case ignored"), (not rule.ignore_case, "case counts"),
                                   (rule.ignore_blanks, "blanks ignored"), (rule.ignore_inactive, "active only"))
             if on]
    against = "" if rule.matching_type == rule.record_type else f" against {record_type(rule.matching_type).plural}"
    return (f"{'● on ' if rule.active else '○ off'}  {printable(rule.name)}  ·  "
            f"{record_type(rule.record_type).plural}{against}: {rule.conditions_text()}  ·  {', '.join(minds)}")


class SettingsScreen(Screen):
    CSS_PATH = own_styles(__name__)
    BINDINGS = bindings("settings")
    TABS = ("tab-names", "tab-labels", "tab-keys", "tab-rules", "tab-people", "tab-theme")
    FIRST = {"tab-names": "#names", "tab-labels": "#labels", "tab-keys": "#keys", "tab-rules": "#rules",
             "tab-people": "#people", "tab-theme": "#theme"}

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
            with TabPane("Duplicate rules", id="tab-rules"):
                yield Static("enter changes a rule · n a new one · space puts it in force or out · delete removes it "
                             "· the rules are the database's, shared by everyone using it", classes="settings-hint")
                yield Choices(id="rules")
            with TabPane("Users and teams", id="tab-people"):
                yield Static("who uses this database and their teams · teams and queues are made from the shell: "
                             "crm-tui team create NAME, crm-tui team add TEAM USER", classes="settings-hint")
                yield Choices(id="people")
            with TabPane("Theme", id="tab-theme"):
                yield Select([(name, name) for name in sorted(self.app.available_themes)], value=self.app.theme,
                             allow_blank=False, id="theme")
                yield Static("NO_COLOR=1 in the environment turns colour off whatever the theme.",
                             classes="settings-hint")
                yield Select([("First screen: the list", "list"), ("First screen: My day", "my_day")],
                             value=self.app.settings.start, allow_blank=False, id="start")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Settings"
        self.query_one("#settings-title", Static).update(
            "Settings · names, field labels, keys, duplicate rules and theme")
        self._fill()
        self._fill_rules()
        db_call(self, teams.people, on_success=self._show_people)
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

    def _show_people(self, found: list[tuple[str, str, bool, list[str]]]) -> None:
        width = max(20, self.app.size.width - 6)
        _refill(self.query_one("#people", OptionList), [
            (f"user-{n}", clip(f"{'●' if active else '○'} {printable(shown)} ({printable(username)})"
                               f"{'' if active else ' · inactive'}"
                               f"{' · ' + ', '.join(printable(t) for t in teams) if teams else ''}", width))
            for n, (shown, username, active, teams) in enumerate(found)])

    # -- duplicate rules: the database's -------------------------------------------------
    def _fill_rules(self) -> None:
        db_call(self, duplicates.rules, on_success=self._show_rules)

    def _show_rules(self, rules: list[RuleSpec]) -> None:
        self.rules = {str(rule.id): rule for rule in rules}
        width = max(20, self.app.size.width - 6)  # a rule a line, never wrapped
        _refill(self.query_one("#rules", OptionList), [(str(rule.id), clip(rule_text(rule), width)) for rule in rules])

    def _rule(self) -> RuleSpec | None:
        options = self.query_one("#rules", OptionList)
        if self.focused is not options or options.highlighted is None or not options.option_count:
            return None
        return getattr(self, "rules", {}).get(options.get_option_at_index(options.highlighted).id or "")

    def _edit_rule(self, rule: RuleSpec | None) -> None:
        from crm_tui.ui.screens.rule_editor import RuleEditorScreen

        self.app.push_screen(RuleEditorScreen(rule), lambda saved: self._fill_rules() if saved else None)

    def action_new_rule(self) -> None:
        if self.query_one(TabbedContent).active != "tab-rules":
            self.notify("New duplicate rules are made on the Duplicate rules tab ([ ] switch tabs)")
            return
        self._edit_rule(None)

    def action_toggle_rule(self) -> None:
        if (rule := self._rule()) is not None:
            db_call(self, duplicates.set_active, rule.id, not rule.active, on_success=lambda _: self._fill_rules(),
                    on_error=lambda error: self.notify(str(error), title="Not changed", severity="error"))

    def _delete_rule(self, rule: RuleSpec) -> None:
        from crm_tui.ui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                db_call(self, duplicates.delete_rule, rule.id, on_success=lambda _: self._fill_rules(),
                        on_error=lambda error: self.notify(str(error), title="Not removed", severity="error"))

        self.app.push_screen(ConfirmScreen(f"Remove the duplicate rule “{rule.name}”? Saves and imports stop "
                                           "checking it, for everyone.", "Remove", danger=True), answered)

    def _focused_list(self) -> OptionList | None:
        focused = self.focused
        return focused if isinstance(focused, OptionList) else None

    def action_change(self) -> None:
        options = self._focused_list()
        if options is None or options.highlighted is None:
            return
        option_id = options.get_option_at_index(options.highlighted).id or ""
        if options.id == "rules":
            self._edit_rule(self._rule())
            return
        if options.id == "people":
            return  # a list to read: teams change from the shell
        {"names": self._rename, "labels": self._relabel, "keys": self._rekey}[options.id](option_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_change()

    def action_reset(self) -> None:
        options = self._focused_list()
        if options is None or options.highlighted is None:
            return
        option_id = options.get_option_at_index(options.highlighted).id or ""
        if options.id == "rules":
            if (rule := self._rule()) is not None:
                self._delete_rule(rule)
            return
        if options.id == "people":
            return
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
        if event.select.id == "start" and event.value != self.settings.start:
            self.settings.start = str(event.value)
            self.app.save_settings()
            return
        if event.select.id == "theme" and event.value != self.app.theme:
            self.app.theme = str(event.value)  # the app saves the theme it is given
