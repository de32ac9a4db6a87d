"""The terminal driver's input thread: escape acts in 10 ms, not in 100 to 200, and a terminal
that has gone away ends the app.

A terminal sends escape as the byte ESC, which also starts every key sequence (an arrow is
ESC [ A), so a lone ESC is taken as escape only when nothing follows it for a moment: Textual's
ESCAPE_DELAY, which we set to 10 ms (crm_tui.startup.launch; ESCDELAY overrides). But Textual's input
thread looks at that timeout only when its wait for input ends, and it waits up to 100 ms: a
lone escape took 100-200 ms, and every "back" paid it. The input thread's wait is capped here
so the timeout is seen when it falls due, for a moment after each input (idle, the app wakes as
seldom as before).

When the terminal goes away and no hang-up signal reaches the app (run under nohup or a
wrapper), its input reads as ready forever with nothing in it: Textual's input thread then spins
(~70% of a core) and the app never ends. The selector notices (ready, yet no byte to read) and
calls the hang-up callback, which ends the app.

Escape and the key after it can come in one read (a fast typist, a busy SSH link, a terminal
that batches its writes). Textual's parser reads ESC n as alt+n, ESC 1 as "¡" and ESC / as "/"
with the escape dropped, so "back, then n" ran n on the screen it meant to leave. Nothing in
the app binds alt and a printable key, so ESC and a printable key is read as escape, then that
key. The exceptions: ESC [ and ESC O begin the terminal's own sequences (arrows, mouse,
replies), and ESC b / ESC f are the readline word moves (alt+b, alt+f), kept where they mean
something: while a text field has focus.
"""

from __future__ import annotations

import fcntl
import selectors
import struct
import termios
import time
from types import SimpleNamespace
from typing import Callable, Iterable

from textual import events
from textual._xterm_parser import XTermParser

INPUT_POLL = 0.002  # seconds: the longest the input thread waits, just after input, before it looks at the clock
RECENT = 0.3  # seconds after input during which it waits that little (idle, it keeps Textual's 100 ms)


def _waiting_bytes(fd: int) -> int | None:
    try:
        return struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
    except OSError:
        return None  # the terminal is gone


class _PromptSelector(selectors.SelectSelector):
    last_input = 0.0
    on_hangup: Callable[[], None] | None = None
    _empty_reads = 0

    def select(self, timeout: float | None = None):
        if time.monotonic() - self.last_input < RECENT and (timeout is None or timeout > INPUT_POLL):
            timeout = INPUT_POLL
        ready = super().select(timeout)
        if ready:
            self.last_input = time.monotonic()
            self._notice_hangup(ready)
        return ready

    def _notice_hangup(self, ready) -> None:
        if not any(not _waiting_bytes(key.fd) for key, _mask in ready):
            self._empty_reads = 0
            return
        self._empty_reads += 1
        if self._empty_reads == 3 and _PromptSelector.on_hangup is not None:  # ready three times, nothing there
            _PromptSelector.on_hangup()


ESC = "\x1b"
SEQUENCE_STARTS = "[O"  # ESC and one of these begins a sequence the terminal sends, not a key
WORD_MOVES = "bf"  # ESC b, ESC f: alt+b and alt+f, word left and right in a text field
ENTERS = "\r\n"  # ESC enter: back, then open (both were lost: nothing binds alt+enter)


class KeyParser(XTermParser):
    """Textual's terminal parser, reading escape typed together with the next key as two keys."""

    text_has_focus: Callable[[], bool] = staticmethod(lambda: False)

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if self._escape_then_key(sequence):
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
            return
        yield from super()._sequence_to_key_events(sequence, alt)

    def _escape_then_key(self, sequence: str) -> bool:
        if len(sequence) != 2 or sequence[0] != ESC:
            return False
        if sequence[1] in ENTERS:
            return True
        if not sequence[1].isprintable():
            return False
        key = sequence[1]
        if key in SEQUENCE_STARTS:
            return False
        return not (key in WORD_MOVES and KeyParser.text_has_focus())


def prompt_escape(on_hangup: Callable[[], None] | None = None,
                  text_has_focus: Callable[[], bool] | None = None) -> None:
    """Make the terminal driver's input thread wait at most INPUT_POLL (Linux and macOS driver),
    call on_hangup (from that thread) if the terminal goes away, and read escape typed with the
    next key as two keys (text_has_focus, asked from that thread, keeps alt+b and alt+f)."""
    _PromptSelector.on_hangup = on_hangup
    if text_has_focus is not None:
        KeyParser.text_has_focus = staticmethod(text_has_focus)
    try:
        from textual.drivers import linux_driver
    except ImportError:  # another platform's driver: it has its own loop
        return
    linux_driver.XTermParser = KeyParser
    linux_driver.selectors = SimpleNamespace(SelectSelector=_PromptSelector, EVENT_READ=selectors.EVENT_READ,
                                             SelectorKey=selectors.SelectorKey)
