"""The JSON interchange format (docs/format.md): the whole journal, losslessly.

Export then import into an empty journal gives back the same journal. Every record
carries its `uid`; importing into a journal that has records merges (see `merge`):
the same record is kept once, in its newer version, and nobody's text is dropped.
"""

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorjournal import clock
from mentorjournal.db import write
from mentorjournal.io.entry_merge import EntrySection
from mentorjournal.io.merge import Summary
from mentorjournal.io.records import ImportRefused, Record, parse_json
from mentorjournal.io.sections import Sections
from mentorjournal.models import (
    Action,
    ActionCompletion,
    BlockOccurrence,
    DayNote,
    Entry,
    EntryTag,
    Group,
    LedgerEntry,
    Person,
    Step,
    StepNote,
    TimeBlock,
)

__all__ = [
    "ImportRefused",
    "Summary",
    "check",
    "dumps",
    "export_journal",
    "import_journal",
    "loads",
]

FORMAT, VERSION = "mentorjournal", 1
SECTIONS = ("steps", "actions", "entries", "time_blocks", "people", "ledger", "groups")
SECTIONS += ("day_notes",)


# Out: dates and times as ISO 8601, with offsets


def _local(moment: datetime) -> str:
    """A naive local time with this machine's offset."""
    return moment.astimezone().isoformat()


