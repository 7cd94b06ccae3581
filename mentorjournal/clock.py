"""The one clock: what every service and screen takes as now and today.

Tests, snapshots and the demo fix it; nothing else calls `date.today()`.
"""

from datetime import date, datetime, time

_fixed_day: date | None = None
_fixed_time: time | None = None


def fix(day: date | None = None, at: time | None = None) -> None:
    """From now on `today()` is `day` and the time of day `at` (None: the real one)."""
    global _fixed_day, _fixed_time
    _fixed_day, _fixed_time = day, at


def today() -> date:
    return _fixed_day or date.today()


def now() -> datetime:
    if _fixed_day is None and _fixed_time is None:
        return datetime.now()
    return datetime.combine(today(), _fixed_time or datetime.now().time())
