"""The journal written out in the interchange format (docs/format.md), set-based.

One query per table, rows read as SQLite holds them (no model per row, no conversion
per value by the ORM), the tables joined here in dictionaries; each section is a
generator of records, so that `write_journal` streams the file as it reads.
"""

from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from mentorjournal.io import json_text
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
    database,
)

FORMAT, VERSION = "mentorjournal", 1
SECTIONS = ("steps", "actions", "entries", "time_blocks", "people", "ledger", "groups")
SECTIONS += ("day_notes",)


class Moments:
    """Stored times written with their offset, as `astimezone()` (a naive local time)
    or `replace(tzinfo=zone)` gives it; the offset looked up once per day and zone,
    and only trusted for a day when it is the same from its first to its last moment."""

    def __init__(self) -> None:
        self.days: dict[str | None, dict[str, str]] = {}

    def local(self, text: str | datetime) -> str:
        suffix = self._suffix(None, text)
        if suffix is None:
            return _moment(text).astimezone().isoformat()
        return suffix

    def in_zone(self, text: str | datetime, zone: str) -> str:
        suffix = self._suffix(zone, text)
        if suffix is None:
            return _moment(text).replace(tzinfo=ZoneInfo(zone)).isoformat()
        return suffix

    def _suffix(self, zone: str | None, text: str | datetime) -> str | None:
        """`text` (as `str(datetime)` stores it) with its day's offset, or None when
        the day's offset changes or `text` is in another form (a server's datetime)."""
        if type(text) is not str:
            return None
        days = self.days.get(zone)
        if days is None:
            days = self.days[zone] = {}
        suffix = days.get(text[:10])
        if suffix is None:
            suffix = days[text[:10]] = _day_offset(zone, datetime.fromisoformat(text).date())
        if suffix and len(text) in (19, 26) and text[10] == " ":
            return f"{text[:10]}T{text[11:]}{suffix}"
        return None


def _day_offset(zone: str | None, day: date) -> str:
    """The offset as isoformat writes it, if it is the same all `day` (else "")."""
    first, last = datetime.combine(day, time.min), datetime.combine(day, time.max)
    if zone is None:
        start, end = first.astimezone(), last.astimezone()
        if start.replace(tzinfo=None) != first or end.replace(tzinfo=None) != last:
            return ""  # a gap: astimezone moves the wall time
    else:
        start, end = first.replace(tzinfo=ZoneInfo(zone)), last.replace(tzinfo=ZoneInfo(zone))
    return start.isoformat()[19:] if start.utcoffset() == end.utcoffset() else ""


