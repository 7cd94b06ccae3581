"""The round trip of one real calendar, judged by `recurring-ical-events`: import, export,
and the occurrences of both in the same window compared (start, end, summary)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import x_wr_timezone
from icalendar import Calendar

from mentorjournal.db import write
from mentorjournal.io import ics
from mentorjournal.io.ics_expand import in_window
from mentorjournal.models import BlockOccurrence, DayNote, TimeBlock
from mentorjournal.services import zones

MOST = 3_000  # occurrences compared per file


@dataclass
class Outcome:
    verdict: str  # "same", "unread" (the library cannot read it), "refused", "left out", "differs"
    detail: str = ""


def _moment(value) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), UTC)  # a whole day: never ours, compared as is
    if value.tzinfo is None:
        value = zones.aware(value, zones.viewer())  # floating: where the viewer is
    return value.astimezone(UTC)


def expand(data: bytes, start: date, end: date, skipped: set[str] = frozenset()) -> list:
    """(start, end, summary) of every occurrence in [start, end], by the library, leaving
    out the events of UIDs in `skipped`; the end is None where the source states none."""
    calendar = x_wr_timezone.to_standard(Calendar.from_ical(data))
    for number, event in enumerate(calendar.walk("VEVENT"), 1):
        if event.get("uid") is None:  # named as the import names it, to tell what it left out
            event.add("uid", f"imported-{number}")
    found = []
    for event in in_window(calendar, start, end, MOST):
        if str(event.get("uid", "")).split("#")[0][:60] in skipped:  # named to 60 characters
            continue
        if event.get("dtstart") is None:  # the library passes it on; it has no time
            continue
        first = _moment(event.decoded("dtstart"))
        stated = event.get("dtend") is not None or event.get("duration") is not None
        finish = _moment(event.end) if stated else None  # compared where the source says
        if stated and finish <= first and not isinstance(event.decoded("dtstart"), datetime):
            finish = first + timedelta(1)  # a whole day ending as it starts: one day, as read
        title = " ".join(str(event.get("summary") or "").split()) or "(untitled)"
        found.append((first, finish, title))
    return sorted(found, key=_order)


def _order(occurrence: tuple) -> tuple:
    first, finish, title = occurrence
    return first, finish is not None, finish or first, title


def window(data: bytes) -> tuple[date, date]:
    """From a day before the file's first start, two years."""
    calendar = Calendar.from_ical(data)
    starts = []
    for event in calendar.walk("VEVENT"):
        try:
            starts.append(_moment(event.decoded("dtstart")))
        except Exception:
            continue
    first = min(starts).date() - timedelta(1) if starts else date(2020, 1, 1)
    return first, first + timedelta(days=730)


def _empty() -> None:
    with write():
        BlockOccurrence.delete().execute()
        TimeBlock.delete().execute()
        DayNote.delete().execute()


def round_trip(data: bytes) -> Outcome:
    try:
        start, end = window(data)
        before = expand(data, start, end)
    except Exception as error:
        return Outcome("unread", f"{type(error).__name__}: {error}")
    _empty()
    try:
        summary = ics.import_ics(data, start, end)
    except ics.IcsRefused as error:
        return Outcome("refused", str(error))
    left_out = {problem.split("(", 1)[1].split(")", 1)[0] for problem in summary.problems}
    wanted = expand(data, start, end, left_out) if left_out else before
    endless = {(first, title) for first, finish, title in wanted if finish is None}
    after = sorted(
        (
            (first, None if (first, title) in endless else finish, title)
            for first, finish, title in expand(ics.export_ics(), start, end)
        ),
        key=_order,
    )
    if after == wanted:
        return Outcome("left out" if left_out else "same", "; ".join(summary.problems))
    missing = sorted(set(wanted) - set(after))[:2]
    extra = sorted(set(after) - set(wanted))[:2]
    return Outcome("differs", f"missing {missing}, extra {extra}; {summary.problems[:2]}")
