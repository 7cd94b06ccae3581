"""Rules the journal cannot keep as a weekly series, expanded with `recurring-ical-events`
within a window, with a bound on the work before it starts and on what comes out."""

import math
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

PER_EVENT = 2_000  # occurrences kept of one event
PER_FILE = 20_000  # and of the whole file
CHUNK = timedelta(days=31)  # asked of the library at a time
MOST_STEPS = 400_000  # the rule engine's steps from DTSTART to the window's end, estimated
SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3_600,
    "DAILY": 86_400,
    "WEEKLY": 604_800,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}


class Skip(Exception):
    """This event is left out; the message says why, in a few words."""


def check_cost(rules: list, first: datetime, end: datetime) -> None:
    """Refuse a rule whose expansion up to `end` would run away (every second for years,
    INTERVAL=0) before the rule engine is asked."""
    steps = 0
    for rule in rules:
        freq = (rule.get("FREQ") or [""])[0]
        interval = (rule.get("INTERVAL") or [1])[0]
        if freq not in SECONDS:
            raise Skip(f"unknown FREQ {freq!r}")
        if not isinstance(interval, int) or interval < 1:
            raise Skip(f"INTERVAL={interval} (it must be at least 1)")
        span = max(0.0, (end - first).total_seconds())
        periods = span / (SECONDS[freq] * interval) + 1
        per_period = math.prod(
            len(values)
            for key, values in rule.items()
            if key.startswith("BY") and key != "BYSETPOS"
        )
        if rule.get("COUNT"):
            periods = min(periods, rule["COUNT"][0])
        steps += periods * max(per_period, 1)
    if steps > MOST_STEPS:
        raise Skip(f"repeats too often to expand (about {steps:,.0f} times up to {end:%Y-%m-%d})")


def in_window(calendar: Calendar, start: date, end: date, room: int) -> Iterator:
    """The library's occurrences in [start, end], a month at a time (its `after` walks on
    to year 9999 when a series has ended), at most `room` of them."""
    query = recurring_ical_events.of(calendar, skip_bad_series=True)
    given = 0
    while start <= end and given < room:
        step = min(end, start + CHUNK)
        for occurrence in query.between(start, step + timedelta(1)):
            moment = occurrence.decoded("dtstart")
            day = moment.date() if isinstance(moment, datetime) else moment
            if start <= day <= step and given < room:
                given += 1
                yield occurrence
        start = step + timedelta(1)


def occurrences(parts: list, zones: list, start: date, end: date, room: int) -> list:
    """The VEVENT occurrences of one UID (its master and overrides in `parts`) that start
    in [start, end], at most `room` of them."""
    calendar = Calendar()
    for component in [*zones, *parts]:
        calendar.add_component(component)
    try:
        return list(in_window(calendar, start, end, room))
    except Exception as error:  # the library's own errors are many; none may sink a file
        raise Skip(f"cannot be expanded ({type(error).__name__}: {error})") from None
