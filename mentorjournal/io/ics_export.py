"""Time blocks out as iCalendar: one VEVENT per block in the zone it was planned in.

A weekly series carries its RRULE; weeks cancelled or skipped are EXDATEs (skipped ones
also listed in X-MENTORJOURNAL-SKIPPED), weeks ticked done are listed in
X-MENTORJOURNAL-DONE on the series, and only a week that really moved gets its own
RECURRENCE-ID event: other calendars show each week once. Day notes go out as all-day
events (DTSTART and DTEND as DATE values, DTEND the day after the last, TRANSP:TRANSPARENT
as they take no time). One query per table, events
written as text (icalendar's objects take seconds for ten years of blocks); VTIMEZONEs
come from icalendar, one RDATE a line.
"""

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Timezone

from mentorjournal import clock
from mentorjournal.io.ics_properties import DONE, GROUP, PERSON, SKIPPED, STAMP, STATUS
from mentorjournal.models import BlockOccurrence, DayNote, Group, Person, TimeBlock
from mentorjournal.services.zones import instant

LINE = 75  # octets on a line before it is folded (RFC 5545, 3.1)


def _blocks(start: date | None, end: date | None) -> list:
    """The blocks to write, as plain rows (model objects cost a second per 20,000)."""
    query = TimeBlock.select().order_by(TimeBlock.start)
    if end:
        query = query.where(TimeBlock.start < datetime.combine(end + timedelta(1), time()))
    if start:
        first = datetime.combine(start - timedelta(1), time())
        query = query.where(
            ((TimeBlock.repeat == "none") & (TimeBlock.end >= first))
            | (
                (TimeBlock.repeat == "weekly")
                & (TimeBlock.repeat_until.is_null() | (TimeBlock.repeat_until >= start))
            )
        )
    return list(query.namedtuples())


def export_ics(start: date | None = None, end: date | None = None) -> bytes:
    found = _blocks(start, end)
    weekly = {block.id for block in found if block.repeat == "weekly"}
    rows: dict[int, list] = defaultdict(list)
    for row in BlockOccurrence.select().order_by(BlockOccurrence.original_start).namedtuples():
        if row.block in weekly:
            rows[row.block].append(row)
    names = {
        "person": dict(Person.select(Person.id, Person.name).tuples()),
        "group": dict(Group.select(Group.id, Group.name).tuples()),
    }
    stamp = f"DTSTAMP:{clock.now().astimezone(UTC):%Y%m%dT%H%M%SZ}"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mentorjournal//time blocks//EN"]
    lines += _vtimezones(found)
    for block in found:
        lines += _event(block, rows[block.id], names, stamp)
        length = block.end - block.start
        lines += [
            line
            for row in rows[block.id]
            if _moved(row, length) and not row.cancelled
            for line in _override(block, row, stamp)
        ]
    for note in _day_notes(start, end):
        lines += _day_event(note, stamp)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode("utf-8")


def _day_notes(start: date | None, end: date | None) -> list:
    query = DayNote.select().order_by(DayNote.day, DayNote.id)
    if end:
        query = query.where(DayNote.day <= end)
    if start:
        query = query.where(DayNote.last_day >= start)
    return list(query.namedtuples())


def _day_event(note: tuple, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{_text(note.uid)}",
        stamp,
        f"DTSTART;VALUE=DATE:{note.day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{note.last_day + timedelta(1):%Y%m%d}",
        f"SUMMARY:{_text(note.text)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545, 3.3.11)."""
    for plain, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n")):
        value = value.replace(plain, escaped)
    return value.replace("\n", "\\n").replace("\r", "\\n")


def _fold(line: str) -> str:
    if len(line.encode("utf-8")) <= LINE:
        return line
    parts, current, size = [], "", 0
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > LINE:
            parts.append(current)
            current, size = " ", 1
        current += character
        size += octets
    return "\r\n".join([*parts, current])


def _when(name: str, moment: datetime, zone: str) -> str:
    if zone == "UTC":
        return f"{name}:{moment:%Y%m%dT%H%M%S}Z"
    return f"{name};TZID={zone}:{moment:%Y%m%dT%H%M%S}"


def _moved(row: tuple, length: timedelta) -> bool:
    return row.start != row.original_start or row.end - row.start != length


def _event(block: tuple, rows: list, names: dict, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(block.uid)}",
        stamp,
        _when("DTSTART", block.start, block.tz),
        _when("DTEND", block.end, block.tz),
        f"SUMMARY:{_text(block.title)}",
    ]
    if block.notes:
        lines.append(f"DESCRIPTION:{_text(block.notes)}")
    lines += [f"CATEGORIES:{_text(block.kind)}", f"{STATUS}:{block.status}"]
    if block.person in names["person"]:
        lines.append(f"{PERSON}:{_text(names['person'][block.person])}")
    if block.group in names["group"]:
        lines.append(f"{GROUP}:{_text(names['group'][block.group])}")
    if block.repeat == "weekly":
        lines += _series(block, rows)
    return [*lines, "END:VEVENT"]


def _series(block: tuple, rows: list) -> list[str]:
    rule = "RRULE:FREQ=WEEKLY"
    if block.repeat_until:
        last = datetime.combine(block.repeat_until, block.start.time())
        rule += f";UNTIL={instant(last, block.tz):%Y%m%dT%H%M%SZ}"
    lines = [rule]
    length = block.end - block.start
    skipped, done = [], []
    for row in rows:
        if row.cancelled or row.status == "skipped":
            lines.append(_when("EXDATE", row.original_start, block.tz))
            if not row.cancelled:
                skipped.append(f"{row.original_start:{STAMP}}")
        elif row.status == "done" and not _moved(row, length):
            done.append(f"{row.original_start:{STAMP}}")
    if skipped:
        lines.append(f"{SKIPPED}:{_text(','.join(skipped))}")
    if done:
        lines.append(f"{DONE}:{_text(','.join(done))}")
    return lines


def _override(block: tuple, row: tuple, stamp: str) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{_text(block.uid)}",
        stamp,
        _when("RECURRENCE-ID", row.original_start, block.tz),
        _when("DTSTART", row.start, block.tz),
        _when("DTEND", row.end, block.tz),
        f"SUMMARY:{_text(block.title)}",
        f"CATEGORIES:{_text(block.kind)}",
        f"{STATUS}:{row.status}",
        "END:VEVENT",
    ]


def _vtimezones(found: list) -> list[str]:
    """A VTIMEZONE for each zone used (UTC needs none), covering every block."""
    used = sorted({block.tz for block in found} - {"UTC"})
    if not used:
        return []
    first = min(Timezone.DEFAULT_FIRST_DATE, found[0].start.date())
    last = max(Timezone.DEFAULT_LAST_DATE, found[-1].start.date() + timedelta(days=3 * 365))
    lines = []
    for zone in used:
        vtimezone = Timezone.from_tzid(zone, first_date=first, last_date=last)
        _one_rdate_a_line(vtimezone)
        lines += vtimezone.to_ical().decode("utf-8").replace("\r\n ", "").splitlines()
    return lines


def _one_rdate_a_line(vtimezone: Timezone) -> None:
    """Each RDATE of a VTIMEZONE on a line of its own: ical.js (Thunderbird, Nextcloud)
    reads only the first of a comma-joined list."""
    for part in vtimezone.subcomponents:
        found = part.get("rdate")
        if found is None:
            continue
        lists = found if isinstance(found, list) else [found]
        moments = [item.dt for group in lists for item in group.dts]
        del part["rdate"]
        for moment in moments:
            part.add("rdate", moment)
