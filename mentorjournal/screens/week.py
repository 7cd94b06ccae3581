"""The Week screen: a week of time blocks, planned and moved from the keyboard."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial

from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from mentorjournal.screens.base import AppScreen, shared_keys
from mentorjournal.screens.block_form import BlockForm
from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.day_note_form import DayNoteForm
from mentorjournal.services import blocks, day_notes
from mentorjournal.services.blocks import Shown, Undo
from mentorjournal.services.removal import Removed
from mentorjournal.services.weeks import week_label
from mentorjournal.widgets.bars import bar
from mentorjournal.widgets.form import Field, FormScreen, text_field
from mentorjournal.widgets.week_grid import DayHeader, WeekGrid
from mentorjournal.words import agree, amount, hours

THIS_ONE, ALL = "this", "all"
SERIES_CHOICE = [("t", "This one", THIS_ONE), ("a", "The whole series", ALL)]


class GoToDate(FormScreen[date]):
    """Ask for a date to show its week."""

    heading = "Go to the week of…"

    def fields(self) -> Iterable[Field]:
        yield text_field("date", "Date", placeholder="YYYY-MM-DD")

    def submit(self) -> date:
        return blocks.parse_date(self.value("date"))


class WeekScreen(AppScreen):
    """Seven days of blocks; the cursor picks a cell, the keys act on it."""

    MODE = "week"
    CSS_PATH = "week.tcss"
    BINDINGS = [
        *shared_keys("new", "edit"),
        Binding("enter", "open", "Open", show=False, id="week.open"),
        Binding("space", "cycle", "Status", id="week.status"),
        *shared_keys("delete", "undo", "periods"),
        Binding("shift+up", "shift(-30)", "30 min earlier", show=False, id="week.earlier"),
        Binding("shift+down", "shift(30)", "30 min later", show=False, id="week.later"),
        Binding("shift+left", "shift(-1440)", "A day earlier", show=False, id="week.day-earlier"),
        Binding("shift+right", "shift(1440)", "A day later", show=False, id="week.day-later"),
        Binding("plus,equals_sign", "resize(30)", "Longer", key_display="+", id="week.longer"),
        Binding("minus", "resize(-30)", "Shorter", key_display="-", id="week.shorter"),
        Binding("y", "duplicate", "Copy to next week", show=False, id="week.copy"),
        Binding("w", "write_notes", "Meeting notes", show=False, id="week.notes"),
        Binding("g", "go_to", "Go to date", id="week.go-to"),
        Binding("a", "add_day_note", "Day note", id="week.day-note"),
        Binding("A", "remove_day_note", "Remove a day note", show=False, id="week.no-day-note"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Shown] = []

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="week-header"):
            yield Static(id="week-title")
            yield Static(id="week-hours")
        yield Static(id="week-kinds")
        yield DayHeader(id="day-header")
        yield WeekGrid(id="grid")
        yield Static(id="block-detail")

    @property
    def grid(self) -> WeekGrid:
        return self.query_one(WeekGrid)

    def on_mount(self) -> None:
        now = self.app.now()
        self.grid.cursor_day = (now.date() - self.week).days
        self.grid.cursor_slot = max(now.hour * 2, self.app.config.day_start * 2)
        self.grid.day_hours = (self.app.config.day_start, self.app.config.day_end)
        self.refresh_week()
        self.grid.focus()
        self.call_after_refresh(self.grid.scroll_to_hour, self.app.config.day_start)

    # Drawing

    def reload(self) -> None:
        self.refresh_week()

    def refresh_week(self, follow: Shown | None = None) -> None:
        """Reload the week on show; with `follow`, the cursor goes to that block."""
        self.shown = blocks.week_blocks(self.week)
        clashes = blocks.overlapping(self.shown)
        now = self.app.now()
        self.grid.show_week(self.week, self.shown, now, clashes)
        self.query_one(DayHeader).show_week(self.week, now.date(), day_notes.week_notes(self.week))
        if follow is not None:
            self.grid.put_cursor_on(follow)
        summary = blocks.hours(self.shown)
        goal = self.app.config.weekly_hours_goal
        title = Content.styled(week_label(self.week, self.this_week), "bold")
        if clashes:
            said = f"{amount(len(clashes), 'block')} {agree(len(clashes), 'overlaps', 'overlap')}"
            title += Content.styled(f"   {said}", "$text-warning")
        self.query_one("#week-title", Static).update(title)
        self.query_one("#week-hours", Static).update(
            Content.assemble(
                ("done ", "dim"),
                bar(round(summary.done * 2), round(goal * 2), 20),
                f" {hours(summary.done)} of {hours(goal)}",
                ("   planned ", "dim"),
                hours(summary.planned),
            )
        )
        kinds = sorted(summary.per_kind.items(), key=lambda item: -item[1])
        self.query_one("#week-kinds", Static).update(
            Content("  ·  ").join(
                Content.assemble((f"{kind} ", "dim"), hours(spent)) for kind, spent in kinds
            )
            if kinds
            else Content.styled(
                "Nothing planned this week: n or enter on a cell plans a block.", "dim"
            )
        )
        self.on_week_grid_cursor_moved()
        self.drawn()

    def on_week_grid_cursor_moved(self) -> None:
        block = self.grid.block_at_cursor()
        detail = self.query_one("#block-detail", Static)
        if block is None:
            at = self.grid.cursor_start()
            notes = self.query_one(DayHeader).day_text(at.date())
            detail.update(
                Content.assemble(
                    (f"{at:%a %d %b %H:%M}", "bold"),
                    (f"  all day: {notes}", "italic") if notes else "",
                    ("   n or enter plans a block here", "dim"),
                )
            )
            return
        parts = [
            (f"{block.start:%a %d %b %H:%M}–{block.end:%H:%M}", "bold"),
            f"  {block.title}",
            (f"  · {block.kind} · {block.status}", "dim"),
        ]
        if block.person:
            parts.append((f" · with {block.person}", "dim"))
        if block.repeat == "weekly":
            parts.append((" · every week", "dim"))
        if block.notes:
            parts.append((f" · {block.notes}", "dim italic"))
        detail.update(Content.assemble(*parts))

    # Opening and editing

    def action_new(self) -> None:
        self.app.push_screen(BlockForm(self.grid.cursor_start()), self._saved)

    def action_open(self) -> None:
        block = self.grid.block_at_cursor()
        if block is None:
            self.action_new()
        elif block.kind == "mentor meeting" and block.end <= self.app.now():
            question = f"“{block.title}” is over. Write its notes in the journal, or edit it?"
            answers = [("w", "Write notes", "notes"), ("e", "Edit the block", "edit")]
            self.app.push_screen(ChoiceScreen(Content(question), answers), self._past_meeting)
        else:
            self.action_edit()

    def _past_meeting(self, answer: str | None) -> None:
        if answer == "notes":
            self.action_write_notes()
        elif answer == "edit":
            self.action_edit()

    def action_edit(self) -> None:
        block = self.grid.block_at_cursor()
        if block is None:
            self.notify("No block here: n plans one.")
        elif block.is_occurrence:
            question = Content(f"Edit “{block.title}”: this occurrence only, or the whole series?")
            self.app.push_screen(
                ChoiceScreen(question, SERIES_CHOICE),
                lambda answer: self._edit_series(block, answer),
            )
        else:
            self.app.push_screen(BlockForm(block.start, block), self._saved)

    def _edit_series(self, block: Shown, answer: str | None) -> None:
        if answer is not None:
            form = BlockForm(block.start, block, only_this=answer == THIS_ONE)
            self.app.push_screen(form, self._saved)

    def _saved(self, block_id: int | None) -> None:
        if block_id is not None:
            self.refresh_week()

    # Changing the block under the cursor

    def _apply(self, change, said: str = "") -> None:
        """Run a change on the block under the cursor (refused changes say why); once
        saved, show it and say `said` ({title} is the block's)."""
        block = self.grid.block_at_cursor()
        if block is None:
            self.notify("No block here.")
            return
        self.app.write(partial(change, block), lambda changed: self._applied(changed, block, said))

    def _applied(self, changed: object, block: Shown, said: str) -> None:
        if said:
            self.notify(said.format(title=block.title), markup=False)
        if isinstance(changed, Shown):
            first_day = self.week_of(changed.start.date())
            self.week = first_day  # a block moved past Sunday: its new week comes into view
        self.refresh_week(follow=changed if isinstance(changed, Shown) else None)

    def action_cycle(self) -> None:
        self._apply(lambda block: blocks.set_status(block, blocks.next_status(block.status)))

    def action_shift(self, minutes: int) -> None:
        self._apply(lambda block: blocks.shift(block, timedelta(minutes=minutes)))

    def action_resize(self, minutes: int) -> None:
        self._apply(lambda block: blocks.resize(block, timedelta(minutes=minutes)))

    def action_duplicate(self) -> None:
        self._apply(blocks.duplicate_next_week, "Copied “{title}” to next week.")

    def action_delete(self) -> None:
        block = self.grid.block_at_cursor()
        if block is None:
            self.notify("No block here.")
        elif block.is_occurrence:
            question = Content(
                f"Delete “{block.title}”: this occurrence only, or the whole series?"
            )
            self.app.push_screen(
                ChoiceScreen(question, SERIES_CHOICE),
                lambda answer: answer and self._delete(block, answer == ALL),
            )
        else:
            self._delete(block, whole_series=True)

    def _delete(self, block: Shown, whole_series: bool) -> None:
        self.app.write(
            partial(blocks.delete, block, whole_series), lambda undo: self._deleted(block, undo)
        )

    def _deleted(self, block: Shown, undo: Undo | Removed) -> None:
        self.refresh_week()
        self.offer_undo(
            f"Deleted “{block.title}”", partial(blocks.restore, undo), self.refresh_week
        )

    def action_write_notes(self) -> None:
        """A journal entry for the meeting under the cursor, linked to its step."""
        block = self.grid.block_at_cursor()
        if block is None:
            self.notify("No block here.")
            return
        self.app.write(
            partial(blocks.write_up, block, self.app.now()),
            lambda written: self._written_up(block, *written),
        )

    def _written_up(self, block: Shown, entry_id: int, new: bool) -> None:
        self.app.open_entry(entry_id)
        what = "Started the notes on" if new else "Opened the notes already written on"
        self.notify(f"{what} “{block.title}”.", markup=False)

    # Day notes

    def action_add_day_note(self) -> None:
        self.app.push_screen(DayNoteForm(self.grid.cursor_start().date()), self._noted)

    def _noted(self, note: day_notes.ShownNote | None) -> None:
        if note is not None:
            self.refresh_week()

    def action_remove_day_note(self) -> None:
        """Remove the cursor's day's note (asking which, when the day has several)."""
        day = self.grid.cursor_start().date()
        notes = {str(note.id): note for note in day_notes.on_day(day)}
        if not notes:
            self.notify(f"No day note on {day:%a %d %b}: a adds one.")
        elif len(notes) == 1:
            self._remove_note(next(iter(notes.values())))
        else:
            answers = [(str(n), note.text, key) for n, (key, note) in enumerate(notes.items(), 1)]
            self.app.push_screen(
                ChoiceScreen(Content(f"Remove which note of {day:%a %d %b}?"), answers[:9]),
                lambda answer: answer and self._remove_note(notes[answer]),
            )

    def _remove_note(self, note: day_notes.ShownNote) -> None:
        self.app.write(
            partial(day_notes.delete, note.id), lambda removed: self._note_removed(note, removed)
        )

    def _note_removed(self, note: day_notes.ShownNote, removed: Removed) -> None:
        self.refresh_week()
        self.offer_undo(
            f"Removed the day note “{note.text}”",
            partial(day_notes.restore, removed),
            self.refresh_week,
        )

    # Weeks

    def show(self, week: date) -> None:
        self.week = week
        self.refresh_week()

    def action_step(self, delta: int) -> None:
        self.show(self.week + timedelta(7 * delta))

    def action_today(self) -> None:
        self.show(self.this_week)

    def action_go_to(self) -> None:
        self.app.push_screen(GoToDate(), self._go_to)

    def _go_to(self, day: date | None) -> None:
        if day is not None:
            self.show(self.week_of(day))
            self.grid.cursor_day = (day - self.week).days
