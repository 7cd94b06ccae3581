"""A calendar file into time blocks: everything valid comes in, in one short write at the
end; each event left out is named with its reason (or, `strict`, refuses the file)."""

import time as timer
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import x_wr_timezone
from icalendar import Calendar

from mentorjournal.db import write
from mentorjournal.io import ics_expand
from mentorjournal.io.ics_expand import Skip
from mentorjournal.io.ics_properties import STAMP
from mentorjournal.io.ics_read import (
    DayPlan,
    Plan,
    is_all_day,
    is_native,
    series,
    single,
    times,
    wall,
    whole_days,
)
from mentorjournal.models import BlockOccurrence, DayNote, TimeBlock
from mentorjournal.services import ValidationError, groups, people
from mentorjournal.words import amount

SHOWN_PROBLEMS = 10
TIME_BUDGET = 8.0  # seconds of reading before the rest of a file is left out


class IcsRefused(Exception):
    """The calendar cannot be imported; the message names the event and the reason."""


@dataclass
class IcsSummary:
    added: int = 0
    notes: int = 0
    skipped: int = 0
    expanded: int = 0
    capped: int = 0
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One line, then one line per event left out (at most ten, then a count)."""
        added = f"added {amount(self.added, 'block')}"
        if self.notes:
            added += f" and {amount(self.notes, 'day note')}"
        parts = [added, f"skipped {self.skipped} already there"]
        if self.expanded:
            parts.append(f"{amount(self.expanded, 'occurrence')} of other rules expanded")
        if self.capped:
            cut = f"cut at {ics_expand.PER_EVENT} occurrences"
            parts.append(f"{amount(self.capped, 'rule')} {cut}")
        if self.problems:
            parts.append(f"{amount(len(self.problems), 'event')} left out")
        lines = ["; ".join(parts), *(f"  {p}" for p in self.problems[:SHOWN_PROBLEMS])]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  … and {len(self.problems) - SHOWN_PROBLEMS} more")
        return "\n".join(lines)


@dataclass
class _Event:
    """The components of one UID: its master (if any), its RECURRENCE-ID overrides, and
    every component given (a calendar may hold older versions too, by SEQUENCE)."""

    number: int
    master: object = None
    overrides: list = field(default_factory=list)
    parts: list = field(default_factory=list)


def parse(data: bytes) -> Calendar:
    """The calendar in `data`, X-WR-TIMEZONE applied, or IcsRefused."""
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except Exception as error:  # icalendar raises many kinds for broken text
        raise IcsRefused(f"not a valid iCalendar file ({error})") from None
    if not calendars:
        raise IcsRefused("not a valid iCalendar file (no VCALENDAR)")
    calendar = calendars[0]
    for extra in calendars[1:]:
        for component in extra.subcomponents:
            calendar.add_component(component)
    try:
        return x_wr_timezone.to_standard(calendar)
    except Exception:  # a zone it cannot apply: the times as written
        return calendar


@dataclass
class ReadCalendar:
    """What a calendar file gives, read and expanded, before anything is written."""

    plans: list[Plan | DayPlan]
    summary: IcsSummary


def read_ics(data: bytes, start: date, end: date, strict: bool = False) -> ReadCalendar:
    """Read the calendar; rules other than weekly series are expanded between `start` and
    `end`. Takes no lock: this is where the time goes."""
    summary = IcsSummary()
    return ReadCalendar(read(parse(data), start, end, summary, strict), summary)


def store_ics(calendar: ReadCalendar, dry_run: bool = False) -> IcsSummary:
    """Write what `read_ics` read, in one transaction (rolled back for a dry run)."""
    with write() as transaction:
        store(calendar.plans, calendar.summary)
        if dry_run:
            transaction.rollback()
    return calendar.summary


def import_ics(
    data: bytes, start: date, end: date, dry_run: bool = False, strict: bool = False
) -> IcsSummary:
    """Add the calendar's events as time blocks: read first, then one short write."""
    return store_ics(read_ics(data, start, end, strict), dry_run)


def _sequence(event) -> int:
    try:
        return int(event.get("sequence", 0))
    except (TypeError, ValueError):
        return 0


def _recurrence_key(event, number: int) -> object:
    """Which occurrence an override is of, as written (its number when unreadable)."""
    try:
        return event["recurrence-id"].to_ical()
    except Exception:  # a list of values, or one icalendar could not parse
        return number


def _by_uid(calendar: Calendar) -> dict[str, _Event]:
    """The events by UID. Of several versions of a master, or of one RECURRENCE-ID, the
    highest SEQUENCE wins (the first of equals), as recurring-ical-events decides."""
    found: dict[str, _Event] = {}
    overrides: dict[str, dict] = {}
    for number, event in enumerate(calendar.walk("VEVENT"), 1):
        uid = str(event.get("uid") or f"imported-{number}")
        entry = found.setdefault(uid, _Event(number))
        entry.parts.append(event)
        if event.get("recurrence-id") is not None:
            key = _recurrence_key(event, number)
            held = overrides.setdefault(uid, {}).get(key)
            if held is None or _sequence(event) > _sequence(held):
                overrides[uid][key] = event
        elif entry.master is None or _sequence(event) > _sequence(entry.master):
            entry.number = number if entry.master is None else entry.number
            entry.master = event
    for uid, versions in overrides.items():
        found[uid].overrides = list(versions.values())
    return found


