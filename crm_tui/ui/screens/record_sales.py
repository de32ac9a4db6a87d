"""A lead's and an opportunity's own actions on their record screen: qualify, disqualify,
reactivate; close as won or lost, reopen."""

from __future__ import annotations

from typing import Any

from crm_tui.core import actions
from crm_tui.core.record_type import in_our_words
from crm_tui.core.types import noun
from crm_tui.core.types.lead import LEAD_DISQUALIFIED, LEAD_REASONS
from crm_tui.core.types.opportunity import OPP_LOST, OPPORTUNITY_REASONS
from crm_tui.services import record_detail
from crm_tui.services.record_detail import Detail
from crm_tui.services.sales import qualify
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.sales_dialogs import (
    CloseWonScreen,
    DuplicatesScreen,
    ReasonScreen,
    refusal,
)


class StatusActions:
    """What a record's own actions share. Mixed into the record screen (which provides detail,
    record_id, is_dirty, _populate...)."""

    detail: Detail | None
    record_id: int | None

    def _unsaved(self) -> bool:
        if self.is_dirty:
            self.notify("Save (ctrl+s) or discard your changes first", severity="warning")
            return True
        return False

    def _run_status(self, action: str, *args: Any, said: str) -> None:
        db_call(self, record_detail.status_action, self.app.actor, self.rt.key, self.record_id, action, *args,
                on_success=lambda detail: self._show_closed(detail, said),
                on_error=lambda error: self.notify(refusal(error), title="Not done", severity="warning"),
                holds_keys=True)

    def action_operate(self, action_id: str) -> None:
        """An action that runs its service operation as declared (no dialog first)."""
        if actions.BY_ID[action_id].keep_edits or not self._unsaved():
            self._run_declared(action_id)

    def _run_declared(self, action_id: str) -> None:
        """The declared operation of an action, saying what it declares once done."""
        action = actions.BY_ID[action_id]
        self._run_status(action.operation, said=in_our_words(action.done))

    def _show_closed(self, detail: Detail, said: str) -> None:
        """The record after its action, what was done, and any warning it gave."""
        self._populate(detail)
        self._reload_timeline()
        self.notify(said)
        for notice in detail.notices:
            self.notify(notice, severity="warning", timeout=10)


class SalesActions(StatusActions):

    def _ask_reason(self, question: str, reasons: tuple[str, ...], then) -> None:
        """The reason dialog (kept, like every dialog asked often), then `then(reason)` if one was picked."""
        self.app.push_dialog(ReasonScreen, question, reasons, callback=lambda reason: then(reason) if reason else None)

    # -- leads -------------------------------------------------------------------------------
    def action_qualify(self) -> None:
        if self._unsaved():
            return
        db_call(self, qualify.duplicates, self.record_id, on_success=self._choose_and_qualify, holds_keys=True)

    def _choose_and_qualify(self, found: qualify.Duplicates) -> None:
        texts = self.detail.texts
        person = " ".join(p for p in (texts.get("first_name"), texts.get("last_name")) if p)
        self.app.push_dialog(DuplicatesScreen, found, texts.get("company_name", ""), person,
                             callback=lambda choice: self._qualify(*choice) if choice else None)

    def _qualify(self, account_id: int | None, contact_id: int | None) -> None:
        db_call(self, qualify.qualify, self.app.actor, self.record_id, account_id, contact_id,
                on_success=self._qualified,
                on_error=lambda error: self.notify(refusal(error), title="Not qualified", severity="error"),
                holds_keys=True)

    def _qualified(self, done: qualify.Qualified) -> None:
        made = f"{noun('account')}, {noun('contact')}" if done.account_id else noun("contact")
        self.notify(f"Qualified: the {made} and this {noun('opportunity')} are ready")
        self.app.replace_with_record("opportunity", done.opportunity_id)

    def action_disqualify(self) -> None:
        if self._unsaved():
            return
        self._ask_reason(f"Why is “{self.detail.title}” disqualified?", LEAD_REASONS[LEAD_DISQUALIFIED],
                         lambda reason: self._run_status("disqualify", reason, said=f"Disqualified: {reason}"))

    # -- opportunities -------------------------------------------------------------------------
    def action_close_won(self) -> None:
        if self._unsaved():
            return
        estimate = self.detail.texts.get("estimated_revenue", "")
        self.app.push_dialog(CloseWonScreen, self.detail.title, estimate.replace(",", ""), self.record_id,
                             callback=lambda detail: self._show_closed(detail, "Won") if detail else None)

    def action_close_lost(self) -> None:
        if self._unsaved():
            return
        self._ask_reason(f"Why was “{self.detail.title}” lost?", OPPORTUNITY_REASONS[OPP_LOST],
                         lambda reason: self._run_status("close_lost", reason, said=f"Lost: {reason}"))

