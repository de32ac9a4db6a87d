"""A case's own actions on its record screen that ask first: resolve, cancel, merge; and a new
case from a customer. (An action that only runs its operation needs no code: StatusActions.operate.)"""

from __future__ import annotations

from crm_tui.core.types import noun
from crm_tui.services import record_detail, search
from crm_tui.services.hits import Hit
from crm_tui.ui.dbwork import db_call
from crm_tui.ui.screens.dialogs import ConfirmScreen
from crm_tui.ui.screens.picker import PickerScreen
from crm_tui.ui.screens.record_sales import StatusActions
from crm_tui.ui.screens.sales_dialogs import refusal
from crm_tui.ui.screens.service_dialogs import ResolveScreen


class ServiceActions(StatusActions):
    # -- cases ---------------------------------------------------------------------------------
    def action_resolve_case(self) -> None:
        if self._unsaved():
            return
        db_call(self, record_detail.resolve_preview, self.record_id, on_success=self._ask_resolution, holds_keys=True)

    def _ask_resolution(self, preview: tuple[int, int]) -> None:
        open_activities, open_children = preview
        self.app.push_dialog(ResolveScreen, self.record_id, self.detail.title, open_activities, open_children,
                             callback=lambda detail: self._show_closed(detail, "Resolved") if detail else None)

    def action_cancel_case(self) -> None:
        if self._unsaved():
            return
        self.app.push_screen(
            ConfirmScreen(f"Cancel {noun('case')} {self.detail.title}? It stays on record as Cancelled; r reactivates it.",
                          f"Cancel {noun('case')}", danger=True),
            lambda yes: self._run_declared("record.cancel_case") if yes else None)

    def action_merge_case(self) -> None:
        if self._unsaved():
            return
        own_id = self.record_id
        self.app.push_screen(
            PickerScreen(f"Merge {self.detail.title} into which active {noun('case')}? (number or title)",
                         lambda text: search.find_cases(text, limit=30, exclude_id=own_id, active_only=True)),
            self._confirm_merge)

    def _confirm_merge(self, target: Hit | None) -> None:
        if target is None or not target.id:
            return
        question = (f"Merge {self.detail.title} into {target.title}? Its activities, notes and child {noun('case', True)} "
                    f"move there, and this {noun('case')} is cancelled as Merged.")

        def merge() -> None:
            db_call(self, record_detail.status_action, self.app.actor, "case", self.record_id, "merge", target.id,
                    on_success=lambda _detail: self._merged(target),
                    on_error=lambda error: self.notify(refusal(error), title="Not merged", severity="warning"),
                    holds_keys=True)

        self.app.push_screen(ConfirmScreen(question, "Merge"), lambda yes: merge() if yes else None)

    def _merged(self, target: Hit) -> None:
        self.notify(f"Merged into {target.title}")
        self.app.replace_with_record("case", target.id)

    def action_new_case(self) -> None:
        """A case for this customer: a contact in an account opens it for the account, with them as contact."""
        if self.rt.key == "account":
            defaults = {"customer": ("account", self.record_id)}
        else:
            account_id = self.refs.get("parent_customer", (None, ""))[0]
            defaults = ({"customer": ("account", account_id), "contact": self.record_id} if account_id
                        else {"customer": ("contact", self.record_id)})
        self.app.new_record("case", defaults=defaults)
