"""Day notes: text on whole days (a holiday, a conference's days, an all-day calendar
event), shown on the Week screen's day header. They hold no hours, so they never count
as planned or done time."""

from dataclasses import dataclass
from datetime import date, timedelta

from mentorjournal.db import write
from mentorjournal.models import DayNote
from mentorjournal.services import ValidationError, check_text
from mentorjournal.services.parsing import check_day
from mentorjournal.services.removal import Removed, put_back, remove

TEXT_LENGTH = 200
LONGEST = 366  # days one note may span


@dataclass(frozen=True)
class ShownNote:
    """A day note as the screens show it; `last_day` is inclusive."""

    id: int
    uid: str
    day: date
    last_day: date
    text: str

    def covers(self, day: date) -> bool:
        return self.day <= day <= self.last_day


def check(day: date, last_day: date, text: str) -> tuple[date, date, str]:
    """The note's days and text, tidied, or a ValidationError naming the field at fault."""
    text = " ".join(check_text("text", text, TEXT_LENGTH).split())
    if not text:
        raise ValidationError("text", "a day note needs some text")
    check_day(day, "day")
    check_day(last_day, "last_day")
    if last_day < day:
        raise ValidationError("last_day", "the last day is before the first")
    if (last_day - day).days >= LONGEST:
        raise ValidationError("last_day", f"a day note spans at most {LONGEST} days")
    return day, last_day, text


def add(day: date, text: str, last_day: date | None = None) -> ShownNote:
    """A new note on `day` (through `last_day`, default the same day)."""
    day, last_day, text = check(day, last_day or day, text)
    with write():
        note = DayNote.create(day=day, last_day=last_day, text=text)
    return _shown(note)


def between(first: date, last: date) -> list[ShownNote]:
    """The notes touching any day from `first` to `last`, earliest first."""
    query = DayNote.select().where((DayNote.day <= last) & (DayNote.last_day >= first))
    return [_shown(note) for note in query.order_by(DayNote.day, DayNote.id)]


def week_notes(first_day: date) -> list[ShownNote]:
    """The notes of the seven days from `first_day`."""
    return between(first_day, first_day + timedelta(6))


def on_day(day: date) -> list[ShownNote]:
    return between(day, day)


def delete(note_id: int) -> Removed:
    """Remove a note; `restore` puts it back as it was."""
    return remove(DayNote, note_id)


def restore(removed: Removed) -> None:
    put_back(removed)


def _shown(note: DayNote) -> ShownNote:
    return ShownNote(note.id, note.uid, note.day, note.last_day, note.text)
