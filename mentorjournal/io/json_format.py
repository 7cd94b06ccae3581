"""The JSON interchange format (DESIGN.md, "The JSON export"): the whole journal, losslessly.

Export then import into an empty journal gives back the same journal; ids are kept.
Importing into a journal that has records merges: a record whose id (or uid) is
already there is skipped and counted, never duplicated nor overwritten.
"""

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorjournal import clock
from mentorjournal.db import write
from mentorjournal.models import (
    BLOCK_KINDS,
    BLOCK_STATUSES,
    CADENCES,
    DIRECTIONS,
    GROUP_KINDS,
    GROUP_STATUSES,
    LEDGER_KINDS,
    REPEATS,
    STAGES,
    Action,
    ActionCompletion,
    BlockOccurrence,
    Entry,
    EntryTag,
    Group,
    LedgerEntry,
    Person,
    Step,
    StepNote,
    TimeBlock,
)
from mentorjournal.services import search
from mentorjournal.services.weeks import tick_week

FORMAT, VERSION = "mentorjournal", 1
SECTIONS = ("steps", "actions", "entries", "time_blocks", "people", "ledger", "groups")


class ImportRefused(Exception):
    """The file cannot be imported; the message names the record and the reason."""


@dataclass
class Summary:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        def counts(what: dict[str, int]) -> str:
            return ", ".join(f"{n} {name}" for name, n in what.items() if n) or "nothing"

        return f"added {counts(self.added)}; skipped (already there) {counts(self.skipped)}"


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
    now = now or clock.now()
    notes = list(StepNote.select().order_by(StepNote.step, StepNote.topic, StepNote.day))
    latest = {(n.step_id, n.topic): n.text for n in notes}
    tags: dict[int, list[str]] = {}
    for row in EntryTag.select().order_by(EntryTag.id):
        tags.setdefault(row.entry_id, []).append(row.name)
    ticks: dict[int, list[dict]] = {}
    for row in ActionCompletion.select().order_by(ActionCompletion.week):
        ticks.setdefault(row.action_id, []).append(
            {"week": row.week.isoformat(), "done_at": _local(row.done_at)}
        )
    changed: dict[int, list[dict]] = {}
    for row in BlockOccurrence.select().order_by(BlockOccurrence.original_start):
        zone = row.block.tz
        changed.setdefault(row.block_id, []).append(
            {
                "original_start": _in_zone(row.original_start, zone),
                "start": _in_zone(row.start, zone),
                "end": _in_zone(row.end, zone),
                "status": row.status,
                "cancelled": row.cancelled,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _local(now),
        "steps": [
            {
                "number": step.number,
                "title": step.title,
                "notes": {
                    topic: text for (number, topic), text in latest.items() if number == step.number
                },
                "note_history": [
                    {
                        "topic": n.topic,
                        "day": n.day.isoformat(),
                        "text": n.text,
                        "saved_at": _local(n.saved_at),
                    }
                    for n in notes
                    if n.step_id == step.number
                ],
            }
            for step in Step.select().order_by(Step.number)
        ],
        "actions": [
            {
                "id": a.id,
                "step": a.step_id,
                "text": a.text,
                "cadence": a.cadence,
                "position": a.position,
                "archived": a.archived_on is not None,
                "archived_on": _day(a.archived_on),
                "created_on": a.created_on.isoformat(),
                "done": ticks.get(a.id, []),
            }
            for a in Action.select().order_by(Action.id)
        ],
        "entries": [
            {
                "id": e.id,
                "day": e.day.isoformat(),
                "written_at": _local(e.written_at),
                "updated_at": _local(e.updated_at),
                "title": e.title,
                "body": e.body,
                "step": e.step_id,
                "tags": tags.get(e.id, []),
                "revision": e.revision,
            }
            for e in Entry.select().order_by(Entry.id)
        ],
        "time_blocks": [
            {
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
                "occurrences": changed.get(b.id, []),
            }
            for b in TimeBlock.select().order_by(TimeBlock.id)
        ],
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "organisation": p.organisation,
                "role": p.role,
                "stage": p.stage,
                "met": _day(p.met_on),
                "met_how": p.met_how,
                "notes": p.notes,
                "touch_every_days": p.touch_every_days,
                "created_at": _local(p.created_at),
            }
            for p in Person.select().order_by(Person.id)
        ],
        "ledger": [
            {
                "id": x.id,
                "date": x.date.isoformat(),
                "person": x.person_id,
                "other_person": x.other_person_id,
                "direction": x.direction,
                "kind": x.kind,
                "note": x.note,
                "follow_up": _day(x.follow_up),
                "followed_up": _day(x.followed_up),
            }
            for x in LedgerEntry.select().order_by(LedgerEntry.id)
        ],
        "groups": [
            {
                "id": g.id,
                "name": g.name,
                "kind": g.kind,
                "status": g.status,
                "joined": _day(g.joined),
                "dropped": _day(g.dropped),
                "rating": g.rating,
                "cost_per_year": g.cost_per_year,
                "notes": g.notes,
            }
            for g in Group.select().order_by(Group.id)
        ],
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# In: every record checked; one transaction; one line on the first refusal


