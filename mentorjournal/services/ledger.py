"""The give/receive ledger: what you gave to and received from people, and follow-ups."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from peewee import fn

from mentorjournal.db import write
from mentorjournal.models import DIRECTIONS, LEDGER_KINDS, LedgerEntry, Person
from mentorjournal.services import ValidationError, check_text, checklist
from mentorjournal.services.parsing import check_day, parse_date
from mentorjournal.services.people import name_of, person_named
from mentorjournal.services.removal import Removed, put_back, remove

__all__ = ["DIRECTIONS", "LEDGER_KINDS"]

NOTE_LENGTH = 2_000
PAGE = 60  # rows read at a time: two screens of a tall terminal
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})?(?:(\.\.)(\d{4}-\d{2}-\d{2})?)?$")
FILTER_LENGTH = 200  # characters
FILTER_WORDS = 20  # words looked for in names and notes


@dataclass(frozen=True)
class EntryForm:
    """A ledger entry as typed: people by name."""

    day: date
    person: str
    direction: str
    kind: str = "other"
    note: str = ""
    other_person: str = ""  # an introduction: whom you introduced them to, or through them met
    follow_up: date | None = None


@dataclass(frozen=True)
class Row:
    id: int
    day: date
    person_id: int
    person: str
    direction: str
    kind: str
    note: str
    other_person: str
    follow_up: date | None
    followed_up: date | None

    def form(self) -> EntryForm:
        return EntryForm(
            self.day,
            self.person,
            self.direction,
            self.kind,
            self.note,
            self.other_person,
            self.follow_up,
        )

    def describe(self) -> str:
        """'introduced Ana to Ben', 'advice from Ben'…"""
        if self.kind == "introduction" and self.other_person:
            if self.direction == "give":
                return f"introduced {self.person} to {self.other_person}"
            return f"{self.person} introduced me to {self.other_person}"
        preposition = "to" if self.direction == "give" else "from"
        return f"{self.kind} {preposition} {self.person}"


@dataclass(frozen=True)
class Filter:
    """What the ledger list is narrowed to; empty means everything."""

    direction: str | None = None
    kinds: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Balance:
    person_id: int
    person: str
    given: int
    received: int


def parse_filter(text: str) -> Filter:
    """`ana give advice 2026-01-01..2026-03-31`: directions, kinds, a day or a range of
    days are recognised; the other words must all appear in the person's name or the
    note. A date that does not exist, a range that ends before it starts, or a filter
    too long is a ValidationError."""
    if len(text) > FILTER_LENGTH:
        raise ValidationError("filter", f"a filter has at most {FILTER_LENGTH} characters")
    direction, kinds, days, words = None, [], (None, None), []
    for word in text.split():
        lower = word.lower()
        if lower in ("give", "gave", "given"):
            direction = "give"
        elif lower in ("receive", "received", "got"):
            direction = "receive"
        elif lower in LEDGER_KINDS:
            kinds.append(lower)
        elif match := _RANGE.match(word):
            days = _range_of(match)
        else:
            words.append(word)
    if len(words) > FILTER_WORDS:
        raise ValidationError("filter", f"a filter has at most {FILTER_WORDS} words to look for")
    start, end = days
    return Filter(direction=direction, kinds=tuple(kinds), start=start, end=end, words=tuple(words))


def _range_of(match: re.Match) -> tuple[date | None, date | None]:
    """The days of `2026-01-01..2026-03-31` (either end may be left out) or `2026-01-01`."""
    first, dots, last = match.groups()
    start = parse_date(first, "filter") if first else None
    end = parse_date(last, "filter") if last else None if dots else start
    if start and end and end < start:
        raise ValidationError("filter", f"{match[0]} ends before it starts")
    return start, end


def _check(form: EntryForm) -> EntryForm:
    for field in ("person", "other_person", "note"):
        check_text(field, getattr(form, field), NOTE_LENGTH)
    if not form.person.strip():
        raise ValidationError("person", "an entry needs a person")
    if form.direction not in DIRECTIONS:
        raise ValidationError("direction", "the direction is give or receive")
    if form.kind not in LEDGER_KINDS:
        raise ValidationError("kind", f"the kind is one of: {', '.join(LEDGER_KINDS)}")
    check_day(form.day, "day")
    if form.follow_up and form.follow_up < form.day:
        raise ValidationError("follow_up", "the follow-up cannot be before the entry's date")
    if (
        form.other_person.strip()
        and " ".join(form.other_person.split()).lower() == " ".join(form.person.split()).lower()
    ):
        raise ValidationError("other_person", "an introduction is between two different people")
    return form


def _values(form: EntryForm) -> dict:
    return {
        "date": form.day,
        "person": person_named(form.person),
        "other_person": person_named(form.other_person),
        "direction": form.direction,
        "kind": form.kind,
        "note": form.note.strip(),
        "follow_up": form.follow_up,
    }


def add(form: EntryForm) -> int:
    form = _check(form)
    with write():
        return LedgerEntry.create(**_values(form)).id


def update(entry_id: int, form: EntryForm) -> None:
    form = _check(form)
    with write():
        LedgerEntry.update(**_values(form)).where(LedgerEntry.id == entry_id).execute()


def delete(entry_id: int) -> Removed:
    """Delete a ledger line; the result can be given to `restore`."""
    return remove(LedgerEntry, entry_id)


def restore(deleted: Removed) -> None:
    put_back(deleted)


def _row(entry: LedgerEntry, names: dict[int, str]) -> Row:
    return Row(
        id=entry.id,
        day=entry.date,
        person_id=entry.person_id,
        person=names.get(entry.person_id, ""),
        direction=entry.direction,
        kind=entry.kind,
        note=entry.note,
        other_person=names.get(entry.other_person_id, "") if entry.other_person_id else "",
        follow_up=entry.follow_up,
        followed_up=entry.followed_up,
    )


def _names(entries: list[LedgerEntry]) -> dict[int, str]:
    ids = {e.person_id for e in entries} | {e.other_person_id for e in entries if e.other_person_id}
    return dict(Person.select(Person.id, Person.name).where(Person.id.in_(ids)).tuples())


def _query(narrow: Filter):
    query = LedgerEntry.select()
    if narrow.words:  # only then: a count of the whole ledger needs no join
        query = query.join(Person, on=(LedgerEntry.person == Person.id))
    if narrow.direction:
        query = query.where(LedgerEntry.direction == narrow.direction)
    if narrow.kinds:
        query = query.where(LedgerEntry.kind.in_(narrow.kinds))
    if narrow.start:
        query = query.where(LedgerEntry.date >= narrow.start)
    if narrow.end:
        query = query.where(LedgerEntry.date <= narrow.end)
    for word in narrow.words:
        query = query.where(Person.name.contains(word) | LedgerEntry.note.contains(word))
    return query


def entries(narrow: Filter = Filter(), offset: int = 0, limit: int = PAGE) -> list[Row]:
    """Entries newest first, one page at a time (read from the index on the date)."""
    page = list(
        _query(narrow)
        .order_by(LedgerEntry.date.desc(), LedgerEntry.id.desc())
        .offset(offset)
        .limit(limit)
    )
    names = _names(page)
    return [_row(entry, names) for entry in page]


def count(narrow: Filter = Filter()) -> int:
    return _query(narrow).count()


def get(entry_id: int) -> Row:
    entry = LedgerEntry.get_by_id(entry_id)
    return _row(entry, _names([entry]))


def find(entry_id: int) -> Row | None:
    """The entry, or None if it is gone (deleted in another window)."""
    entry = LedgerEntry.get_or_none(LedgerEntry.id == entry_id)
    return _row(entry, _names([entry])) if entry else None


def person_entries(person_id: int) -> list[Row]:
    """Everything given to and received from a person, and introductions they are part of."""
    found = list(
        LedgerEntry.select()
        .where((LedgerEntry.person == person_id) | (LedgerEntry.other_person == person_id))
        .order_by(LedgerEntry.date.desc())
    )
    names = _names(found)
    return [_row(entry, names) for entry in found]


def balances(offset: int = 0, limit: int | None = None) -> list[Balance]:
    """Given and received per person, the most active first; `limit` people from
    `offset`, or all. Counted by the database from the index on (person, direction)."""
    per_person = (
        LedgerEntry.select(
            LedgerEntry.person.alias("person_id"),
            fn.SUM((LedgerEntry.direction == "give").cast("INTEGER")).alias("given"),
            fn.SUM((LedgerEntry.direction == "receive").cast("INTEGER")).alias("received"),
            fn.COUNT(LedgerEntry.id).alias("total"),
        )
        .group_by(LedgerEntry.person)
        .alias("per_person")
    )
    rows = (
        Person.select(Person.id, Person.name, per_person.c.given, per_person.c.received)
        .join(per_person, on=(per_person.c.person_id == Person.id))
        .order_by(per_person.c.total.desc(), Person.name)
        .offset(offset or None)
        .limit(limit)
        .tuples()
    )
    return [Balance(person_id, name, int(given), int(got)) for person_id, name, given, got in rows]


def follow_ups_due(offset: int = 0, limit: int | None = None) -> list[Row]:
    """Follow-ups promised and not yet done, the oldest (most overdue) first; `limit`
    of them from `offset`, or all."""
    due = list(
        LedgerEntry.select()
        .where(LedgerEntry.follow_up.is_null(False) & LedgerEntry.followed_up.is_null())
        .order_by(LedgerEntry.follow_up, LedgerEntry.id)
        .offset(offset or None)
        .limit(limit)
    )
    names = _names(due)
    return [_row(entry, names) for entry in due]


@dataclass(frozen=True)
class FollowedUp:
    """What marking a follow-up done changed, so that it can be said and undone."""

    entry_id: int
    report_id: int | None  # the report-back recorded as given, for advice received
    action_id: int | None  # the step-5 action "Act on … and report back" it ticked
    week: date  # the week (as shown) the action was ticked in


def mark_followed_up(entry_id: int, now: datetime, week: date) -> FollowedUp | None:
    """Record that the follow-up was done (None if it already was). For advice received,
    the report-back is recorded as something given, and the step-5 action to act on
    it and report back is ticked in `week`."""
    with write():
        entry = LedgerEntry.get_by_id(entry_id)
        if entry.followed_up is not None:
            return None
        entry.followed_up = now.date()
        entry.save()
        if entry.direction != "receive" or entry.kind != "advice":
            return FollowedUp(entry_id, None, None, week)
        about = entry.note or "their advice"
        report = LedgerEntry.create(
            date=now.date(),
            person=entry.person_id,
            direction="give",
            kind="feedback",
            note=f"Reported back on: {about}"[:NOTE_LENGTH],
        )
        action = checklist.tick_report_back(name_of(entry.person_id), about, week, now)
    return FollowedUp(entry_id, report.id, action, week)


def undo_follow_up(done: FollowedUp) -> None:
    """Put back what `mark_followed_up` changed."""
    with write():
        LedgerEntry.update(followed_up=None).where(LedgerEntry.id == done.entry_id).execute()
        if done.report_id is not None:
            LedgerEntry.delete().where(LedgerEntry.id == done.report_id).execute()
        if done.action_id is not None:
            checklist.untick(done.action_id, done.week)


def act_on_advice(entry_id: int, today: date) -> int:
    """The step-5 action for advice received: act on it and report back."""
    row = get(entry_id)
    return checklist.add_report_back(row.person, row.note or "their advice", today=today)


def introductions_of(person_id: int) -> tuple[list[str], list[str]]:
    """Whom you met through this person, and through whom you met them."""
    through = (
        LedgerEntry.select(LedgerEntry.other_person)
        .where(
            (LedgerEntry.kind == "introduction")
            & (LedgerEntry.direction == "receive")
            & (LedgerEntry.person == person_id)
            & LedgerEntry.other_person.is_null(False)
        )
        .tuples()
    )
    by = (
        LedgerEntry.select(LedgerEntry.person)
        .where(
            (LedgerEntry.kind == "introduction")
            & (LedgerEntry.direction == "receive")
            & (LedgerEntry.other_person == person_id)
        )
        .tuples()
    )
    return [name_of(p) for (p,) in through], [name_of(p) for (p,) in by]
