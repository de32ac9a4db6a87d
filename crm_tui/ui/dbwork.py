"""Running service calls off the UI thread, each with its own database connection."""

from __future__ import annotations

import time
import traceback
from typing import Any, Callable

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker

from crm_tui.services.errors import ServiceError
from crm_tui.ui.keys import hold_keys


def db_call(
    node: DOMNode,
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[ServiceError], None] | None = None,
    group: str = "db",
    exclusive: bool = False,
    delay: float = 0.0,
    holds_keys: bool = False,
) -> Worker:
    """Run fn(*args) in a thread worker; hand the result or the error back on the UI thread.

    exclusive=True cancels the group's older calls, and their results are dropped:
    with a small delay that is find-as-you-type, where only the newest keystroke counts.
    holds_keys=True: keys for node's screen wait until the result has been shown (a record
    being opened, a save, an action), so the next key meets the screen as it will be.
    """
    app = node.app
    app.ensure_connected()  # a key pressed before the app finished starting
    # The current screen holds keys too: a screen loads its record before it is shown.
    hold = hold_keys(node.screen, app.screen) if holds_keys else None

    def deliver(callback: Callable[[Any], None], value: Any) -> None:
        if not (node.is_attached or node is app):
            return
        try:
            callback(value)
        except Exception as error:  # a bug in the screen: say so instead of failing silently
            app.log.error(traceback.format_exc())
            app.notify(f"{type(error).__name__}: {error}", title="Error", severity="error")

    def job() -> None:
        try:
            run()
        finally:
            if hold is not None:
                hold.done = True
            gate = getattr(app, "key_gate", None)
            if gate is not None and gate.pending:
                try:
                    app.call_from_thread(gate.wake)
                except RuntimeError:  # the app is closing
                    pass

    def run() -> None:
        from crm_tui.services.database import connection

        worker = get_current_worker()
        if delay:
            time.sleep(delay)
            if worker.is_cancelled:
                return
        try:
            with connection():
                result = fn(*args)
        except ServiceError as error:
            if not worker.is_cancelled:
                if on_error is None:
                    app.call_from_thread(app.notify, str(error), title="Not done", severity="error")
                else:
                    app.call_from_thread(deliver, on_error, error)
            return
        except Exception as error:  # a bug, not a rule: say so rather than fail silently
            app.call_from_thread(app.notify, f"{type(error).__name__}: {error}", title="Error", severity="error")
            raise
        if not worker.is_cancelled and on_success is not None:
            app.call_from_thread(deliver, on_success, result)

    worker = node.run_worker(job, thread=True, group=group, exclusive=exclusive, exit_on_error=False)
    if hold is not None:
        hold.worker = worker
    return worker