class _Record:
    """One record being read, so that every refusal can say which record and why."""

    def __init__(self, section: str, index: int, raw: object) -> None:
        if not isinstance(raw, dict):
            raise ImportRefused(f"{section}[{index}]: not an object")
        self.where, self.raw = f"{section}[{index}]", raw

    def refuse(self, why: str) -> ImportRefused:
        return ImportRefused(f"{self.where}: {why}")

    def get(self, key: str, kind: type | tuple, required: bool = True, default: Any = None):
        value = self.raw.get(key, default)
        if value is None and not required:
            return None
        wrong = not isinstance(value, kind) or (isinstance(value, bool) and kind is int)
        if value is None or wrong:
            raise self.refuse(f"{key!r} is missing or not a {getattr(kind, '__name__', kind)}")
        if isinstance(value, int | float) and not -(2**62) < value < 2**62:
            raise self.refuse(f"{key!r} is out of range")
        return value

    def text(self, key: str, limit: int = 1_000_000, required: bool = True) -> str:
        value = self.get(key, str, required, "" if not required else None) or ""
        if len(value) > limit:
            raise self.refuse(f"{key!r} is longer than {limit:,} characters")
        if "\x00" in value:
            raise self.refuse(f"{key!r} contains a NUL character")
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str | None = None) -> str:
        value = self.raw.get(key, default)
        if value not in choices:
            raise self.refuse(f"{key!r} must be one of {', '.join(choices)}")
        return value

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.get(key, str, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.refuse(f"{key!r} is not a date: {value!r}") from None

    def moment(self, key: str, zone: str | None = None) -> datetime:
        """A time with an offset, as a naive wall time (local, or in `zone`)."""
        value = self.get(key, str)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise self.refuse(f"{key!r} is not a date and time: {value!r}") from None
        if parsed.tzinfo is None:
            return parsed
        target = ZoneInfo(zone) if zone else None
        return parsed.astimezone(target).replace(tzinfo=None)


def loads(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("this JSON is not a mentorjournal export")
    if data.get("version") != VERSION:
        raise ImportRefused(
            f"export version {data.get('version')!r}: this mentorjournal reads version {VERSION}"
        )
    for section in SECTIONS:
        if not isinstance(data.get(section, []), list):
            raise ImportRefused(f"{section!r} is not a list")
    return data


def import_journal(data: dict[str, Any], dry_run: bool = False) -> Summary:
    """Merge an export into the open journal in one transaction (rolled back on a dry run)."""
    summary = Summary()
    with write() as transaction:
        for section, reader in READERS:
            added = skipped = 0
            for index, raw in enumerate(data.get(section, [])):
                if reader(_Record(section, index, raw)):
                    added += 1
                else:
                    skipped += 1
            summary.added[section], summary.skipped[section] = added, skipped
        if dry_run:
            transaction.rollback()
    return summary


def _exists(model, **keys) -> bool:
    query = model.select()
    for name, value in keys.items():
        query = query.where(getattr(model, name) == value)
    return query.exists()


def _read_step(r: _Record) -> bool:
    number = r.get("number", int)
    if not Step.get_or_none(Step.number == number):
        raise r.refuse(f"there is no step {number}")
    added = False
    for index, raw in enumerate(r.raw.get("note_history", []) or []):
        note = _Record(f"{r.where}.note_history", index, raw)
        day = note.day("day", required=True)
        topic = note.text("topic", 40)
        if not _exists(StepNote, step=number, topic=topic, day=day):
            StepNote.create(
                step=number,
                topic=topic,
                day=day,
                text=note.text("text", 20_000),
                saved_at=note.moment("saved_at"),
            )
            added = True
    return added


def _read_action(r: _Record) -> bool:
    if _exists(Action, id=r.get("id", int)):
        return False
    Action.create(
        id=r.raw["id"],
        step=r.choice("step", (1, 2, 3, 4, 5)),
        text=r.text("text", 500),
        cadence=r.choice("cadence", CADENCES),
        position=r.get("position", int, default=0),
        created_on=r.day("created_on") or clock.today(),
        archived_on=r.day("archived_on"),
    )
    for index, raw in enumerate(r.raw.get("done", []) or []):
        tick = _Record(f"{r.where}.done", index, raw)
        week = tick_week(tick.day("week", required=True))  # an older file: its first day
        ActionCompletion.insert(
            action=r.raw["id"], week=week, done_at=tick.moment("done_at")
        ).on_conflict_ignore().execute()
    return True


def _read_entry(r: _Record) -> bool:
    if _exists(Entry, id=r.get("id", int)):
        return False
    written_at = r.moment("written_at")
    step = r.raw.get("step")
    if step not in (None, 1, 2, 3, 4, 5):
        raise r.refuse("'step' must be 1 to 5, or null")
    body = r.text("body")
    entry = Entry.create(
        id=r.raw["id"],
        day=r.day("day") or written_at.date(),
        written_at=written_at,
        updated_at=r.moment("updated_at") if "updated_at" in r.raw else written_at,
        title=r.text("title", 200, required=False),
        body=body,
        step=step,
        revision=r.get("revision", int, default=1),
    )
    tags = r.get("tags", list, required=False) or []
    if not all(isinstance(tag, str) and 0 < len(tag) <= 40 for tag in tags):
        raise r.refuse("'tags' must be a list of short texts")
    for tag in dict.fromkeys(tags):
        EntryTag.create(entry=entry.id, name=tag)
    search.index_entry(entry.id, entry.title, body, list(dict.fromkeys(tags)))
    return True


def _read_person(r: _Record) -> bool:
    name = " ".join(r.text("name", 120).split())
    if not name:
        raise r.refuse("a person needs a name")
    if _exists(Person, id=r.get("id", int)) or _exists(Person, name=name):
        return False
    Person.create(
        id=r.raw["id"],
        name=name,
        organisation=r.text("organisation", 2000, required=False),
        role=r.text("role", 2000, required=False),
        stage=r.choice("stage", STAGES, "acquaintance"),
        met_on=r.day("met"),
        met_how=r.text("met_how", 2000, required=False),
        notes=r.text("notes", 2000, required=False),
        touch_every_days=r.get("touch_every_days", int, required=False),
        created_at=r.moment("created_at") if "created_at" in r.raw else clock.now(),
    )
    return True


def _read_group(r: _Record) -> bool:
    name = " ".join(r.text("name", 120).split())
    if not name:
        raise r.refuse("a group needs a name")
    if _exists(Group, id=r.get("id", int)) or _exists(Group, name=name):
        return False
    rating = r.get("rating", int, required=False)
    if rating is not None and not 1 <= rating <= 5:
        raise r.refuse("'rating' must be from 1 to 5")
    Group.create(
        id=r.raw["id"],
        name=r.text("name", 120),
        kind=r.choice("kind", GROUP_KINDS, "other"),
        status=r.choice("status", GROUP_STATUSES, "trying"),
        joined=r.day("joined"),
        dropped=r.day("dropped"),
        rating=rating,
        cost_per_year=r.get("cost_per_year", (int, float), required=False),
        notes=r.text("notes", 2000, required=False),
    )
    return True


def _reference(r: _Record, key: str, model) -> int | None:
    value = r.get(key, int, required=False)
    if value is not None and not _exists(model, id=value):
        raise r.refuse(f"{key!r} points to {model.__name__.lower()} {value}, which is not there")
    return value


def _read_block(r: _Record) -> bool:
    uid = r.text("uid", 300)
    if _exists(TimeBlock, id=r.get("id", int)) or _exists(TimeBlock, uid=uid):
        return False
    zone = r.text("tz", 64, required=False) or "UTC"
    try:
        ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        raise r.refuse(f"unknown time zone {zone!r}") from None
    start, end = r.moment("start", zone), r.moment("end", zone)
    if end <= start:
        raise r.refuse("the end must be after the start")
    TimeBlock.create(
        id=r.raw["id"],
        uid=uid,
        start=start,
        end=end,
        tz=zone,
        title=r.text("title", 200),
        kind=r.choice("kind", BLOCK_KINDS, "other"),
        status=r.choice("status", BLOCK_STATUSES, "planned"),
        notes=r.text("notes", 2000, required=False),
        person=_reference(r, "person", Person),
        group=_reference(r, "group", Group),
        repeat=r.choice("repeat", REPEATS, "none"),
        repeat_until=r.day("repeat_until"),
    )
    for index, raw in enumerate(r.raw.get("occurrences", []) or []):
        o = _Record(f"{r.where}.occurrences", index, raw)
        BlockOccurrence.create(
            block=r.raw["id"],
            original_start=o.moment("original_start", zone),
            start=o.moment("start", zone),
            end=o.moment("end", zone),
            status=o.choice("status", BLOCK_STATUSES, "planned"),
            cancelled=bool(raw.get("cancelled")),
        )
    return True


def _read_ledger(r: _Record) -> bool:
    if _exists(LedgerEntry, id=r.get("id", int)):
        return False
    day = r.day("date", required=True)
    follow_up = r.day("follow_up")
    if follow_up and follow_up < day:
        raise r.refuse("the follow-up is before the entry's date")
    LedgerEntry.create(
        id=r.raw["id"],
        date=day,
        person=_reference(r, "person", Person) or _missing(r, "person"),
        other_person=_reference(r, "other_person", Person),
        direction=r.choice("direction", DIRECTIONS),
        kind=r.choice("kind", LEDGER_KINDS, "other"),
        note=r.text("note", 2000, required=False),
        follow_up=follow_up,
        followed_up=r.day("followed_up"),
    )
    return True


def _missing(r: _Record, key: str):
    raise r.refuse(f"{key!r} is missing")


# People and groups first: blocks and the ledger point to them.
READERS = (
    ("steps", _read_step),
    ("people", _read_person),
    ("groups", _read_group),
    ("actions", _read_action),
    ("entries", _read_entry),
    ("time_blocks", _read_block),
    ("ledger", _read_ledger),
)