def _moment(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _rows(model, names: str, *order) -> Any:
    """The named columns of every row, as tuples of the stored values (in SQLite dates
    and times are texts; a server's driver gives dates), in `order`."""
    fields = [getattr(model, name) for name in names.split()]
    return database.execute(model.select(*fields).order_by(*order))


def _day(value: str | date | None) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return value[:10] if value else None


def sections(now: datetime) -> Iterator[tuple[str, Any]]:
    """The export's fields in order; each section a generator of records."""
    moments = Moments()
    yield "format", FORMAT
    yield "version", VERSION
    yield "exported_at", now.astimezone().isoformat()
    yield "steps", _steps(moments)
    yield "actions", _actions(moments)
    yield "entries", _entries(moments)
    yield "time_blocks", _blocks(moments)
    yield "people", _people(moments)
    yield "ledger", _ledger(moments)
    yield "groups", _groups(moments)
    yield "day_notes", _day_notes(moments)


def write_journal(write: Callable[[str], object], now: datetime) -> None:
    """The whole journal as the interchange file, given to `write` piece by piece."""
    json_text.write_object(write, sections(now))
    write("\n")


def _steps(moments: Moments) -> Iterator[dict]:
    notes = list(
        _rows(
            StepNote,
            "step uid topic day text saved_at revision",
            StepNote.step,
            StepNote.topic,
            StepNote.day,
        )
    )
    for number, title in _rows(Step, "number title", Step.number):
        mine = [note for note in notes if note[0] == number]
        yield {
            "number": number,
            "title": title,
            "notes": {topic: text for _, _, topic, _, text, _, _ in mine},
            "note_history": [
                {
                    "uid": uid,
                    "topic": topic,
                    "day": _day(day),
                    "text": text,
                    "saved_at": moments.local(saved_at),
                    "revision": revision,
                }
                for _, uid, topic, day, text, saved_at, revision in mine
            ],
        }


def _actions(moments: Moments) -> Iterator[dict]:
    ticks: dict[int, list[dict]] = {}
    rows = _rows(ActionCompletion, "action uid week done_at", ActionCompletion.week)
    for action_id, uid, week, done_at in rows:
        tick = {"uid": uid, "week": _day(week), "done_at": moments.local(done_at)}
        ticks.setdefault(action_id, []).append(tick)
    rows = _rows(
        Action, "id uid step text cadence position archived_on created_on updated_at", Action.id
    )
    for row_id, uid, step, text, cadence, position, archived_on, created_on, updated in rows:
        yield {
            "id": row_id,
            "uid": uid,
            "step": step,
            "text": text,
            "cadence": cadence,
            "position": position,
            "archived": archived_on is not None,
            "archived_on": _day(archived_on),
            "created_on": _day(created_on),
            "updated_at": moments.local(updated),
            "done": ticks.get(row_id, []),
        }


def _entries(moments: Moments) -> Iterator[dict]:
    tags: dict[int, list[str]] = {}
    for entry_id, name in _rows(EntryTag, "entry name", EntryTag.id):
        tags.setdefault(entry_id, []).append(name)
    rows = _rows(
        Entry, "id uid day written_at updated_at title body step revision merged_revision", Entry.id
    )
    for row_id, uid, day, written_at, updated, title, body, step, revision, merged in rows:
        yield {
            "id": row_id,
            "uid": uid,
            "day": _day(day),
            "written_at": moments.local(written_at),
            "updated_at": moments.local(updated),
            "title": title,
            "body": body,
            "step": step,
            "tags": tags.get(row_id, []),
            "revision": revision,
            "merged_revision": merged,
        }


def _blocks(moments: Moments) -> Iterator[dict]:
    zones = dict(_rows(TimeBlock, "id tz"))
    changed: dict[int, list[dict]] = {}
    rows = _rows(
        BlockOccurrence,
        "block uid original_start start end status cancelled updated_at",
        BlockOccurrence.original_start,
    )
    for block_id, uid, original, start, end, status, cancelled, updated in rows:
        zone = zones[block_id]
        changed.setdefault(block_id, []).append(
            {
                "uid": uid,
                "original_start": moments.in_zone(original, zone),
                "start": moments.in_zone(start, zone),
                "end": moments.in_zone(end, zone),
                "status": status,
                "cancelled": bool(cancelled),
                "updated_at": moments.local(updated),
            }
        )
    yield from (_block(moments, row, changed) for row in _block_rows())


def _block_rows():
    return _rows(
        TimeBlock,
        "id uid start end tz title kind status notes person group repeat repeat_until updated_at",
        TimeBlock.id,
    )


def _block(moments: Moments, row: tuple, changed: dict[int, list[dict]]) -> dict:
    row_id, uid, start, end, zone, title, kind, status, notes, person, group = row[:11]
    repeat, repeat_until, updated = row[11:]
    return {
        "id": row_id,
        "uid": uid,
        "start": moments.in_zone(start, zone),
        "end": moments.in_zone(end, zone),
        "tz": zone,
        "title": title,
        "kind": kind,
        "status": status,
        "notes": notes,
        "person": person,
        "group": group,
        "repeat": repeat,
        "repeat_until": _day(repeat_until),
        "updated_at": moments.local(updated),
        "occurrences": changed.get(row_id, []),
    }


def _people(moments: Moments) -> Iterator[dict]:
    rows = _rows(
        Person,
        "id uid name organisation role stage met_on met_how notes touch_every_days"
        " created_at updated_at",
        Person.id,
    )
    for row in rows:
        row_id, uid, name, organisation, role, stage, met_on, met_how, notes = row[:9]
        every, created, updated = row[9:]
        yield {
            "id": row_id,
            "uid": uid,
            "name": name,
            "organisation": organisation,
            "role": role,
            "stage": stage,
            "met": _day(met_on),
            "met_how": met_how,
            "notes": notes,
            "touch_every_days": every,
            "created_at": moments.local(created),
            "updated_at": moments.local(updated),
        }


def _ledger(moments: Moments) -> Iterator[dict]:
    rows = _rows(
        LedgerEntry,
        "id uid date person other_person direction kind note follow_up followed_up updated_at",
        LedgerEntry.id,
    )
    for row in rows:
        row_id, uid, day, person, other, direction, kind, note, follow_up, done, updated = row
        yield {
            "id": row_id,
            "uid": uid,
            "date": _day(day),
            "person": person,
            "other_person": other,
            "direction": direction,
            "kind": kind,
            "note": note,
            "follow_up": _day(follow_up),
            "followed_up": _day(done),
            "updated_at": moments.local(updated),
        }


def _groups(moments: Moments) -> Iterator[dict]:
    rows = _rows(
        Group,
        "id uid name kind status joined dropped rating cost_per_year notes updated_at",
        Group.id,
    )
    for row_id, uid, name, kind, status, joined, dropped, rating, cost, notes, updated in rows:
        yield {
            "id": row_id,
            "uid": uid,
            "name": name,
            "kind": kind,
            "status": status,
            "joined": _day(joined),
            "dropped": _day(dropped),
            "rating": rating,
            "cost_per_year": None if cost is None else float(cost),
            "notes": notes,
            "updated_at": moments.local(updated),
        }


def _day_notes(moments: Moments) -> Iterator[dict]:
    rows = _rows(DayNote, "uid day last_day text updated_at", DayNote.day, DayNote.id)
    for uid, day, last_day, text, updated in rows:
        yield {
            "uid": uid,
            "day": _day(day),
            "last_day": _day(last_day),
            "text": text,
            "updated_at": moments.local(updated),
        }
