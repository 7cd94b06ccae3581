"""Blocks as they fall in a week: one-off blocks, and the occurrences of weekly series.

A weekly series is one TimeBlock row; its occurrences are computed for the week on
show, never stored ahead. An occurrence that was moved, ticked, skipped or cancelled
on its own has a BlockOccurrence row keyed by the start the series gave it.
Rows hold wall-clock times in the block's own zone (a series repeats at the same hour
there); what is returned is in the viewer's zone, except `original_start`, the key.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from mentorjournal.models import BlockOccurrence, TimeBlock
from mentorjournal.services import groups, zones
from mentorjournal.services.block_input import LONGEST, Draft
from mentorjournal.services.people import name_of

WEEK = timedelta(days=7)
SLOT = timedelta(minutes=30)  # the week grid's row
MARGIN = LONGEST + timedelta(days=1)  # a block's own zone is at most a day from the viewer's
MEETING_STEPS = {"mentor meeting": 5, "group meeting": 3}  # every other kind is learning: 2


@dataclass(frozen=True)
class Shown:
    """A block as it falls in one week (for a series, one of its occurrences), its times
    in the viewer's zone; `tz` is the zone it was planned in."""

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
    original_start: datetime | None = None  # the series' own start, in the block's zone

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
        here = zones.viewer()
        length = zones.instant(self.end, here) - zones.instant(self.start, here)
        return int(length.total_seconds() // 60)

    @property
    def step(self) -> int:
        """The step this block serves: 5 for mentor meetings, 3 for groups, 2 for learning."""
        return MEETING_STEPS.get(self.kind, 2)

    def own(self, moment: datetime) -> datetime:
        """A time shown to the viewer, as wall-clock time in the block's own zone."""
        return zones.from_viewer(moment, self.tz)

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


def shown(block: TimeBlock, names: dict, **changes) -> Shown:
    """`names` maps ("person" or "group", id) to names looked up once per week; times in
    `changes` are in the block's own zone, like the row's."""
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
    } | changes
    here = zones.viewer()
    values["start"] = zones.convert(values["start"], block.tz, here)
    values["end"] = zones.convert(values["end"], block.tz, here)
    return Shown(**values)


def _names(rows: list[TimeBlock]) -> dict:
    names = {}
    for block in rows:
        for kind, key, name_of_id in (
            ("person", block.person_id, name_of),
            ("group", block.group_id, groups.name_of),
        ):
            if key is not None and (kind, key) not in names:
                names[kind, key] = name_of_id(key)
    return names


def _within(block: Shown, start: datetime, end: datetime) -> bool:
    """True when the block overlaps [start, end); a zero-length marker when inside it."""
    return block.start < end and (block.end > start or block.start >= start)


def week_blocks(first_day: date) -> list[Shown]:
    """Every block and occurrence that overlaps the week starting `first_day` (in the
    viewer's zone), by start."""
    start = datetime.combine(first_day, time())
    end = start + WEEK
    single = list(
        TimeBlock.select().where(
            (TimeBlock.repeat == "none")
            & (TimeBlock.start >= start - MARGIN)
            & (TimeBlock.start < end + MARGIN)
            & (TimeBlock.end >= start - MARGIN)
        )
    )
    series = list(
        TimeBlock.select().where(
            (TimeBlock.repeat == "weekly")
            & (TimeBlock.start < end + MARGIN)
            & (TimeBlock.repeat_until.is_null() | (TimeBlock.repeat_until >= first_day - WEEK))
        )
    )
    names = _names([*single, *series])
    found = [shown(block, names) for block in single]
    found += occurrences(series, start - MARGIN, end + MARGIN, names)
    found = [block for block in found if _within(block, start, end)]
    return sorted(found, key=lambda block: (block.start, block.end, block.id))


def _changed(series: list[TimeBlock], start: datetime, end: datetime) -> dict:
    """The occurrence rows of `series` near [start, end), by block id and original start."""
    changed: dict[int, dict[datetime, BlockOccurrence]] = defaultdict(dict)
    for row in BlockOccurrence.select().where(
        BlockOccurrence.block.in_([block.id for block in series])
        & (
            ((BlockOccurrence.start < end) & (BlockOccurrence.end >= start))
            | (
                (BlockOccurrence.original_start >= start - WEEK)
                & (BlockOccurrence.original_start < end + WEEK)
            )
        )
    ):
        changed[row.block_id][row.original_start] = row
    return changed


def originals(block: TimeBlock, start: datetime, end: datetime) -> list[datetime]:
    """The starts the series gives in [start - a day, end), wall-clock in its own zone."""
    first = max(0, (start - LONGEST - block.start) // WEEK)
    found = []
    moment = block.start + first * WEEK
    while moment < end:
        if block.repeat_until and moment.date() > block.repeat_until:
            break
        found.append(moment)
        moment += WEEK
    return found


def occurrences(
    series: list[TimeBlock], start: datetime, end: datetime, names: dict
) -> list[Shown]:
    """The occurrences of `series` near [start, end) (wall-clock in each block's zone)."""
    if not series:
        return []
    changed = _changed(series, start, end)
    found = []
    for block in series:
        length = block.end - block.start
        starts = originals(block, start, end)
        starts += [moment for moment in changed[block.id] if moment not in starts]
        for original in starts:
            row = changed[block.id].get(original)
            if row is not None and row.cancelled:
                continue
            if row is None:
                times = {"start": original, "end": original + length, "status": "planned"}
            else:
                times = {"start": row.start, "end": row.end, "status": row.status}
            found.append(shown(block, names, original_start=original, **times))
    return found


def hours(found: list[Shown]) -> Hours:
    """Hours planned (all but skipped), done, and planned per kind."""
    planned = [block for block in found if block.status != "skipped"]
    per_kind: dict[str, float] = defaultdict(float)
    for block in planned:
        per_kind[block.kind] += block.minutes / 60
    done = sum(block.minutes for block in planned if block.status == "done") / 60
    return Hours(sum(per_kind.values()), done, dict(per_kind))


def overlapping(found: list[Shown]) -> set[tuple[int, datetime | None]]:
    """The keys of blocks that overlap another block (skipped ones do not count)."""
    live = [block for block in found if block.status != "skipped"]
    clashes = set()
    for index, block in enumerate(live):
        for other in live[index + 1 :]:
            if other.start >= block.end:
                break
            clashes.update({block.key, other.key})
    return clashes


def ended_between(start: datetime, end: datetime) -> list[Shown]:
    """Blocks (not skipped) that ended in [start, end): for the reflection prompt."""
    candidates = week_blocks(start.date() - timedelta(1))
    return [b for b in candidates if start <= b.end < end and b.status != "skipped"]


def day_blocks(day: date) -> list[Shown]:
    """The blocks on one day (for the journal's agenda), skipped ones left out."""
    start = datetime.combine(day, time())
    return [
        b
        for b in week_blocks(day)
        if _within(b, start, start + timedelta(1)) and b.status != "skipped"
    ]


def person_blocks(person_id: int, limit: int = 50) -> list[Shown]:
    """Blocks with a person (a series once, at its first start), newest first."""
    rows = (
        TimeBlock.select()
        .where(TimeBlock.person == person_id)
        .order_by(TimeBlock.start.desc())
        .limit(limit)
    )
    return [shown(block, {("person", person_id): name_of(person_id)}) for block in rows]
