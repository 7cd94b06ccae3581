"""Time blocks as iCalendar (.ics), with the `icalendar` library, out and back in.

Out: one VEVENT per block with its UID, zone-aware DTSTART/DTEND, the kind as
CATEGORIES and the status as X-MENTORJOURNAL-STATUS; a weekly series carries an RRULE,
EXDATEs for skipped or cancelled occurrences, and a RECURRENCE-ID event for each
occurrence that was moved or done.
In: weekly RRULEs stay series; other rules are expanded between --from and --to;
all-day events become a block over the whole (first) day; a UID already in the journal
is skipped, so importing the same file twice adds nothing.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event
from icalendar.prop import vRecur

from mentorjournal.db import write
from mentorjournal.models import BLOCK_KINDS, BLOCK_STATUSES, BlockOccurrence, TimeBlock
from mentorjournal.services.blocks import local_zone
from mentorjournal.services.people import person_named
from mentorjournal.words import amount

STATUS = "X-MENTORJOURNAL-STATUS"
SKIPPED = "X-MENTORJOURNAL-SKIPPED"  # which EXDATEs were skipped (the rest were cancelled)
PERSON = "X-MENTORJOURNAL-PERSON"


class IcsRefused(Exception):
    """The calendar cannot be imported; the message names the event and the reason."""


@dataclass
class IcsSummary:
    added: int = 0
    skipped: int = 0
    expanded: int = 0
    shortened: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        parts = [f"added {amount(self.added, 'block')}", f"skipped {self.skipped} already there"]
        if self.expanded:
            parts.append(f"{amount(self.expanded, 'occurrence')} of non-weekly rules expanded")
        if self.shortened:
            parts.append(f"{amount(self.shortened, 'multi-day event')} kept to their first day")
        return "; ".join(parts)


def _aware(moment: datetime, zone: str) -> datetime:
    return moment.replace(tzinfo=ZoneInfo(zone))


def export_ics(start: date | None = None, end: date | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//mentorjournal//time blocks//EN")
    calendar.add("version", "2.0")
    query = TimeBlock.select().order_by(TimeBlock.start)
    if end:
        query = query.where(TimeBlock.start < datetime.combine(end + timedelta(1), time()))
    for block in query:
        if start and block.repeat == "none" and block.end.date() < start:
            continue
        if start and block.repeat_until and block.repeat_until < start:
            continue
        calendar.add_component(_event(block))
        for row in BlockOccurrence.select().where(BlockOccurrence.block == block.id):
            if not (row.cancelled or row.status == "skipped"):
                calendar.add_component(_moved(block, row))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(block: TimeBlock) -> Event:
    event = Event()
    event.add("uid", block.uid)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", _aware(block.start, block.tz))
    event.add("dtend", _aware(block.end, block.tz))
    event.add("summary", block.title)
    if block.notes:
        event.add("description", block.notes)
    event.add("categories", [block.kind])
    event.add(STATUS, block.status)
    if block.person_id:
        event.add(PERSON, block.person.name)
    if block.repeat == "weekly":
        rule = {"freq": "weekly"}
        if block.repeat_until:
            until = datetime.combine(block.repeat_until, time(23, 59, 59))
            rule["until"] = _aware(until, block.tz).astimezone(UTC)
        event.add("rrule", rule)
        skipped = []
        for row in BlockOccurrence.select().where(BlockOccurrence.block == block.id):
            if row.cancelled or row.status == "skipped":
                event.add("exdate", _aware(row.original_start, block.tz))
                if not row.cancelled:
                    skipped.append(f"{row.original_start:%Y%m%dT%H%M%S}")
        if skipped:
            event.add(SKIPPED, ",".join(skipped))
    return event


def _moved(block: TimeBlock, row: BlockOccurrence) -> Event:
    event = Event()
    event.add("uid", block.uid)
    event.add("dtstamp", datetime.now(UTC))
    event.add("recurrence-id", _aware(row.original_start, block.tz))
    event.add("dtstart", _aware(row.start, block.tz))
    event.add("dtend", _aware(row.end, block.tz))
    event.add("summary", block.title)
    event.add("categories", [block.kind])
    event.add(STATUS, row.status)
    return event


def _zone_of(value: date | datetime, default: str) -> str:
    """The named zone a time was written in (TZID), else the local one."""
    key = getattr(getattr(value, "tzinfo", None), "key", None)
    return key if key and key != "UTC" else default


def _wall(value: date | datetime, zone: str) -> tuple[datetime, bool]:
    """A DTSTART or DTEND as wall time in `zone`; True when it was a whole day."""
    if not isinstance(value, date):
        raise ValueError(f"{value!r} is not a date or time")
    if not 1900 <= value.year <= 2199:
        raise ValueError(f"{value:%Y-%m-%d} is outside 1900 to 2199")
    if not isinstance(value, datetime):
        return datetime.combine(value, time()), True
    if value.tzinfo is None:  # floating time: the wall clock as written
        return value, False
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None), False


def import_ics(data: bytes, start: date, end: date, dry_run: bool = False) -> IcsSummary:
    """Add the calendar's events as time blocks, in one transaction."""
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError) as error:
        raise IcsRefused(f"not a valid iCalendar file ({error})") from None
    zone = local_zone()
    summary = IcsSummary()
    events = list(enumerate(calendar.walk("VEVENT"), 1))
    with write() as transaction:
        masters = [(n, e) for n, e in events if e.get("recurrence-id") is None]
        changed = [(n, e) for n, e in events if e.get("recurrence-id") is not None]
        for number, event in [*masters, *changed]:  # series first, then their occurrences
            try:
                if event.get("recurrence-id") is None:
                    _import_event(event, number, zone, start, end, summary)
                else:
                    _import_occurrence(event, zone)
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                uid = event.get("uid", "no UID")
                raise IcsRefused(f"event {number} ({uid}): cannot be read ({error})") from None
        if dry_run:
            transaction.rollback()
    return summary


