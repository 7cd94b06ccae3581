"""Time blocks: one-off blocks and weekly series, as they fall in one week.

A weekly series is one TimeBlock row; its occurrences are computed for the week on
show, never stored ahead. An occurrence that was moved, ticked, skipped or cancelled
on its own has a BlockOccurrence row keyed by the start the series gave it.
Times are wall-clock times in the block's zone.
"""

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentorjournal.db import write
from mentorjournal.models import (
    BLOCK_KINDS,
    BLOCK_STATUSES,
    REPEATS,
    BlockNote,
    BlockOccurrence,
    TimeBlock,
)
from mentorjournal.services import ValidationError, check_text, entries, groups
from mentorjournal.services.parsing import check_day, parse_date
from mentorjournal.services.people import name_of, person_named

__all__ = ["BLOCK_KINDS", "BLOCK_STATUSES", "REPEATS", "parse_date"]

TITLE_LENGTH = 200
LONGEST = timedelta(hours=24)
SLOT = timedelta(minutes=30)
WEEK = timedelta(days=7)
MEETING_STEPS = {"mentor meeting": 5, "group meeting": 3}  # every other kind is learning: 2
_DURATION = re.compile(r"^\+?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """A block as typed in a form, before it is checked."""

    title: str
    kind: str
    start: datetime
    end: datetime
    notes: str = ""
    person: str = ""
    repeat: str = "none"
    repeat_until: date | None = None
    status: str = "planned"
    group: str = ""


@dataclass(frozen=True)
class Shown:
    """A block as it falls in one week; for a series, one of its occurrences."""

    id: int
    start: datetime
    end: datetime
    title: str
    kind: str
    status: str
    notes: str
    person: str
    repeat: str
    repeat_until: date | None
    tz: str
    group: str = ""
    original_start: datetime | None = None  # the series' own start for this occurrence

    @property
    def is_occurrence(self) -> bool:
        return self.original_start is not None

    @property
    def key(self) -> tuple[int, datetime | None]:
        """Tells apart the occurrences of one series."""
        return self.id, self.original_start

    @property
    def minutes(self) -> int:
        """Real minutes, across a change of clocks too."""
        zone = ZoneInfo(self.tz)
        start = self.start.replace(tzinfo=zone).astimezone(UTC)
        return int((self.end.replace(tzinfo=zone).astimezone(UTC) - start).total_seconds() // 60)

    @property
    def step(self) -> int:
        """The step this block serves: 5 for mentor meetings, 3 for groups, 2 for learning."""
        return MEETING_STEPS.get(self.kind, 2)

    def draft(self) -> Draft:
        return Draft(
            self.title,
            self.kind,
            self.start,
            self.end,
            self.notes,
            self.person,
            self.repeat,
            self.repeat_until,
            self.status,
            self.group,
        )


@dataclass(frozen=True)
class Hours:
    planned: float
    done: float
    per_kind: dict[str, float]


@dataclass(frozen=True)
class Undo:
    """What to put back: rows of the block and its occurrences, or one occurrence's row."""

    block: dict | None
    occurrences: list[dict]


# Parsing what is typed


def local_zone() -> str:
    from tzlocal import get_localzone_name  # only when a block is made

    return get_localzone_name() or "UTC"


def parse_time(text: str, field: str = "start") -> time:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})[:.h]?(\d{2})?", text)
    hour, minute = (int(match[1]), int(match[2] or 0)) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValidationError(field, f"{text!r} is not a time of day (HH:MM, 00:00 to 23:59)")
    return time(hour, minute)


def parse_end(text: str, start: datetime) -> datetime:
    """An end typed as a time (`10:30`) or as a duration (`90m`, `1h30`, `1.5h`, `+45`)."""
    text = text.strip()
    if ":" in text:
        end = datetime.combine(start.date(), parse_time(text, "end"))
        if end <= start:
            raise ValidationError("end", "the end must be after the start")
        return end
    match = _DURATION.fullmatch(text) if len(text) <= 20 else None
    if not text or not match or not (match[1] or match[2]):
        raise ValidationError("end", f"{text[:20]!r} is neither a time (HH:MM) nor a length (1h30)")
    minutes = float(match[1] or 0) * 60 + int(match[2] or 0)
    if minutes > LONGEST.total_seconds() / 60:
        raise ValidationError("end", "a block lasts at most 24 hours")
    return start + timedelta(minutes=minutes)


