"""The days that have entries, newest first, loaded a page at a time."""

import contextlib
from datetime import date

from textual.content import Content
from textual.widgets.option_list import Option, OptionDoesNotExist

from mentorjournal.widgets.lists import PagedList


def _day_option(day: date, count: int) -> Option:
    return Option(Content.assemble(f"{day:%a %d %b %Y}  ", (f"{count}", "dim")), id=f"{day}")


class DayList(PagedList):
    """Days with entry counts."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._first_page: list[tuple[date, int]] = []  # what `show_days` last drew

    def show_days(self, days: list[tuple[date, int]], has_more: bool, current: date) -> None:
        """Replace the list, highlighting `current` if it has entries (while the list has
        focus, the day under the cursor stays under it)."""
        kept = self.highlighted_option if self.has_focus else None
        if days != self._first_page or self.option_count != len(days):  # else: as drawn
            self._first_page = days
            # replaced in one go: never laid out empty in between
            self.set_options(_day_option(day, count) for day, count in days)
            self.has_more = has_more
        self.highlight_day(date.fromisoformat(kept.id) if kept and kept.id else current)

    def highlight_day(self, day: date) -> None:
        """Put the cursor on `day` if it is loaded; otherwise leave it where it is."""
        with contextlib.suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(day.isoformat())

    def add_days(self, days: list[tuple[date, int]], has_more: bool) -> None:
        self.add_options(_day_option(day, count) for day, count in days)
        self.has_more = has_more

    @property
    def last_day(self) -> date | None:
        if not self.option_count:
            return None
        return date.fromisoformat(self.get_option_at_index(self.option_count - 1).id or "")
