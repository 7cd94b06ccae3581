"""Meetings that took place: blocks, and occurrences of series, marked done.

A block only planned (or skipped) is not a meeting attended nor a contact made.
"""

from dataclasses import dataclass
from datetime import datetime

from mentorjournal.models import BlockOccurrence, TimeBlock


@dataclass(frozen=True)
class Attended:
    count: int
    last: datetime


def done_meetings(by: str, until: datetime, kind: str | None = None) -> dict[int, Attended]:
    """Per person (`by` "person") or group (`by` "group"): how many blocks marked done
    started by `until`, and the last one's start; only blocks of `kind`, if given."""
    column = getattr(TimeBlock, by)
    wanted = column.is_null(False) & ((TimeBlock.kind == kind) if kind else True)
    single = TimeBlock.select(column, TimeBlock.start).where(
        wanted & (TimeBlock.repeat == "none") & (TimeBlock.status == "done")
    )
    series = (
        BlockOccurrence.select(column, BlockOccurrence.start)
        .join(TimeBlock)
        .where(wanted & (BlockOccurrence.status == "done") & ~BlockOccurrence.cancelled)
    )
    found: dict[int, Attended] = {}
    for key, start in [*single.tuples(), *series.tuples()]:
        if start <= until:
            before = found.get(key)
            found[key] = Attended(
                (before.count if before else 0) + 1, max(start, before.last) if before else start
            )
    return found