def check(draft: Draft) -> Draft:
    """The draft, tidied, or a ValidationError naming the field at fault."""
    for name in ("title", "notes", "person", "group"):
        check_text(name, getattr(draft, name), 2_000)
    title = " ".join(draft.title.split())
    if not title:
        raise ValidationError("title", "the block needs a title")
    if len(title) > TITLE_LENGTH:
        raise ValidationError("title", f"a title has at most {TITLE_LENGTH} characters")
    if draft.kind not in BLOCK_KINDS:
        raise ValidationError("kind", f"the kind is one of: {', '.join(BLOCK_KINDS)}")
    if draft.status not in BLOCK_STATUSES:
        raise ValidationError("status", f"the status is one of: {', '.join(BLOCK_STATUSES)}")
    if draft.repeat not in REPEATS:
        raise ValidationError("repeat", f"repeat is one of: {', '.join(REPEATS)}")
    if draft.end <= draft.start:
        raise ValidationError("end", "the end must be after the start")
    if draft.end - draft.start > LONGEST:
        raise ValidationError("end", "a block lasts at most 24 hours")
    check_day(draft.start.date())
    if draft.repeat_until and draft.repeat_until < draft.start.date():
        raise ValidationError("until", "the series cannot end before it starts")
    until = draft.repeat_until if draft.repeat == "weekly" else None
    return replace(draft, title=title, notes=draft.notes.strip(), repeat_until=until)


# Reading a week


def _shown(block: TimeBlock, names: dict, **changes) -> Shown:
    """`names` maps ("person" or "group", id) to names looked up once per week."""
    values = {
        "id": block.id,
        "start": block.start,
        "end": block.end,
        "title": block.title,
        "kind": block.kind,
        "status": block.status,
        "notes": block.notes,
        "person": names.get(("person", block.person_id), ""),
        "repeat": block.repeat,
        "repeat_until": block.repeat_until,
        "tz": block.tz,
        "group": names.get(("group", block.group_id), ""),
    }
    return Shown(**(values | changes))


def week_blocks(first_day: date) -> list[Shown]:
    """Every block and occurrence that overlaps the week starting `first_day`, by start."""
    start = datetime.combine(first_day, time())
    end = start + WEEK
    single = TimeBlock.select().where(
        (TimeBlock.repeat == "none")
        & (TimeBlock.start >= start - LONGEST)
        & (TimeBlock.start < end)
        & (TimeBlock.end > start)
    )
    series = list(
        TimeBlock.select().where(
            (TimeBlock.repeat == "weekly")
            & (TimeBlock.start < end)
            & (TimeBlock.repeat_until.is_null() | (TimeBlock.repeat_until >= first_day - WEEK))
        )
    )
    names = {}
    for block in [*single, *series]:
        for kind, key, name_of_id in (
            ("person", block.person_id, name_of),
            ("group", block.group_id, groups.name_of),
        ):
            if key is not None and (kind, key) not in names:
                names[kind, key] = name_of_id(key)
    shown = [_shown(block, names) for block in single]
    shown += _occurrences(series, start, end, names)
    shown = [block for block in shown if block.end > start and block.start < end]
    return sorted(shown, key=lambda block: (block.start, block.end, block.id))


