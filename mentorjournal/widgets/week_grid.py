"""The week grid: seven days side by side, half-hour rows, blocks drawn over their cells.

Drawn line by line (the Line API) from one week's blocks only, so moving to another
week costs the same whether the journal holds ten blocks or twenty thousand.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from mentorjournal import clock
from mentorjournal.services.blocks import BLOCK_KINDS, SLOT, Shown
from mentorjournal.services.day_notes import ShownNote
from mentorjournal.widgets.cells import fit

SLOTS = 48  # half-hours in a day
GUTTER = 6  # "09:30 "


def kind_class(kind: str) -> str:
    return "week-grid--" + kind.replace(" ", "-")


def day_columns(width: int) -> list[tuple[int, int]]:
    """(x, width) of the seven day columns in a grid `width` cells wide."""
    room = max(width - GUTTER, 7)
    edges = [GUTTER + room * day // 7 for day in range(8)]
    return [(edges[day], edges[day + 1] - edges[day]) for day in range(7)]


@dataclass(frozen=True)
class Placed:
    """A block in one day's column: which lane of how many, and which slots it covers."""

    block: Shown
    lane: int
    lanes: int
    first: int
    last: int


def _slot_of(moment: datetime, day: date) -> float:
    return (moment - datetime.combine(day, time())) / SLOT


