"""The questions a sale asks: why it was lost or disqualified, what it was won for, and
which existing records a lead already is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from crm_tui.core.types import noun, singular
from crm_tui.services import record_detail
from crm_tui.services.errors import ServiceError, ValidationError
from crm_tui.services.record_detail import Detail
from crm_tui.services.sales.qualify import Duplicates, Match
from crm_tui.ui.bindings import bindings
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialog import Dialog
from crm_tui.ui.screens.kept import StylesKept
from crm_tui.ui.text import option, plain, printable
from crm_tui.ui.widgets.choices import Choices
from crm_tui.ui.widgets.form import ErrorLine


class ReasonScreen(StylesKept, Dialog[str | None]):
    """Pick one reason: up/down and enter, or its number."""

    BINDINGS = bindings("reason")

    def __init__(self, question: str, reasons: tuple[str, ...]):
        super().__init__()
        self.question, self.reasons = question, reasons

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog reason"):
            yield Static(plain(self.question), classes="dialog-text", id="reason-question")
            yield Choices(*self._options(), id="reasons")
            yield Static("enter chooses · 1-9 by number · esc cancels", classes="dialog-hint")

    def _options(self) -> list[Option]:
        return [option(f"{n}  {r}", id=r) for n, r in enumerate(self.reasons, start=1)]

    def reset(self, question: str, reasons: tuple[str, ...]) -> None:
        """Another question: the app keeps one (ui/app.kept_screen)."""
        self.question, self.reasons = question, reasons
        self.query_one("#reason-question", Static).update(plain(question))
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = 0
        self.set_focus(options)

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.reasons):
            event.stop()
            self.dismiss(self.reasons[int(event.character) - 1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class CloseWonScreen(StylesKept, Dialog[Detail | None]):
    """Close as won: the actual revenue (the estimate to start with) and the close date (today).

    A value the service refuses is shown here, with what was typed kept.
    """

    BINDINGS = bindings("won")

    def __init__(self, topic: str, estimate: str, opportunity_id: int):
        super().__init__()
        self.topic, self.estimate, self.opportunity_id = topic, estimate, opportunity_id

    def reset(self, topic: str, estimate: str, opportunity_id: int) -> None:
        """Another deal: the app keeps one (ui/app.kept_screen)."""
        self.topic, self.estimate, self.opportunity_id = topic, estimate, opportunity_id
        self.query_one("#won-title", Static).update(plain(f"Close “{topic}” as won"))
        self.query_one("#won-revenue", Input).value = estimate
        self.query_one("#won-date", Input).value = "today"
        self.query_one("#won-error", ErrorLine).say("")
        self.set_focus(self.query_one("#won-revenue", Input))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog filter"):
            yield Static(plain(f"Close “{self.topic}” as won"), classes="dialog-title", id="won-title")
            with Horizontal(classes="filter-line"):
                yield Label("Revenue", classes="filter-label")
                yield Input(self.estimate, placeholder="actual revenue", id="won-revenue")
            with Horizontal(classes="filter-line"):
                yield Label("Closed on", classes="filter-label")
                yield Input("today", placeholder="2026-03-31, today", id="won-date")
            yield ErrorLine(id="won-error")
            yield Static("enter or ctrl+s closes it as won · tab moves · esc cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_close_won()

    def show_error(self, message: str) -> None:
        self.query_one("#won-error", ErrorLine).say(message)

    def action_close_won(self) -> None:
        db_call(self, record_detail.status_action, self.app.actor, "opportunity", self.opportunity_id, "close_won",
                self.query_one("#won-revenue", Input).value, self.query_one("#won-date", Input).value,
                on_success=self.dismiss,
                on_error=lambda error: self.show_error(refusal(error)),
                group="close", exclusive=True, holds_keys=True)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def _choices(make_new: str, matches: list[Match]) -> list[Option]:
    """"Make a new one" first, then each existing record that may be the same."""
    return [option(make_new, id="new"),
            *[option(f"Use {m.title}" + (f" · {m.detail}" if m.detail else ""), id=str(m.id))
              for m in matches]]


def refusal(error: ServiceError) -> str:
    """What a refused action says: the record-wide message, else every field's."""
    if isinstance(error, ValidationError):
        return error.errors.get("") or "; ".join(error.errors.values())
    return str(error)


class DuplicatesScreen(StylesKept, Dialog[tuple[int | None, int | None] | None]):
    """Qualifying a lead, asked first: what it will make, and, where the lead may already be in
    the CRM, the existing account and contact to use instead. It opens even when nothing is
    found, so a stray Q never makes records by itself.

    Returns (account id, contact id), None for "make a new one"; None when cancelled.
    """

    BINDINGS = bindings("duplicates")

    def __init__(self, found: Duplicates, company: str, person: str):
        super().__init__()
        self.found, self.company, self.person = found, company, person

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog duplicates"):
            yield Static(id="dup-question", classes="dialog-text")
            yield Static(singular("account"), classes="dialog-title", id="dup-accounts-title")
            yield Choices(id="dup-accounts")
            yield Static(singular("contact"), classes="dialog-title")
            yield Choices(id="dup-contacts")
            yield Static(id="dup-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._show()

    def reset(self, found: Duplicates, company: str, person: str) -> None:
        """Another lead: the app keeps one (ui/app.kept_screen)."""
        self.found, self.company, self.person = found, company, person
        self._show()

    def _show(self) -> None:
        found = self.found
        if found.found:
            question = f"This {noun('lead')} may already be in the CRM. Use what is there, or make new records."
        else:
            made = [f"a new {noun('contact')} “{self.person}”", f"an open {noun('opportunity')}"]
            if self.company:
                made.insert(0, f"a new {noun('account')} “{self.company}”")
            question = (f"Qualify this {noun('lead')}? It makes {', '.join(made[:-1])} and {made[-1]}; "
                        f"the {noun('lead')} becomes read-only. Nothing like them is in the CRM yet.")
        self.query_one("#dup-question", Static).update(plain(question))
        self.query_one("#dup-hint", Static).update("↑↓ choose · tab next list · enter qualifies · esc cancels"
                                                   if found.found else "enter qualifies · esc cancels")
        # The accounts only when one may be this lead's: otherwise a new one is made (if it has a company).
        for list_id, make_new, matches, shown in (
                ("dup-accounts", f"Make a new {noun('account')} “{printable(self.company)}”", found.accounts,
                 bool(found.accounts)),
                ("dup-contacts", f"Make a new {noun('contact')} “{printable(self.person)}”", found.contacts, True)):
            options = self.query_one(f"#{list_id}", OptionList)
            options.clear_options()
            options.add_options(_choices(make_new, matches))
            options.highlighted = 1 if options.option_count > 1 else 0  # the likely duplicate first
            options.display = shown
        self.query_one("#dup-accounts-title").display = bool(found.accounts)
        self.set_focus(self.query_one("#dup-accounts" if found.accounts else "#dup-contacts", OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_qualify()

    def _choice(self, list_id: str) -> int | None:
        options = self.query_one(f"#{list_id}", OptionList)
        if not options.display:
            return None
        option = options.get_option_at_index(options.highlighted or 0)
        return None if option.id == "new" else int(option.id)

    def action_qualify(self) -> None:
        self.dismiss((self._choice("dup-accounts"), self._choice("dup-contacts")))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