def read(calendar: Calendar, start: date, end: date, summary: IcsSummary, strict: bool):
    """Plans for every event that can come in; the others named in `summary.problems`."""
    vtimezones = calendar.walk("VTIMEZONE")
    deadline = timer.monotonic() + TIME_BUDGET
    plans: list[Plan | DayPlan] = []
    for uid, event in _by_uid(calendar).items():
        try:
            if timer.monotonic() > deadline:
                raise Skip(f"not read: the import stops reading after {TIME_BUDGET:.0f} s")
            room = min(ics_expand.PER_EVENT, ics_expand.PER_FILE - summary.expanded)
            plans += _plans(uid, event, vtimezones, (start, end), room, summary)
        except Skip as reason:
            problem = f"event {event.number} ({uid[:60]}): {reason}"
            if strict:
                raise IcsRefused(problem) from None
            summary.problems.append(problem)
        except Exception as error:  # the last guard: one odd event never sinks the file
            problem = f"event {event.number} ({uid[:60]}): cannot be read ({error})"
            if strict:
                raise IcsRefused(problem) from None
            summary.problems.append(problem)
    return plans


def _plans(uid: str, event: _Event, vtimezones, window, room: int, summary) -> list:
    if event.master is None:  # invited to single occurrences of someone else's series
        return [_one(override, _occurrence_uid(uid, override)) for override in event.overrides]
    master = event.master
    if master.get("rrule") is None and master.get("rdate") is None:
        return [_one(master, uid)]
    if is_all_day(master):
        first = datetime.combine(master.decoded("dtstart"), time())
    else:
        first, _, zone = times(master)
        if is_native(master, first, zone) and not _retitled(master, event.overrides):
            return [series(master, uid, event.overrides)]
    rules = master.get("rrule") or []
    rules = rules if isinstance(rules, list) else [rules]
    window_end = datetime.combine(window[1] + timedelta(1), time())
    ics_expand.check_cost(rules, first, window_end)
    if room <= 0:
        raise Skip(f"not expanded: the file already gave {ics_expand.PER_FILE} occurrences")
    occurrences = ics_expand.occurrences(event.parts, vtimezones, *window, room)
    found, names = [], Counter()
    for occurrence in occurrences:  # two occurrences moved onto one time stay two
        name = _occurrence_uid(uid, occurrence, "dtstart")
        names[name] += 1
        found.append(_one(occurrence, name if names[name] < 2 else f"{name}-{names[name]}"))
    summary.expanded += len(found)
    summary.capped += len(found) >= ics_expand.PER_EVENT
    return found


def _one(event, uid: str) -> Plan | DayPlan:
    """One block, or one day note for an all-day event."""
    return whole_days(event, uid) if is_all_day(event) else single(event, uid)


def _occurrence_uid(uid: str, event, name: str = "recurrence-id") -> str:
    """`uid#` and the occurrence's start (its day alone for an all-day one)."""
    value = event.decoded(name)
    if isinstance(value, date) and not isinstance(value, datetime):
        return f"{uid}#{value:%Y%m%d}"
    moment = wall(value, None)[0] if name == "recurrence-id" else times(event)[0]
    return f"{uid}#{moment:{STAMP}}"


def _retitled(master, overrides: list) -> bool:
    """True when an occurrence has a title of its own: a series row cannot say that, so
    the series is expanded instead."""
    title = str(master.get("summary") or "")
    return any(str(o.get("summary") or title) != title for o in overrides)


def _batches(items: list, size: int = 400) -> Iterator[list]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


def _link(name: str, find, cache: dict) -> int | None:
    """A person or group by name (a person is made if new; an unknown group is left out)."""
    if name not in cache:
        try:
            cache[name] = find(name)
        except ValidationError:
            cache[name] = None
    return cache[name]


def store(plans: list[Plan | DayPlan], summary: IcsSummary) -> None:
    """Write the plans whose UID is new; inside the caller's transaction."""
    _store_days([plan for plan in plans if isinstance(plan, DayPlan)], summary)
    people_ids: dict = {}
    group_ids: dict = {}
    singles = []
    for plan in _new([plan for plan in plans if isinstance(plan, Plan)], TimeBlock, summary):
        summary.added += 1
        row = plan.values | {
            "uid": plan.uid,
            "start": plan.start,
            "end": plan.end,
            "tz": plan.tz,
            "repeat": plan.repeat,
            "repeat_until": plan.repeat_until,
            "person": _link(plan.values["person"], people.person_named, people_ids),
            "group": _link(plan.values["group"], groups.group_id_named, group_ids),
        }
        if plan.repeat == "none":
            singles.append(row)
            continue
        block = TimeBlock.insert(row).execute()
        changes = [change | {"block": block} for change in plan.changes.values()]
        for batch in _batches(changes):
            BlockOccurrence.insert_many(batch).execute()
    for batch in _batches(singles):
        TimeBlock.insert_many(batch).execute()


def _new(plans: list, model: Any, summary: IcsSummary) -> Iterator:
    """The plans whose UID `model` does not hold yet (each UID once); the rest counted
    as skipped."""
    seen = set()
    for batch in _batches([plan.uid for plan in plans]):
        seen |= {uid for (uid,) in model.select(model.uid).where(model.uid.in_(batch)).tuples()}
    for plan in plans:
        if plan.uid in seen:
            summary.skipped += 1
            continue
        seen.add(plan.uid)
        yield plan


def _store_days(plans: list[DayPlan], summary: IcsSummary) -> None:
    """Day notes for the all-day events whose UID is new."""
    rows = []
    for plan in _new(plans, DayNote, summary):
        summary.notes += 1
        rows.append({"uid": plan.uid, "day": plan.first, "last_day": plan.last, "text": plan.text})
    for batch in _batches(rows):
        DayNote.insert_many(batch).execute()
