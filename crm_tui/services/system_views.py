"""The system's own views of each list (Active Accounts, My Open Opportunities...): which rows
each shows and what it is called. Plain Python: the first frame titles its list with these
before the database layer has been imported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crm_tui.core.list_types import ListQuery
from crm_tui.core.record_type import RecordType
from crm_tui.core.types import RECORD_TYPES, record_type
from crm_tui.core.types.activity import MY_ACTIVITIES


@dataclass(frozen=True)
class SystemView:
    key: str
    name: str  # {plural} is the record type's configured plural
    state: str | None
    mine: bool = False
    sla_queue: bool = False  # cases nearing or past their SLA, most urgent first

    def title(self, record_type_key: str) -> str:
        if record_type_key == MY_ACTIVITIES:
            return self.name
        return self.name.format(plural=record_type(record_type_key).plural)


def _standard(rt: RecordType) -> tuple[SystemView, ...]:
    """A list in its first state, mine of it (if people own the records), each other state, all."""
    first, *others = rt.states
    mine = (SystemView(f"my_{first.key}", f"My {first.label} {{plural}}", first.key, mine=True),) if rt.owned else ()
    sla = (SystemView("sla", "{plural} nearing or past SLA", first.key, sla_queue=True),) if rt.key == "case" else ()
    return (SystemView(first.key, f"{first.label} {{plural}}", first.key), *mine, *sla,
            *(SystemView(state.key, f"{state.label} {{plural}}", state.key) for state in others),
            SystemView("all", "All {plural}", None))


SYSTEM_VIEWS: dict[str, tuple[SystemView, ...]] = {
    **{rt.key: _standard(rt) for rt in RECORD_TYPES},
    MY_ACTIVITIES: (SystemView("mine", "My Activities", "open", mine=True),),
}


def system_views(record_type_key: str) -> tuple[SystemView, ...]:
    return SYSTEM_VIEWS[record_type_key]


def matching_view(record_type_key: str, state: str | None, mine: bool, sla_queue: bool) -> SystemView | None:
    """The system view a list's state, mine and SLA settings amount to, if one does."""
    for view in SYSTEM_VIEWS[record_type_key]:
        if (view.state, view.mine, view.sla_queue) == (state, mine, sla_queue):
            return view
    return None


def list_query(record_type_key: str, state: str | None, mine: bool, sla_queue: bool, actor_id: int,
               find: str = "", today: dt.date | None = None) -> ListQuery:
    """The rows a list shows for a record type in a state, mine or everyone's (what a system view is)."""
    if record_type_key == MY_ACTIVITIES:
        return ListQuery(MY_ACTIVITIES, owner_id=actor_id, today=today or dt.date.today())
    source = record_type_key
    if record_type_key == "case":  # cases open as a queue: by priority, oldest first
        source = "case_sla" if sla_queue else ("case_queue" if state == "active" and not find.strip() else "case")
    return ListQuery(source, state="active" if sla_queue else state, find=find,
                     owner_id=actor_id if mine else None)


def system_query(record_type_key: str, view: SystemView, actor_id: int, find: str = "") -> ListQuery:
    return list_query(record_type_key, view.state, view.mine, view.sla_queue, actor_id, find)
