"""A year of days, one cell each, shaded by words written: the contribution-graph picture."""

from datetime import date, timedelta

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from mentorjournal import clock

LEVELS = (0, 1, 60, 150, 300)  # words from which each shade starts
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL_WIDTH = 4


class Heatmap(Widget):
    """Columns are weeks (oldest left), rows are weekdays from the configured first day of
    the week; the top row names the months."""

    COMPONENT_CLASSES = {"heatmap--label", *(f"heatmap--level-{n}" for n in range(len(LEVELS)))}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.words: dict[date, int] = {}
        self.last_day = clock.today()
        self.weeks = 53
        self.first_weekday = 0  # Monday

    def show(
        self, words: dict[date, int], last_day: date, weeks: int, first_weekday: int = 0
    ) -> None:
        self.words, self.last_day, self.weeks = words, last_day, weeks
        self.first_weekday = first_weekday
        self.refresh()

    def _first_day(self) -> date:
        """The first day of the oldest week shown."""
        last_start = self.last_day - timedelta((self.last_day.weekday() - self.first_weekday) % 7)
        return last_start - timedelta(weeks=self.weeks - 1)

    def _row_label(self, row: int) -> str:
        """Every other weekday is named, starting with the first day of the week."""
        return WEEKDAYS[(self.first_weekday + row) % 7] if row % 2 == 0 else ""

    def _level(self, words: int) -> int:
        return max(n for n, start in enumerate(LEVELS) if words >= start)

    def render_line(self, y: int) -> Strip:
        label_style = self.rich_style + self.get_component_rich_style(
            "heatmap--label", partial=True
        )
        first = self._first_day()
        if y == 0:
            months = [" "] * self.weeks
            for week in range(self.weeks):
                start = first + timedelta(weeks=week)
                if start.day <= 7 and week + 3 <= self.weeks:
                    for n, letter in enumerate(f"{start:%b}"):
                        months[week + n] = letter
            return Strip([Segment(" " * LABEL_WIDTH + "".join(months), label_style)])
        weekday = y - 1
        if weekday > 6:
            return Strip.blank(self.size.width, self.rich_style)
        segments = [Segment(f"{self._row_label(weekday):<{LABEL_WIDTH}}", label_style)]
        for week in range(self.weeks):
            day = first + timedelta(weeks=week, days=weekday)
            if day > self.last_day:
                segments.append(Segment(" ", self.rich_style))
                continue
            level = self._level(self.words.get(day, 0))
            style = self.get_component_rich_style(f"heatmap--level-{level}", partial=True)
            segments.append(Segment("■" if level else "·", self.rich_style + style))
        return Strip(segments)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 8

    def get_content_width(self, container, viewport) -> int:
        return LABEL_WIDTH + self.weeks