def _import_event(event, number: int, zone: str, start: date, end: date, summary: IcsSummary):
    uid = str(event.get("uid") or f"imported-{number}")
    where = f"event {number} ({uid})"
    if event.get("dtstart") is None:
        raise IcsRefused(f"{where}: no DTSTART")
    zone = _zone_of(event.decoded("dtstart"), zone)
    first, whole_day = _wall(event.decoded("dtstart"), zone)
    if event.get("dtend") is not None:
        last, _ = _wall(event.decoded("dtend"), zone)
    elif event.get("duration") is not None:
        last = first + event.decoded("duration")
    else:
        last = first + (timedelta(days=1) if whole_day else timedelta(hours=1))
    if last <= first:
        raise IcsRefused(f"{where}: it ends before it starts")
    if last - first > timedelta(days=1):
        last = first + timedelta(days=1)
        summary.shortened += 1
    categories = event.get("categories")
    names = [str(c).lower() for c in (categories.cats if categories else [])]
    kind = next((name for name in names if name in BLOCK_KINDS), "other")
    status = str(event.get(STATUS, "planned")).lower()
    status = status if status in BLOCK_STATUSES else "planned"
    values = {
        "title": str(event.get("summary") or "(untitled)")[:200],
        "notes": str(event.get("description") or "")[:2000],
        "kind": kind,
        "status": status,
        "tz": zone,
    }
    if event.get(PERSON):
        values["person"] = person_named(str(event.get(PERSON)))
    rule = event.get("rrule")
    if rule is None:
        _add(uid, first, last, values, summary)
    elif _is_weekly(rule):
        until = rule.get("UNTIL")
        until_day = _wall(until[0], zone)[0].date() if until else None
        block = _add(
            uid, first, last, values | {"repeat": "weekly", "repeat_until": until_day}, summary
        )
        skipped = set(str(event.get(SKIPPED, "")).split(","))
        for excluded in _exdates(event, zone) if block else []:
            was_skipped = f"{excluded:%Y%m%dT%H%M%S}" in skipped
            BlockOccurrence.create(
                block=block,
                original_start=excluded,
                start=excluded,
                end=excluded + (last - first),
                status="skipped" if was_skipped else "planned",
                cancelled=not was_skipped,
            )
    else:
        text = vRecur(rule).to_ical().decode()
        expanded = rrulestr(text, dtstart=first)
        window = (datetime.combine(start, time()), datetime.combine(end + timedelta(1), time()))
        excluded = set(_exdates(event, zone))
        for moment in expanded.between(*window, inc=True):
            if moment not in excluded:
                _add(
                    f"{uid}#{moment:%Y%m%dT%H%M}", moment, moment + (last - first), values, summary
                )
                summary.expanded += 1


def _import_occurrence(event, zone: str) -> None:
    """An occurrence moved, done or skipped on its own (RECURRENCE-ID), onto its series."""
    block = TimeBlock.get_or_none(TimeBlock.uid == str(event.get("uid")))
    if block is None or block.repeat != "weekly":
        return
    zone = block.tz
    original, _ = _wall(event.decoded("recurrence-id"), zone)
    if (
        BlockOccurrence.select()
        .where((BlockOccurrence.block == block.id) & (BlockOccurrence.original_start == original))
        .exists()
    ):
        return
    status = str(event.get(STATUS, "planned")).lower()
    BlockOccurrence.create(
        block=block.id,
        original_start=original,
        start=_wall(event.decoded("dtstart"), zone)[0],
        end=_wall(event.decoded("dtend"), zone)[0],
        status=status if status in BLOCK_STATUSES else "planned",
    )


def _is_weekly(rule) -> bool:
    interval = rule.get("INTERVAL", [1])[0]
    simple = not any(key in rule for key in ("BYDAY", "BYSETPOS", "COUNT", "BYMONTH"))
    return rule.get("FREQ", [""])[0] == "WEEKLY" and interval == 1 and simple


def _exdates(event, zone: str) -> list[datetime]:
    found = event.get("exdate")
    if found is None:
        return []
    groups = found if isinstance(found, list) else [found]
    return [_wall(item.dt, zone)[0] for group in groups for item in group.dts]


def _add(
    uid: str, first: datetime, last: datetime, values: dict, summary: IcsSummary
) -> int | None:
    if TimeBlock.select().where(TimeBlock.uid == uid).exists():
        summary.skipped += 1
        return None
    summary.added += 1
    return TimeBlock.create(uid=uid, start=first, end=last, **values).id