def _in_zone(moment: datetime, zone: str) -> str:
    return moment.replace(tzinfo=ZoneInfo(zone)).isoformat()


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def export_journal(now: datetime | None = None) -> dict[str, Any]:
    """The whole journal as the interchange dictionary."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _local(now or clock.now()),
        "steps": _steps(),
        "actions": _actions(),
        "entries": _entries(),
        "time_blocks": _blocks(),
        "people": [_person(p) for p in Person.select().order_by(Person.id)],
        "ledger": [_ledger_line(x) for x in LedgerEntry.select().order_by(LedgerEntry.id)],
        "groups": [_group(g) for g in Group.select().order_by(Group.id)],
        "day_notes": [_day_note(n) for n in DayNote.select().order_by(DayNote.day, DayNote.id)],
    }


def _steps() -> list[dict]:
    notes = list(StepNote.select().order_by(StepNote.step, StepNote.topic, StepNote.day))
    latest = {(n.step_id, n.topic): n.text for n in notes}
    return [
        {
            "number": step.number,
            "title": step.title,
            "notes": {
                topic: text for (number, topic), text in latest.items() if number == step.number
            },
            "note_history": [_note(n) for n in notes if n.step_id == step.number],
        }
        for step in Step.select().order_by(Step.number)
    ]


def _note(n: StepNote) -> dict:
    return {
        "uid": n.uid,
        "topic": n.topic,
        "day": n.day.isoformat(),
        "text": n.text,
        "saved_at": _local(n.saved_at),
        "revision": n.revision,
    }


def _actions() -> list[dict]:
    ticks: dict[int, list[dict]] = {}
    for row in ActionCompletion.select().order_by(ActionCompletion.week):
        tick = {"uid": row.uid, "week": row.week.isoformat(), "done_at": _local(row.done_at)}
        ticks.setdefault(row.action_id, []).append(tick)
    return [
        {
            "id": a.id,
            "uid": a.uid,
            "step": a.step_id,
            "text": a.text,
            "cadence": a.cadence,
            "position": a.position,
            "archived": a.archived_on is not None,
            "archived_on": _day(a.archived_on),
            "created_on": a.created_on.isoformat(),
            "updated_at": _local(a.updated_at),
            "done": ticks.get(a.id, []),
        }
        for a in Action.select().order_by(Action.id)
    ]


def _entries() -> list[dict]:
    tags: dict[int, list[str]] = {}
    for row in EntryTag.select().order_by(EntryTag.id):
        tags.setdefault(row.entry_id, []).append(row.name)
    return [
        {
            "id": e.id,
            "uid": e.uid,
            "day": e.day.isoformat(),
            "written_at": _local(e.written_at),
            "updated_at": _local(e.updated_at),
            "title": e.title,
            "body": e.body,
            "step": e.step_id,
            "tags": tags.get(e.id, []),
            "revision": e.revision,
            "merged_revision": e.merged_revision,
        }
        for e in Entry.select().order_by(Entry.id)
    ]


def _blocks() -> list[dict]:
    changed: dict[int, list[dict]] = {}
    zones = dict(TimeBlock.select(TimeBlock.id, TimeBlock.tz).tuples())
    for row in BlockOccurrence.select().order_by(BlockOccurrence.original_start):
        changed.setdefault(row.block_id, []).append(_occurrence(row, zones[row.block_id]))
    return [_block(b, changed.get(b.id, [])) for b in TimeBlock.select().order_by(TimeBlock.id)]


def _occurrence(row: BlockOccurrence, zone: str) -> dict:
    return {
        "uid": row.uid,
        "original_start": _in_zone(row.original_start, zone),
        "start": _in_zone(row.start, zone),
        "end": _in_zone(row.end, zone),
        "status": row.status,
        "cancelled": row.cancelled,
        "updated_at": _local(row.updated_at),
    }


def _block(b: TimeBlock, occurrences: list[dict]) -> dict:
    return {
        "id": b.id,
        "uid": b.uid,
        "start": _in_zone(b.start, b.tz),
        "end": _in_zone(b.end, b.tz),
        "tz": b.tz,
        "title": b.title,
        "kind": b.kind,
        "status": b.status,
        "notes": b.notes,
        "person": b.person_id,
        "group": b.group_id,
        "repeat": b.repeat,
        "repeat_until": _day(b.repeat_until),
        "updated_at": _local(b.updated_at),
        "occurrences": occurrences,
    }


def _person(p: Person) -> dict:
    return {
        "id": p.id,
        "uid": p.uid,
        "name": p.name,
        "organisation": p.organisation,
        "role": p.role,
        "stage": p.stage,
        "met": _day(p.met_on),
        "met_how": p.met_how,
        "notes": p.notes,
        "touch_every_days": p.touch_every_days,
        "created_at": _local(p.created_at),
        "updated_at": _local(p.updated_at),
    }


def _ledger_line(x: LedgerEntry) -> dict:
    return {
        "id": x.id,
        "uid": x.uid,
        "date": x.date.isoformat(),
        "person": x.person_id,
        "other_person": x.other_person_id,
        "direction": x.direction,
        "kind": x.kind,
        "note": x.note,
        "follow_up": _day(x.follow_up),
        "followed_up": _day(x.followed_up),
        "updated_at": _local(x.updated_at),
    }


def _group(g: Group) -> dict:
    return {
        "id": g.id,
        "uid": g.uid,
        "name": g.name,
        "kind": g.kind,
        "status": g.status,
        "joined": _day(g.joined),
        "dropped": _day(g.dropped),
        "rating": g.rating,
        "cost_per_year": g.cost_per_year,
        "notes": g.notes,
        "updated_at": _local(g.updated_at),
    }


def _day_note(n: DayNote) -> dict:
    return {
        "uid": n.uid,
        "day": n.day.isoformat(),
        "last_day": n.last_day.isoformat(),
        "text": n.text,
        "updated_at": _local(n.updated_at),
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# In: every record checked; one transaction; one line on the first refusal


def loads(text: str) -> dict[str, Any]:
    return check(parse_json(text))


def check(data: Any) -> dict[str, Any]:
    """`data` if it is an export this release reads, else ImportRefused."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("this JSON is not a mentorjournal export")
    if data.get("version") != VERSION:
        shown = repr(data.get("version"))[:20]
        raise ImportRefused(f"export version {shown}: this mentorjournal reads version {VERSION}")
    for section in SECTIONS:
        if data.get(section) is not None and not isinstance(data[section], list):
            raise ImportRefused(f"{section!r} is not a list")
    return data


def import_journal(data: dict[str, Any], dry_run: bool = False) -> Summary:
    """Merge an export into the open journal in one transaction (rolled back on a dry run).

    People and groups first: actions, blocks and the ledger point to them.
    """
    summary = Summary()
    with write() as transaction:
        sections = Sections(summary)
        journal = EntrySection(summary)
        readers = (
            ("steps", sections.step),
            ("people", sections.person),
            ("groups", sections.group),
            ("actions", sections.action),
            ("entries", journal.entry),
            ("time_blocks", sections.block),
            ("ledger", sections.ledger_line),
            ("day_notes", sections.day_note),
        )
        for section, reader in readers:
            for index, raw in enumerate(data.get(section) or []):
                reader(Record(section, index, raw))
            sections.flush()
            journal.flush()
        if dry_run:
            transaction.rollback()
    return summary
