"""Journal entries: writing, tagging, browsing by day, streaks."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import fn

from mentorjournal import clock
from mentorjournal.db import write
from mentorjournal.models import Entry, EntryTag
from mentorjournal.services import ValidationError, check_text, search
from mentorjournal.services.parsing import FIRST_DAY, check_day, parse_date
from mentorjournal.services.steps import STEP_TITLES

TITLE_LENGTH = 120
TAG_LENGTH = 40
MAX_TAGS = 20
BODY_LENGTH = 1_000_000
_TAG_SPLIT = re.compile(r"[,\s]+")


class StaleEntry(Exception):
    """The entry changed in another window since it was loaded; `current` is that version
    (None if it was deleted there). Nothing was saved."""

    def __init__(self, current: "EntryData | None") -> None:
        super().__init__("the entry was changed in another window")
        self.current = current


@dataclass(frozen=True)
class EntryData:
    """An entry as the screens see it: plain values, no database object."""

    id: int
    day: date
    written_at: datetime
    title: str
    body: str
    step: int | None
    tags: tuple[str, ...]
    revision: int

    @property
    def words(self) -> int:
        return len(self.body.split())


def title_of(body: str) -> str:
    """The first non-blank line, without Markdown heading marks, cut to length."""
    for line in body.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:TITLE_LENGTH]
    return ""


def parse_tags(text: str) -> list[str]:
    """Tags typed as `work, rust #learning`: lower-cased, unique, in order."""
    tags: list[str] = []
    for raw in _TAG_SPLIT.split(check_text("tags", text, 10_000)):
        tag = raw.strip().lstrip("#").lower()
        if not tag or tag in tags:
            continue
        if len(tag) > TAG_LENGTH:
            raise ValidationError("tags", f"a tag has at most {TAG_LENGTH} characters")
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError("tags", f"at most {MAX_TAGS} tags per entry")
    return tags


def _check_body(body: str) -> None:
    check_text("body", body, BODY_LENGTH)


def _check_step(step: int | None) -> None:
    if step is not None and step not in STEP_TITLES:
        raise ValidationError("step", "the step is a number from 1 to 5")


def _data(entry: Entry, tags: Iterable[str] | None = None) -> EntryData:
    if tags is None:
        tags = [row.name for row in entry.tag_rows.order_by(EntryTag.id)]
    return EntryData(
        id=entry.id,
        day=entry.day,
        written_at=entry.written_at,
        title=entry.title,
        body=entry.body,
        step=entry.step_id,
        tags=tuple(tags),
        revision=entry.revision,
    )


def indexed_body(title: str, body: str) -> str:
    """What the index holds as the body: the text below the title, so that snippets do
    not repeat the title."""
    _first_line, _newline, rest = body.lstrip().partition("\n")
    return rest if title else body


def check_entry(day: date, body: str, step: int | None, tags: Iterable[str]) -> list[str]:
    """The tags, tidied, or a ValidationError: the rules every entry is written under."""
    check_day(day)
    _check_body(body)
    _check_step(step)
    return parse_tags(" ".join(tags))


def _reindex(entry: Entry, tags: list[str]) -> None:
    search.index_entry(entry.id, entry.title, indexed_body(entry.title, entry.body), tags)


def create_entry(
    day: date,
    body: str,
    *,
    step: int | None = None,
    tags: Iterable[str] = (),
    now: datetime | None = None,
) -> EntryData:
    """Write a new entry on `day`; its time is now's time of day."""
    tags = check_entry(day, body, step, tags)
    now = now or clock.now()
    written_at = now if day == now.date() else datetime.combine(day, now.time())
    with write():
        entry = Entry.create(
            day=day,
            written_at=written_at,
            updated_at=now,
            title=title_of(body),
            body=body,
            step=step,
        )
        EntryTag.insert_many([{"entry": entry.id, "name": tag} for tag in tags]).execute()
        _reindex(entry, tags)
    return _data(entry, tags)


def get_entry(entry_id: int) -> EntryData | None:
    entry = Entry.get_or_none(Entry.id == entry_id)
    return _data(entry) if entry else None


def entries_on(day: date) -> list[EntryData]:
    rows = Entry.select().where(Entry.day == day).order_by(Entry.written_at, Entry.id)
    return [_data(entry) for entry in rows]


