"""The form for a day note: what the days are (a holiday, a conference), from when to when."""

from collections.abc import Iterable
from datetime import date
from typing import Any, Self

from mentorjournal.services import day_notes
from mentorjournal.services.day_notes import ShownNote
from mentorjournal.services.parsing import optional_date, parse_date
from mentorjournal.widgets.form import Field, FormScreen, text_field


class DayNoteForm(FormScreen[ShownNote]):
    """A new note on `day` (through a later day if one is typed). Returns the note."""

    draft_kind, draft_mode = "day note", "week"
    heading = "New day note"

    def __init__(self, day: date) -> None:
        super().__init__()
        self.day = day

    def draft_origin(self) -> dict[str, Any]:
        return {"day": self.day.isoformat()}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        return cls(date.fromisoformat(origin["day"]))

    def fields(self) -> Iterable[Field]:
        yield text_field("text", "Note", "", "a holiday, a conference's days…")
        yield text_field("day", "Date", f"{self.day:%Y-%m-%d}")
        yield text_field("last_day", "Until", "", "YYYY-MM-DD, or empty for one day")

    def submit(self) -> ShownNote:
        day = parse_date(self.value("day"), "day")
        last_day = optional_date(self.value("last_day"), "last_day")
        return day_notes.add(day, self.value("text"), last_day)