def _occurrences(
    series: list[TimeBlock], start: datetime, end: datetime, names: dict
) -> list[Shown]:
    if not series:
        return []
    changed: dict[int, dict[datetime, BlockOccurrence]] = defaultdict(dict)
    for row in BlockOccurrence.select().where(
        BlockOccurrence.block.in_([block.id for block in series])
        & (
            ((BlockOccurrence.start < end) & (BlockOccurrence.end > start))
            | (
                (BlockOccurrence.original_start >= start - WEEK)
                & (BlockOccurrence.original_start < end + WEEK)
            )
        )
    ):
        changed[row.block_id][row.original_start] = row
    shown = []
    for block in series:
        length = block.end - block.start
        first = max(0, (start - LONGEST - block.start) // WEEK)
        originals = []
        for number in range(first, first + 3):
            original = block.start + number * WEEK
            if block.repeat_until and original.date() > block.repeat_until:
                break
            originals.append(original)
        originals += [o for o in changed[block.id] if o not in originals]
        for original in originals:
            row = changed[block.id].get(original)
            if row is not None and row.cancelled:
                continue
            if row is None:
                times = {"start": original, "end": original + length, "status": "planned"}
            else:
                times = {"start": row.start, "end": row.end, "status": row.status}
            shown.append(_shown(block, names, original_start=original, **times))
    return shown


def hours(shown: list[Shown]) -> Hours:
    """Hours planned (all but skipped), done, and planned per kind."""
    planned = [block for block in shown if block.status != "skipped"]
    per_kind: dict[str, float] = defaultdict(float)
    for block in planned:
        per_kind[block.kind] += block.minutes / 60
    done = sum(block.minutes for block in planned if block.status == "done") / 60
    return Hours(sum(per_kind.values()), done, dict(per_kind))


def overlapping(shown: list[Shown]) -> set[tuple[int, datetime | None]]:
    """The keys of blocks that overlap another block (skipped ones do not count)."""
    live = [block for block in shown if block.status != "skipped"]
    clashes = set()
    for index, block in enumerate(live):
        for other in live[index + 1 :]:
            if other.start >= block.end:
                break
            clashes.update({block.key, other.key})
    return clashes


# Changing blocks


def create_block(draft: Draft, tz: str | None = None) -> int:
    draft = check(draft)
    with write():
        block = TimeBlock.create(
            uid=f"{uuid.uuid4()}@mentorjournal",
            start=draft.start,
            end=draft.end,
            tz=tz or local_zone(),
            title=draft.title,
            kind=draft.kind,
            status=draft.status,
            notes=draft.notes,
            person=person_named(draft.person),
            group=groups.group_id_named(draft.group),
            repeat=draft.repeat,
            repeat_until=draft.repeat_until,
        )
    return block.id


def update_block(block_id: int, draft: Draft) -> None:
    """Change a block, or a whole series (its first start, title, kind…)."""
    draft = check(draft)
    with write():
        block = TimeBlock.get_by_id(block_id)
        moved = draft.start - block.start
        TimeBlock.update(
            start=draft.start,
            end=draft.end,
            title=draft.title,
            kind=draft.kind,
            status=draft.status if draft.repeat == "none" else "planned",
            notes=draft.notes,
            person=person_named(draft.person),
            group=groups.group_id_named(draft.group),
            repeat=draft.repeat,
            repeat_until=draft.repeat_until,
        ).where(TimeBlock.id == block_id).execute()
        if moved and block.repeat == "weekly":  # changed occurrences move with the series
            for row in BlockOccurrence.select().where(BlockOccurrence.block == block_id):
                row.original_start += moved
                row.start += moved
                row.end += moved
                row.save()


def edit(shown: Shown, draft: Draft) -> None:
    """Apply a form filled in on `shown` to its block, or to its whole series: the series
    moves by as much as this occurrence was moved in the form."""
    first = TimeBlock.get_by_id(shown.id).start + (draft.start - shown.start)
    update_block(shown.id, replace(draft, start=first, end=first + (draft.end - draft.start)))


def _change(shown: Shown, start: datetime, end: datetime, status: str) -> Shown:
    """Give one block or one occurrence new times or status, checked like a form."""
    check(replace(shown.draft(), start=start, end=end, status=status))
    with write():
        if shown.is_occurrence:
            (
                BlockOccurrence.insert(
                    block=shown.id,
                    original_start=shown.original_start,
                    start=start,
                    end=end,
                    status=status,
                )
                .on_conflict(
                    conflict_target=[BlockOccurrence.block, BlockOccurrence.original_start],
                    update={
                        BlockOccurrence.start: start,
                        BlockOccurrence.end: end,
                        BlockOccurrence.status: status,
                    },
                )
                .execute()
            )
        else:
            TimeBlock.update(start=start, end=end, status=status).where(
                TimeBlock.id == shown.id
            ).execute()
    return replace(shown, start=start, end=end, status=status)


def next_status(status: str) -> str:
    return BLOCK_STATUSES[(BLOCK_STATUSES.index(status) + 1) % len(BLOCK_STATUSES)]


def set_status(shown: Shown, status: str) -> Shown:
    return _change(shown, shown.start, shown.end, status)


def shift(shown: Shown, delta: timedelta) -> Shown:
    """Move a block (or one occurrence) by `delta`, keeping its length."""
    return _change(shown, shown.start + delta, shown.end + delta, shown.status)


def resize(shown: Shown, delta: timedelta) -> Shown:
    """Lengthen (or shorten, with a negative `delta`) a block at its end."""
    return _change(shown, shown.start, shown.end + delta, shown.status)


def delete(shown: Shown, whole_series: bool = True) -> Undo:
    """Delete a block, a whole series, or (whole_series False) one occurrence of it."""
    with write():
        if shown.is_occurrence and not whole_series:
            key = (BlockOccurrence.block == shown.id) & (
                BlockOccurrence.original_start == shown.original_start
            )
            before = list(BlockOccurrence.select().where(key).dicts())
            BlockOccurrence.delete().where(key).execute()
            BlockOccurrence.create(
                block=shown.id,
                original_start=shown.original_start,
                start=shown.start,
                end=shown.end,
                status=shown.status,
                cancelled=True,
            )
            return Undo(
                None, before or [{"block": shown.id, "original_start": shown.original_start}]
            )
        block = TimeBlock.select().where(TimeBlock.id == shown.id).dicts().get()
        rows = list(BlockOccurrence.select().where(BlockOccurrence.block == shown.id).dicts())
        TimeBlock.delete().where(TimeBlock.id == shown.id).execute()
    return Undo(block, rows)


def restore(undo: Undo) -> None:
    """Put back what `delete` took away."""
    with write():
        if undo.block is not None:
            TimeBlock.insert(undo.block).execute()
            if undo.occurrences:
                BlockOccurrence.insert_many(undo.occurrences).execute()
            return
        first = undo.occurrences[0]
        BlockOccurrence.delete().where(
            (BlockOccurrence.block == first["block"])
            & (BlockOccurrence.original_start == first["original_start"])
        ).execute()
        if "id" in first:  # the occurrence had its own changes before it was cancelled
            BlockOccurrence.insert_many(undo.occurrences).execute()


def detach(shown: Shown, draft: Draft) -> int:
    """Edit one occurrence only: it leaves the series and becomes a block of its own."""
    draft = check(replace(draft, repeat="none", repeat_until=None))
    with write():
        delete(shown, whole_series=False)
        return create_block(draft, shown.tz)


def duplicate_next_week(shown: Shown) -> int:
    """A one-off copy of the block in the same slot a week later."""
    copy = replace(
        shown.draft(),
        start=shown.start + WEEK,
        end=shown.end + WEEK,
        repeat="none",
        repeat_until=None,
        status="planned",
    )
    return create_block(copy, shown.tz)


def ended_between(start: datetime, end: datetime) -> list[Shown]:
    """Blocks (not skipped) that ended in [start, end): for the reflection prompt."""
    first_day = start.date() - timedelta(1)
    candidates = week_blocks(first_day)
    return [b for b in candidates if start <= b.end < end and b.status != "skipped"]


def write_up(block: Shown, now: datetime) -> tuple[int, bool]:
    """The journal entry about a block (or one occurrence of a series), linked to its
    step: meeting notes, or a reflection on learning. Written once: asked again, it
    returns the entry already written. Returns its id, and whether it is new."""
    start = block.original_start or block.start
    with write():
        written = (
            BlockNote.select(BlockNote.entry)
            .where((BlockNote.block == block.id) & (BlockNote.block_start == start))
            .scalar()
        )
        if written is not None:
            return written, False
        day = min(block.start.date(), now.date())
        body = _write_up_body(block)
        earlier = _unlinked_write_up(day, body)
        if earlier is not None:  # written before notes were linked to their block
            BlockNote.create(block=block.id, block_start=start, entry=earlier)
            return earlier, False
        tags = ["meeting"] if block.kind.endswith("meeting") else ["learning"]
        entry = entries.create_entry(day, body, step=block.step, tags=tags, now=now)
        BlockNote.create(block=block.id, block_start=start, entry=entry.id)
    return entry.id, True


def _unlinked_write_up(day: date, body: str) -> int | None:
    """An entry of `day` that starts with the heading `body` starts with, about no block."""
    heading = body.split("\n", 1)[0]
    for entry in entries.entries_on(day):
        if entry.body.split("\n", 1)[0] == heading and not _about_a_block(entry.id):
            return entry.id
    return None


def _about_a_block(entry_id: int) -> bool:
    return BlockNote.select().where(BlockNote.entry == entry_id).exists()


def _write_up_body(block: Shown) -> str:
    if block.kind != "mentor meeting":
        return f"# Reflection: {block.title}\n\nWhat I learned:\n\nWhat I will try next:\n"
    with_whom = f" with {block.person}" if block.person else ""
    body = f"# Notes: {block.title}{with_whom}\n\n"
    if block.notes:
        body += f"Agenda: {block.notes}\n\n"
    return body + "What I learned:\n\nWhat I will do, and when I will report back:\n"


def day_blocks(day: date) -> list[Shown]:
    """The blocks on one day (for the journal's agenda), skipped ones left out."""
    start = datetime.combine(day, time())
    week = week_blocks(day)
    return [
        b
        for b in week
        if b.start < start + timedelta(1) and b.end > start and b.status != "skipped"
    ]


def person_blocks(person_id: int, limit: int = 50) -> list[Shown]:
    """Blocks with a person (a series once, at its first start), newest first."""
    rows = (
        TimeBlock.select()
        .where(TimeBlock.person == person_id)
        .order_by(TimeBlock.start.desc())
        .limit(limit)
    )
    return [_shown(block, {("person", person_id): name_of(person_id)}) for block in rows]