def update_entry(
    entry_id: int,
    body: str,
    *,
    step: int | None,
    tags: Iterable[str],
    now: datetime | None = None,
    revision: int | None = None,
) -> EntryData:
    """Replace an entry's text, step and tags (autosave); title and index follow.

    With `revision` (the one the text was loaded at), a save over a newer version
    written by another window is refused with StaleEntry instead of overwriting it.
    """
    _check_body(body)
    _check_step(step)
    tags = parse_tags(" ".join(tags))
    with write():
        entry = Entry.get_or_none(Entry.id == entry_id)
        if entry is None:
            raise StaleEntry(None)
        if revision is not None and entry.revision != revision:
            raise StaleEntry(_data(entry))
        entry.body = body
        entry.title = title_of(body)
        entry.step = step
        entry.updated_at = now or clock.now()
        entry.revision += 1
        entry.save()
        EntryTag.delete().where(EntryTag.entry == entry_id).execute()
        EntryTag.insert_many([{"entry": entry_id, "name": tag} for tag in tags]).execute()
        _reindex(entry, tags)
    search.purge_if_due()
    return _data(entry, tags)


def delete_entry(entry_id: int) -> None:
    """Delete an entry; its words leave the file too (secure_delete, index merged)."""
    with write():
        search.forget_entry(entry_id)
        Entry.delete().where(Entry.id == entry_id).execute()


def days_with_entries(before: date | None = None, limit: int = 200) -> list[tuple[date, int]]:
    """Days that have entries, newest first, with how many: at most `limit` of them."""
    count = fn.COUNT(Entry.id)
    query = Entry.select(Entry.day, count).group_by(Entry.day).order_by(Entry.day.desc())
    if before is not None:
        query = query.where(Entry.day < before)
    return list(query.limit(limit).tuples())


def entry_count() -> int:
    return Entry.select().count()


def _every_day_written(last: date, days: int) -> bool:
    first = last - timedelta(days - 1)
    written = Entry.select(fn.COUNT(Entry.day.distinct())).where(
        (Entry.day >= first) & (Entry.day <= last)
    )
    return written.scalar() == days


def streak(today: date) -> int:
    """Consecutive days written, ending today (or yesterday, if today is still blank).

    Counts in the database, doubling then halving the span (a dozen small queries
    for a ten-year streak), never reading the days into Python.
    """
    day = today if Entry.select().where(Entry.day == today).exists() else today - timedelta(1)
    if not _every_day_written(day, 1):
        return 0
    low, high = 1, 2
    while (day - timedelta(high)).year >= FIRST_DAY.year and _every_day_written(day, high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _every_day_written(day, middle) else (low, middle)
    return low


def on_this_day(today: date, years: int = 30) -> list[EntryData]:
    """Entries written on this date in earlier years, newest first."""
    earlier = []
    for back in range(1, years + 1):
        try:
            earlier.append(today.replace(year=today.year - back))
        except ValueError:  # 29 February in a year without one
            continue
    rows = Entry.select().where(Entry.day.in_(earlier)).order_by(Entry.day.desc(), Entry.id)
    return [_data(entry) for entry in rows]


def parse_day(text: str) -> date:
    """A date typed as YYYY-MM-DD."""
    return parse_date(text)


REVIEW_TAG = "review"  # a weekly review speaks to every step


def _reviews(start: date, end: date):
    return (
        EntryTag.select(EntryTag.entry)
        .join(Entry)
        .where((EntryTag.name == REVIEW_TAG) & (Entry.day >= start) & (Entry.day < end))
    )


def step_counts(start: date, end: date) -> dict[int, int]:
    """How many entries were written for each step between `start` and `end` (exclusive);
    a weekly review counts for every step."""
    rows = (
        Entry.select(Entry.step, fn.COUNT(Entry.id))
        .where((Entry.day >= start) & (Entry.day < end) & Entry.step.is_null(False))
        .where(Entry.id.not_in(_reviews(start, end)))
        .group_by(Entry.step)
        .tuples()
    )
    counts = dict(rows)
    reviews = _reviews(start, end).count()
    return {
        step: counts.get(step, 0) + reviews for step in STEP_TITLES if counts.get(step) or reviews
    }


def entries_for_step(step: int, start: date, end: date) -> list[EntryData]:
    rows = (
        Entry.select()
        .where((Entry.day >= start) & (Entry.day < end))
        .where((Entry.step == step) | Entry.id.in_(_reviews(start, end)))
        .order_by(Entry.day, Entry.written_at)
    )
    return [_data(entry) for entry in rows]
