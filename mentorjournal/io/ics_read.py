"""iCalendar events read into plans for blocks: one-off blocks, weekly series kept as
series (with their cancelled, moved, done and skipped weeks), and all-day events as day
notes; nothing written yet."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from mentorjournal.io.ics_expand import Skip
from mentorjournal.io.ics_properties import DONE, GROUP, PERSON, SKIPPED, STAMP, STATUS
from mentorjournal.models import BLOCK_KINDS, BLOCK_STATUSES
from mentorjournal.services import ValidationError, day_notes, zones

LONGEST = timedelta(hours=24)
WEEK = timedelta(days=7)
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
NATIVE_PARTS = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "BYDAY", "WKST"}


@dataclass
class Plan:
    """One block to add; times are wall-clock in zone `tz`. `changes` are the series'
    occurrence rows by original start."""

    uid: str
    start: datetime
    end: datetime
    tz: str
    values: dict
    repeat: str = "none"
    repeat_until: date | None = None
    changes: dict[datetime, dict] = field(default_factory=dict)


@dataclass
class DayPlan:
    """One day note to add: whole days from `first` to `last` (inclusive)."""

    uid: str
    first: date
    last: date
    text: str


def is_all_day(event) -> bool:
    """Whether the event's DTSTART is a date (VALUE=DATE): it holds whole days, not hours."""
    try:
        value = event.decoded("dtstart")
    except Exception:  # no or a broken DTSTART: `times` says why
        return False
    return isinstance(value, date) and not isinstance(value, datetime)


def whole_days(event, uid: str) -> DayPlan:
    """An all-day event as a day note: DTEND is the day after the last (RFC 5545); with no
    end, or an end not after the start (as some holiday calendars write), it is one day."""
    first = _decoded(event, "dtstart")
    if not 1900 <= first.year <= 2199:
        raise Skip(f"{first:%Y-%m-%d} is outside 1900 to 2199")
    last = first
    if event.get("dtend") is not None:
        end = _decoded(event, "dtend")
        if isinstance(end, datetime):
            raise Skip("it starts on a day and ends at a time")
        last = max(first, end - timedelta(1))
    elif event.get("duration") is not None:
        length = _decoded(event, "duration")
        if not isinstance(length, timedelta):
            raise Skip("DURATION cannot be read")
        if length.seconds or length.days < 1:  # RFC 5545: a day's length is whole days
            raise Skip(f"it starts on a day and lasts {length}")
        last = first + timedelta(length.days - 1)
    title = " ".join(str(event.get("summary") or "(untitled)").split())
    try:
        first, last, text = day_notes.check(first, last, title[:200] or "(untitled)")
    except ValidationError as error:
        raise Skip(error.message) from None
    return DayPlan(uid, first, last, text)


def wall(value: object, zone: str | None) -> tuple[datetime, str | None]:
    """A DTSTART-like value as wall-clock time and the zone it is in: the named zone it was
    written in (Windows names too), else `zone`. A zone we cannot name gives None (the
    time is then in the viewer's zone). Whole days and unknown zones are skipped."""
    if isinstance(value, str):
        raise Skip(f"{value[:40]!r} cannot be read as a time")
    if not isinstance(value, date):
        raise Skip(f"{value!r} is not a date or time")
    if not 1900 <= value.year <= 2199:
        raise Skip(f"{value:%Y-%m-%d} is outside 1900 to 2199")
    if not isinstance(value, datetime):
        raise Skip("a day, not a time, where a time is needed")
    if value.tzinfo is None:  # floating: the wall clock as written, wherever one is
        return value, zone or zones.viewer()
    name = zone or zones.name_of(value.tzinfo)
    target = name or zones.viewer()
    return value.astimezone(zones.zone(target)).replace(tzinfo=None), name


def _decoded(event, name: str):
    try:
        value = event.decoded(name)
    except Exception as error:  # icalendar raises several kinds for one bad value
        raise Skip(f"{name.upper()} cannot be read ({error})") from None
    if isinstance(value, str):  # icalendar keeps what it cannot read as text
        tzid = getattr(event[name], "params", {}).get("TZID")
        if tzid and not zones.is_zone(str(tzid)):
            raise Skip(f"unknown time zone {str(tzid)[:40]!r} in {name.upper()}")
        raise Skip(f"{name.upper()} cannot be read ({value[:40]!r})")
    return value


def _values(event) -> dict:
    categories = event.get("categories")
    lists = categories if isinstance(categories, list) else [categories] if categories else []
    names = [str(name).lower() for item in lists for name in getattr(item, "cats", [])]
    status = str(event.get(STATUS, "planned")).lower()
    return {
        "title": " ".join(str(event.get("summary") or "(untitled)").split())[:200] or "(untitled)",
        "notes": str(event.get("description") or "")[:2000],
        "kind": next((name for name in names if name in BLOCK_KINDS), "other"),
        "status": status if status in BLOCK_STATUSES else "planned",
        "person": str(event.get(PERSON) or "")[:100],
        "group": str(event.get(GROUP) or "")[:100],
    }


