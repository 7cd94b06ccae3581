"""Day notes: whole days on the week's header, kept across restarts, never hours."""

from datetime import date, datetime

import pytest

from mentorjournal import db
from mentorjournal.services import ValidationError, blocks, day_notes
from mentorjournal.services.journal import open_journal

MONDAY = date(2026, 11, 23)


def test_notes_are_kept_listed_by_week_and_removed_with_undo(journal) -> None:
    holiday = day_notes.add(date(2026, 11, 26), "  Thanksgiving ")
    trip = day_notes.add(date(2026, 11, 29), "Conference trip", date(2026, 12, 1))
    db.close_journal()
    open_journal(journal)
    assert [n.text for n in day_notes.week_notes(MONDAY)] == ["Thanksgiving", "Conference trip"]
    assert [n.text for n in day_notes.week_notes(date(2026, 11, 30))] == ["Conference trip"]
    assert day_notes.on_day(date(2026, 11, 27)) == []
    removed = day_notes.delete(holiday.id)
    assert day_notes.week_notes(MONDAY) == [trip]
    day_notes.restore(removed)
    assert day_notes.week_notes(MONDAY)[0] == holiday  # the same uid, the same id


def test_day_notes_never_count_as_hours(journal) -> None:
    day_notes.add(MONDAY, "All day: offsite", date(2026, 11, 27))
    assert blocks.hours(blocks.week_blocks(MONDAY)).planned == 0


@pytest.mark.parametrize(
    ("first", "last", "text", "field"),
    [
        (MONDAY, MONDAY, "   ", "text"),
        (MONDAY, MONDAY, "x" * 201, "text"),
        (MONDAY, date(2026, 11, 22), "Backwards", "last_day"),
        (MONDAY, date(2028, 1, 1), "Too long", "last_day"),
        (date(1800, 1, 1), MONDAY, "Long ago", "day"),
    ],
)
def test_bad_notes_are_refused_with_the_field(journal, first, last, text, field) -> None:
    with pytest.raises(ValidationError) as refused:
        day_notes.add(first, text, last)
    assert refused.value.field == field
    assert day_notes.between(date(1900, 1, 1), date(2199, 1, 1)) == []


def test_a_note_gets_a_uid_and_a_stamp(journal) -> None:
    note = day_notes.add(MONDAY, "Holiday")
    from mentorjournal.models import DayNote

    row = DayNote.get_by_id(note.id)
    assert len(row.uid) == 36 and isinstance(row.updated_at, datetime)
