"""The days that have entries, newest first, loaded a page at a time."""

import contextlib
from datetime import date

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist


class DayList(OptionList):
    """Days with entry counts; asks for more when the cursor nears the end."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class NeedMore(Message):
        """The cursor is near the last loaded day; `before` is that day."""

        def __init__(self, before: date) -> None:
            super().__init__()
            self.before = before

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._has_more = False
        self._last: date | None = None

    def show_days(self, days: list[tuple[date, int]], has_more: bool, current: date) -> None:
        """Replace the list, highlighting `current` if it has entries."""
        self.clear_options()
        self._last = None
        self.add_days(days, has_more)
        self.highlight_day(current)

    def highlight_day(self, day: date) -> None:
        """Put the cursor on `day` if it is loaded; otherwise leave it where it is."""
        with contextlib.suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(day.isoformat())

    def add_days(self, days: list[tuple[date, int]], has_more: bool) -> None:
        self._has_more = has_more
        if days:
            self._last = days[-1][0]
        self.add_options(
            Option(
                Content.assemble(f"{day:%a %d %b %Y}  ", (str(count), "dim")), id=day.isoformat()
            )
            for day, count in days
        )

    def day_at(self, index: int) -> date:
        return date.fromisoformat(self.get_option_at_index(index).id or "")

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        near_end = highlighted is not None and highlighted >= self.option_count - 20
        if near_end and self._has_more and self._last is not None:
            self._has_more = False
            self.post_message(self.NeedMore(self._last))
