"""The palette's record finder: what search everywhere finds, by the start of any word; and the
user's pinned and recent records, offered before anything is typed."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from crm_tui.core.types import record_type
from crm_tui.services import global_search
from crm_tui.services.database import connection
from crm_tui.services.hits import state_mark
from crm_tui.ui.text import printable


def _find(text: str) -> global_search.Results:
    with connection():
        return global_search.find(text, per_type=5)


class RecordCommands(Provider):
    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        self.app.ensure_connected()  # a palette opened the instant the app started
        hits = (await asyncio.to_thread(_find, query)).hits
        matcher = self.matcher(query)
        for position, hit in enumerate(hits):
            label = f"{record_type(hit.record_type).singular}: {printable(hit.title)}"
            state = state_mark(hit.state)
            # The database already matched; keep its order, above fuzzy command matches.
            score = max(matcher.match(label), 0.5) + (len(hits) - position) / 1000
            # Content, not a string: a string here would be read as markup.
            yield Hit(score, Content(label + state), partial(self.app.open_record, hit.record_type, hit.id),
                      text=label, help=Content(printable(hit.detail)) if hit.detail else None)


def _mine(user_id: int):
    from crm_tui.services import recent

    with connection():
        pinned, last = recent.both(user_id)
    return [*pinned, *(entry for entry in last if not entry.pinned)]


class RecentCommands(Provider):
    """Pinned records (★) and recent ones: listed in an empty palette, and matched as it is typed."""

    async def _entries(self):
        self.app.ensure_connected()
        return await asyncio.to_thread(_mine, self.app.actor.id)

    async def discover(self) -> Hits:
        for entry in await self._entries():
            label = f"{'★ ' if entry.pinned else ''}{printable(entry.title)}"
            yield DiscoveryHit(Content(label), partial(self.app.open_record, entry.record_type, entry.id),
                               text=label, help=Content("pinned" if entry.pinned else "opened lately"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in await self._entries():
            label = f"{'★ ' if entry.pinned else ''}{printable(entry.title)}"
            if (score := matcher.match(label)) > 0:
                yield Hit(score, Content(label), partial(self.app.open_record, entry.record_type, entry.id), text=label,
                          help=Content("pinned" if entry.pinned else "opened lately"))
