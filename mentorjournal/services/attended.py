"""Meetings that took place: blocks, and occurrences of series, marked done.

A block only planned (or skipped) is not a meeting attended nor a contact made.
"""

from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from mentorjournal.models import BlockOccurrence, TimeBlock


@dataclass(frozen=True)
class Attended:
    count: int
    last: datetime


def done_meetings(by: str, until: datetime, kind: str | None = None) -> dict[int, Attended]:
    """Per person (`by` "person") or group (`by` "group"): how many blocks marked done
    started by `until`, and the last one's start; only blocks of `kind`, if given.
    Counted by SQLite in one grouped query over single blocks and series' weeks."""
    column = getattr(TimeBlock, by)
    wanted = column.is_null(False) & ((TimeBlock.kind == kind) if kind else True)
    single = TimeBlock.select(column.alias("key"), TimeBlock.start.alias("start")).where(
        wanted
        & (TimeBlock.repeat == "none")
        & (TimeBlock.status == "done")
        & (TimeBlock.start <= until)
    )
    series = (
        BlockOccurrence.select(column.alias("key"), BlockOccurrence.start.alias("start"))
        .join(TimeBlock)
        .where(
            wanted
            & (BlockOccurrence.status == "done")
            & ~BlockOccurrence.cancelled
            & (BlockOccurrence.start <= until)
        )
    )
    done = single.union_all(series).alias("done")
    rows = done.select_from(done.c.key, fn.COUNT(done.c.key), fn.MAX(done.c.start))
    return {
        key: Attended(count, _moment(last))
        for key, count, last in rows.group_by(done.c.key).tuples()
    }


def _moment(value: datetime | str) -> datetime:
    """A start as SQLite gives it back from MAX(): the stored text."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)