def place(blocks: list[Shown], day: date) -> list[Placed]:
    """Lay out a day's blocks; overlapping ones go side by side in lanes."""
    spans = []
    for block in blocks:
        first = _slot_of(block.start, day)
        end = max(_slot_of(block.end, day), first + 1)  # a zero-length marker takes a row
        if end <= 0 or first >= SLOTS:
            continue
        spans.append((max(0, int(first)), min(SLOTS, -int(-end // 1)) - 1, block))
    placed: list[Placed] = []
    cluster: list[tuple[int, int, int, Shown]] = []  # (first, last, lane, block)
    lane_ends: list[int] = []
    cluster_end = -1

    def close() -> None:
        lanes = len(lane_ends)
        placed.extend(Placed(b, lane, lanes, first, last) for first, last, lane, b in cluster)

    for first, last, block in sorted(spans, key=lambda span: (span[0], -span[1])):
        if first > cluster_end and cluster:
            close()
            cluster, lane_ends = [], []
        lane = next((n for n, end in enumerate(lane_ends) if end < first), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(last)
        else:
            lane_ends[lane] = last
        cluster.append((first, last, lane, block))
        cluster_end = max(cluster_end, last)
    if cluster:
        close()
    return placed


class WeekGrid(ScrollView, can_focus=True):
    """A cursor moves over (day, half-hour) cells; the screen acts on what is under it."""

    COMPONENT_CLASSES = {
        "week-grid--gutter",
        "week-grid--off-hours",
        "week-grid--hour",
        "week-grid--now",
        "week-grid--today",
        "week-grid--cursor",
        "week-grid--done",
        "week-grid--skipped",
        "week-grid--clash",
        *(kind_class(kind) for kind in BLOCK_KINDS),
    }
    BINDINGS = [
        Binding("left,h", "cursor(-1, 0)", "Day before", show=False, id="grid.left"),
        Binding("right,l", "cursor(1, 0)", "Day after", show=False, id="grid.right"),
        Binding("up,k", "cursor(0, -1)", "Earlier", show=False, id="grid.up"),
        Binding("down,j", "cursor(0, 1)", "Later", show=False, id="grid.down"),
        Binding("pageup", "cursor(0, -8)", "4 hours earlier", show=False, id="grid.page-up"),
        Binding("pagedown", "cursor(0, 8)", "4 hours later", show=False, id="grid.page-down"),
    ]

    cursor_day = reactive(0)
    cursor_slot = reactive(18)

    class CursorMoved(Message):
        """The cursor is on another cell."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first_day = clock.today()
        self.today = clock.today()
        self.now: datetime | None = None
        self.blocks: list[Shown] = []
        self.clashes: set = set()
        self.day_hours = (7, 21)  # the working day; hours outside it are dimmed
        self._days: list[list[Placed]] = [[] for _ in range(7)]
        self.virtual_size = Size(0, SLOTS)

    # What the grid shows

    def show_week(self, first_day: date, blocks: list[Shown], now: datetime, clashes: set) -> None:
        self.first_day, self.now, self.today = first_day, now, now.date()
        self.blocks, self.clashes = blocks, clashes
        self._days = [place(blocks, first_day + timedelta(day)) for day in range(7)]
        self.refresh()

    def cursor_start(self) -> datetime:
        return datetime.combine(self.first_day + timedelta(self.cursor_day), time()) + (
            self.cursor_slot * SLOT
        )

    def block_at_cursor(self) -> Shown | None:
        for placed in self._days[self.cursor_day]:
            if placed.first <= self.cursor_slot <= placed.last:
                return placed.block
        return None

    def put_cursor_on(self, block: Shown) -> None:
        """Follow a block that moved."""
        day = (block.start.date() - self.first_day).days
        if 0 <= day < 7:
            self.cursor_day = day
            self.cursor_slot = int(_slot_of(block.start, block.start.date()))

    def scroll_to_hour(self, hour: int) -> None:
        self.scroll_to(y=hour * 2, animate=False)

    # Moving the cursor

    def action_cursor(self, days: int, slots: int) -> None:
        self.cursor_day = (self.cursor_day + days) % 7
        self.cursor_slot = min(max(self.cursor_slot + slots, 0), SLOTS - 1)

    def watch_cursor_day(self) -> None:
        self._cursor_moved()

    def watch_cursor_slot(self) -> None:
        self._cursor_moved()

    def _cursor_moved(self) -> None:
        self.scroll_to_region(Region(0, self.cursor_slot, 1, 1), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.CursorMoved())

    def on_click(self, event: Click) -> None:
        slot = int(event.y + self.scroll_offset.y)
        for day, (x, width) in enumerate(day_columns(self.scrollable_content_region.width)):
            if x <= event.x < x + width and 0 <= slot < SLOTS:
                self.cursor_day, self.cursor_slot = day, slot

    # Drawing

    def render_line(self, y: int) -> Strip:
        slot = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if not 0 <= slot < SLOTS:
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        style = self.get_component_rich_style
        now_slot = self._now_slot()
        label = f"{slot // 2:02d}:00 " if slot % 2 == 0 else "   ·  "
        first_hour, last_hour = self.day_hours
        gutter = (
            "week-grid--gutter" if first_hour <= slot / 2 < last_hour else "week-grid--off-hours"
        )
        gutter_style = style("week-grid--now" if slot == now_slot else gutter)
        segments = [Segment(label, base + gutter_style)]
        for day, (_x, column) in enumerate(day_columns(width)):
            segments += self._cell(day, slot, column, now_slot)
        return Strip(segments, width).crop(0, width)

    def _now_slot(self) -> int | None:
        if self.now is None or not 0 <= (self.today - self.first_day).days < 7:
            return None
        return int(_slot_of(self.now, self.today))

    def _cell(self, day: int, slot: int, width: int, now_slot: int | None) -> list[Segment]:
        style = self._style
        base = self.rich_style
        is_today = self.first_day + timedelta(day) == self.today
        empty = self.get_component_rich_style("week-grid--today") if is_today else base
        rule = "│" if slot % 2 == 0 else "┊"
        segments = [Segment(rule, empty + style("week-grid--hour"))]
        room = width - 1
        here = [p for p in self._days[day] if p.first <= slot <= p.last]
        cursor_here = day == self.cursor_day and slot == self.cursor_slot
        if not here:
            fill = "─" * room if is_today and slot == now_slot else " " * room
            cell_style = empty + style("week-grid--now") if fill.strip() else empty
            if cursor_here:
                cell_style = empty + style("week-grid--cursor")
            return [*segments, Segment(fill, cell_style)]
        lanes = here[0].lanes
        edges = [room * lane // lanes for lane in range(lanes + 1)]
        for lane in range(lanes):
            lane_width = edges[lane + 1] - edges[lane]
            placed = next((p for p in here if p.lane == lane), None)
            if placed is None:
                segments.append(Segment(" " * lane_width, empty))
                continue
            text, block_style = self._block_text(placed, slot), self._block_style(placed.block)
            if cursor_here:
                block_style += style("week-grid--cursor")
            segments.append(Segment(fit(text, lane_width - 1), block_style))
            segments.append(Segment(" ", block_style))
        return segments

    def _block_text(self, placed: Placed, slot: int) -> str:
        """The title on the block's first row, then its times, then who it is with."""
        block = placed.block
        flags = ("✓ " if block.status == "done" else "") + (
            "! " if block.key in self.clashes else ""
        )
        lines = [f"{flags}{block.title}", f"{block.start:%H:%M}–{block.end:%H:%M}", block.person]
        row = slot - placed.first
        return lines[row] if row < len(lines) else ""

    def _style(self, name: str) -> Style:
        """Only what the component class sets, so styles layer: kind, then status, cursor."""
        return self.get_component_rich_style(name, partial=True)

    def _block_style(self, block: Shown) -> Style:
        style = self._style
        result = self.get_component_rich_style(kind_class(block.kind))  # colours blended
        if block.status in ("done", "skipped"):
            result += style(f"week-grid--{block.status}")
        if block.key in self.clashes:
            result += style("week-grid--clash")
        return result


class DayHeader(Widget):
    """The day names above the grid, today lit, in the grid's columns; below them, when
    the week has any, each day's notes (whole days: a holiday, a conference)."""

    COMPONENT_CLASSES = {"day-header--today", "day-header--note"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first_day = clock.today()
        self.today = clock.today()
        self.notes: list[ShownNote] = []

    def show_week(self, first_day: date, today: date, notes: Sequence[ShownNote] = ()) -> None:
        self.first_day, self.today, self.notes = first_day, today, list(notes)
        self.set_class(bool(self.notes), "-with-notes")
        self.refresh()

    def day_text(self, day: date) -> str:
        """The notes of `day`, as the header shows them."""
        return " · ".join(note.text for note in self.notes if note.covers(day))

    def render_line(self, y: int) -> Strip:
        width = self.size.width - 1  # the grid's scrollbar
        segments = [Segment(" " * GUTTER, self.rich_style)]
        for day, (_x, column) in enumerate(day_columns(width)):
            moment = self.first_day + timedelta(day)
            style = self.rich_style
            if y == 0:
                label = f"{moment:%a %d}" if column < 12 else f"{moment:%a %d %b}"
                if moment == self.today:
                    style += self.get_component_rich_style("day-header--today", partial=True)
                segments.append(Segment(fit(f" {label}", column), style))
                continue
            text = self.day_text(moment)
            if text:
                style += self.get_component_rich_style("day-header--note", partial=True)
            segments.append(Segment(fit(f" {text}" if text else "", column), style))
        return Strip(segments).crop(0, self.size.width)
