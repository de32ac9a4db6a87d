"""The palette's record finder: accounts and contacts by the start of a name."""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content

from crm_tui.services import search
from crm_tui.services.database import connection
from crm_tui.services.record_types import record_type
from crm_tui.ui.text import printable


def _find(text: str) -> list[search.Hit]:
    with connection():
        return search.find_records(text, limit=8)


class RecordCommands(Provider):
    async def search(self, query: str) -> Hits:
        if len(query.strip()) < 2:
            return
        hits = await asyncio.to_thread(_find, query)
        matcher = self.matcher(query)
        for position, hit in enumerate(hits):
            label = f"{record_type(hit.record_type).singular}: {printable(hit.title)}"
            state = "" if hit.state == "active" else " (inactive)"
            # The database already matched; keep its order, above fuzzy command matches.
            score = max(matcher.match(label), 0.5) + (len(hits) - position) / 1000
            # Content, not a string: a string here would be read as markup.
            yield Hit(score, Content(label + state), partial(self.app.open_record, hit.record_type, hit.id),
                      text=label, help=Content(printable(hit.detail)) if hit.detail else None)
