"""Type-ahead: every key is delivered in order, to where the user meant it.

Textual hands a key to the focused widget and checks the screen's and the app's keys only when
the key has bubbled back up, hop by hop. Keys typed fast overtake each other on the way: `tab`
then `x` puts the x in the field tab was leaving, and a key typed while a screen opens runs as a
command of the screen underneath. The gate takes every key (and paste) as it arrives and lets
the next one go only when

- the one before has finished: it has bubbled to the top, and what it set off (a dropdown's
  choice, a focus change) has been handled, every message queue of the screen empty; and
- the screen that will get it is ready: mounted, with none of the database calls it waits on
  (its record, a save, an action) still running. The screen's own `keys_on_hold()` can add
  what else it waits for (a list's first page).

Held keys wait as long as that takes, in order; nothing is dropped.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen
    from textual.worker import Worker

SETTLE_LIMIT = 0.25  # seconds: what a key sets off is waited for at most this long
SOFT_LIMIT = 5.0  # seconds: a key held for a screen's own reason (a page that never came) goes on
LOST_LIMIT = 2.0  # seconds: a key whose journey never ends (its widget went away) lets the next one go
POLL = 0.005  # seconds between looks while keys are held and nothing else wakes the gate


class KeyDelivered(Message):
    """Follows a key up the same chain of widgets, so it reaches the app once the key has."""

    def __init__(self, token: object) -> None:
        super().__init__()
        self.token = token


@dataclass
class KeyHold:
    """A database call a screen waits for before it takes the next key."""

    worker: Worker | None = None
    done: bool = False

    @property
    def finished(self) -> bool:
        return self.done or (self.worker is not None and self.worker.is_finished)


@dataclass
class _InFlight:
    token: object
    target: DOMNode
    since: float = field(default_factory=time.monotonic)


def hold_keys(*screens: Screen) -> KeyHold:
    """Keys for these screens wait until the returned hold is done (or its worker has finished)."""
    hold = KeyHold()
    for screen in dict.fromkeys(screens):
        screen.__dict__.setdefault("_key_holds", []).append(hold)
    return hold


def holds_keys(screen: Screen) -> bool:
    holds = [hold for hold in screen.__dict__.get("_key_holds", ()) if not hold.finished]
    screen.__dict__["_key_holds"] = holds
    return bool(holds)


def screen_ready(screen: Screen) -> bool | None:
    """True: ready for the next key. False: mounting, or waiting on a database call (which always
    ends). None: the screen or its focused widget holds keys for a reason of its own (a list's
    first page), which the gate waits for only so long."""
    if not screen.is_mounted or holds_keys(screen):
        return False
    for node in (screen, screen.focused):
        on_hold = getattr(node, "keys_on_hold", None)
        if on_hold is not None and on_hold():
            return None
    return True


class KeyGate:
    """Owned by the app; `CrmApp.on_event` hands it every key and paste from the terminal."""

    def __init__(self, app: App, deliver) -> None:
        self.app = app
        self._deliver = deliver  # Textual's own handling of one input event
        self.pending: deque[tuple[events.Event, float]] = deque()  # with when each arrived
        self.in_flight: _InFlight | None = None
        self._pumping = False
        self._poll_timer = None
        self._settling: asyncio.Task | None = None
        self.last_arrival = 0.0  # time.monotonic() of the last key or paste from the terminal

    @property
    def idle(self) -> bool:
        """Nothing held and nothing on its way."""
        return not self.pending and self.in_flight is None

    async def arrive(self, event: events.Event) -> None:
        self.last_arrival = time.monotonic()
        self.pending.append((event, self.last_arrival))
        await self.pump()

    def wake(self) -> None:
        """Something a held key may wait for has changed (a worker ended): look again soon."""
        if self.pending:
            self.app.call_later(self.pump)

    async def pump(self) -> None:
        if self._pumping:
            return
        self._pumping = True
        try:
            while self.pending and self._may_deliver():
                if not self._quiet():  # a focus change or a mount still on its way: it goes first
                    self.in_flight = _InFlight(object(), self.app)
                    self._start_settling(self.in_flight.token)
                    return
                event, _arrived = self.pending.popleft()
                await self._deliver(event)
                if event.is_forwarded:  # it went to a widget: follow it up the chain
                    target = self.app.focused or self.app.screen
                    token = object()
                    if target.post_message(KeyDelivered(token)):
                        self.in_flight = _InFlight(token, target)
                else:  # a priority key ran its action here: what it started settles first
                    self.in_flight = _InFlight(object(), self.app)
                    self._start_settling(self.in_flight.token)
        finally:
            self._pumping = False
        self._poll_if_needed()

    def _may_deliver(self) -> bool:
        flight = self.in_flight
        if flight is not None:
            lost = not (flight.target is self.app or flight.target.is_attached)
            if not lost and time.monotonic() - flight.since < LOST_LIMIT:
                return False
            self.in_flight = None
        try:
            ready = screen_ready(self.app.screen)
        except Exception:  # no screen yet (starting) or none left (closing)
            return False
        if ready is None:
            return time.monotonic() - self.pending[0][1] > SOFT_LIMIT
        return ready

    def _poll_if_needed(self) -> None:
        if self.pending and self._poll_timer is None:
            self._poll_timer = self.app.set_timer(POLL, self._poll)

    async def _poll(self) -> None:
        self._poll_timer = None
        await self.pump()

    def delivered(self, message: KeyDelivered) -> None:
        """The marker reached the app: the key has been handled all the way up."""
        if self.in_flight is not None and message.token is self.in_flight.token:
            self._start_settling(message.token)

    def _start_settling(self, token: object) -> None:
        # A task of its own: the app's queue must go on handling what the key set off.
        self._settling = asyncio.get_running_loop().create_task(self._settle(token))

    async def _settle(self, token: object) -> None:
        """Let what the key set off be handled (messages it posted, focus it moved) before the next."""
        deadline = time.monotonic() + SETTLE_LIMIT
        while time.monotonic() < deadline and not self._quiet():
            await asyncio.sleep(0)
        if self.in_flight is not None and self.in_flight.token is token:
            self.in_flight = None
        await self.pump()

    def _quiet(self) -> bool:
        try:
            nodes = self.app.screen.walk_children(with_self=True)
        except Exception:
            return True
        return self.app._message_queue.empty() and all(node._message_queue.empty() for node in nodes)