def times(event, zone: str | None = None) -> tuple[datetime, datetime, str | None]:
    """Start, end and zone. No end: zero length, as RFC 5545 says."""
    if event.get("dtstart") is None:
        raise Skip("no DTSTART")
    first, zone = wall(_decoded(event, "dtstart"), zone)
    if event.get("dtend") is not None:
        last, _ = wall(_decoded(event, "dtend"), zone)
    elif event.get("duration") is not None:
        length = _decoded(event, "duration")
        if not isinstance(length, timedelta):
            raise Skip("DURATION cannot be read")
        last = first + length
    else:
        last = first
    if last < first:
        raise Skip("it ends before it starts")
    if last - first > LONGEST:
        raise Skip(f"it lasts {last - first} (a block lasts at most a day)")
    return first, last, zone


def single(event, uid: str) -> Plan:
    first, last, zone = times(event)
    return Plan(uid, first, last, zone or zones.viewer(), _values(event))


def is_native(event, first: datetime, zone: str | None) -> bool:
    """True when the event's rule is one the journal keeps as its own weekly series."""
    rule = event.get("rrule")
    if rule is None or isinstance(rule, list) or zone is None or event.get("rdate"):
        return False
    if set(rule) - NATIVE_PARTS or rule.get("FREQ") != ["WEEKLY"]:
        return False
    if rule.get("INTERVAL", [1]) != [1]:
        return False
    return rule.get("BYDAY") in (None, [DAYS[first.weekday()]])


def _last_start(rule, first: datetime, zone: str) -> date | None:
    """The day of the series' last occurrence, from COUNT or UNTIL (None: no end)."""
    if rule.get("COUNT"):
        count = rule["COUNT"][0]
        if count < 1:
            raise Skip(f"COUNT={count}")
        return (first + (count - 1) * WEEK).date()
    if not rule.get("UNTIL"):
        return None
    until = rule["UNTIL"][0]
    if not isinstance(until, datetime):  # a day: every start on that day is in
        until = datetime.combine(until, time.max)
    elif until.tzinfo is not None:
        until = until.astimezone(zones.zone(zone)).replace(tzinfo=None)
    if until < first:
        raise Skip("its rule ends before its first occurrence")
    return (first + ((until - first) // WEEK) * WEEK).date()


def series(event, uid: str, overrides: list) -> Plan:
    """A weekly series of our own, with its EXDATEs, done weeks and RECURRENCE-ID events."""
    plan = single(event, uid)
    plan.repeat = "weekly"
    plan.repeat_until = _last_start(event.get("rrule"), plan.start, plan.tz)
    length = plan.end - plan.start
    skipped = set(str(event.get(SKIPPED, "")).split(","))
    for excluded in _dates(event, "exdate", plan.tz):
        was_skipped = f"{excluded:{STAMP}}" in skipped
        status = "skipped" if was_skipped else "planned"
        plan.changes[excluded] = _row(
            excluded, excluded, excluded + length, status=status, cancelled=not was_skipped
        )
    for done in str(event.get(DONE, "")).split(","):
        moment = _stamp(done)
        if moment is not None and moment not in plan.changes:
            plan.changes[moment] = _row(moment, moment, moment + length, status="done")
    for override in overrides:
        _override(plan, override)
    return plan


def _override(plan: Plan, event) -> None:
    """One occurrence moved, cancelled or ticked on its own (RECURRENCE-ID)."""
    original, _ = wall(_decoded(event, "recurrence-id"), plan.tz)
    if str(event.get("status", "")).upper() == "CANCELLED":
        end = original + (plan.end - plan.start)
        plan.changes[original] = _row(original, original, end, cancelled=True)
        return
    first, last, _ = times(event, plan.tz)
    status = _values(event)["status"]
    if original in plan.changes and not event.get(STATUS):
        status = plan.changes[original]["status"]
    plan.changes[original] = _row(original, first, last, status=status)


def _row(original: datetime, start: datetime, end: datetime, **more) -> dict:
    row = {"original_start": original, "start": start, "end": end, "status": "planned"}
    return row | {"cancelled": False} | more


def _stamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text.strip(), STAMP)
    except ValueError:
        return None


def _dates(event, name: str, zone: str) -> list[datetime]:
    found = event.get(name)
    if found is None:
        return []
    lists = found if isinstance(found, list) else [found]
    return [wall(item.dt, zone)[0] for group in lists for item in group.dts]
