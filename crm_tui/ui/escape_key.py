"""escape acts in 25 ms, not in 100 to 200.

A terminal sends escape as the byte ESC, which also starts every key sequence (an arrow is
ESC [ A), so a lone ESC is taken as escape only when nothing follows it for a moment: Textual's
ESCAPE_DELAY, which we set to 25 ms (crm_tui.launch; ESCDELAY overrides). But Textual's input
thread looks at that timeout only when its wait for input ends, and it waits up to 100 ms: a
lone escape took 100-200 ms, and every "back" paid it. The input thread's wait is capped here
so the timeout is seen when it falls due, for a moment after each input (idle, the app wakes as
seldom as before).
"""

from __future__ import annotations

import selectors
import time
from types import SimpleNamespace

INPUT_POLL = 0.01  # seconds: the longest the input thread waits, just after input, before it looks at the clock
RECENT = 0.3  # seconds after input during which it waits that little (idle, it keeps Textual's 100 ms)


class _PromptSelector(selectors.SelectSelector):
    last_input = 0.0

    def select(self, timeout: float | None = None):
        if time.monotonic() - self.last_input < RECENT and (timeout is None or timeout > INPUT_POLL):
            timeout = INPUT_POLL
        ready = super().select(timeout)
        if ready:
            self.last_input = time.monotonic()
        return ready


def prompt_escape() -> None:
    """Make the terminal driver's input thread wait at most INPUT_POLL (Linux and macOS driver)."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # another platform's driver: it has its own loop
        return
    linux_driver.selectors = SimpleNamespace(SelectSelector=_PromptSelector, EVENT_READ=selectors.EVENT_READ,
                                             SelectorKey=selectors.SelectorKey)
