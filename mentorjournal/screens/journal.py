"""The Journal screen: today's page, the days written, on this day, the streak."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial

from textual import on, work
from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from mentorjournal import clock
from mentorjournal.screens.base import AppScreen, shared_keys
from mentorjournal.services import block_series, entries
from mentorjournal.services.entries import EntryData
from mentorjournal.services.journal import JournalError, editing_folder, is_read_only
from mentorjournal.services.parsing import FIRST_DAY, LAST_DAY
from mentorjournal.widgets.day_list import DayList
from mentorjournal.widgets.entry_editor import EntryEditor
from mentorjournal.widgets.lists import KeyList
from mentorjournal.widgets.nav_bar import NavBar
from mentorjournal.words import amount, plural

DAYS_PAGE = 200
NEW_ENTRY = "new"


def _title(entry: EntryData) -> Content:
    """An entry's title as plain text (never markup), or a dim placeholder."""
    return Content(entry.title) if entry.title else Content.styled("(untitled)", "dim italic")


def _entry_prompt(entry: EntryData) -> Content:
    """An entry's row in the day's list: when it was written, and its title."""
    return Content.assemble((f"{entry.written_at:%H:%M}  ", "dim"), _title(entry))


def _entry_option(entry: EntryData) -> Option:
    return Option(_entry_prompt(entry), id=str(entry.id))


class EntryList(KeyList):
    """The entries of the day on show."""


class JournalScreen(AppScreen):
    """Write today's page; browse and reopen earlier days."""

    MODE = "journal"
    BINDINGS = [
        Binding("escape", "leave_field", "Leave field", id="leave-field"),
        # `[ ] .` have priority: they browse even from the editor while its page is blank
        # (PageArea lets them through only then).
        *shared_keys(
            "new",
            "edit",
            "delete",
            "periods",
            period="day",
            hide=["edit"],
            labels={"new": "New entry"},
            priority=["periods"],
        ),
        Binding(
            "ctrl+e", "external_editor", "External editor", priority=True, id="external-editor"
        ),
        Binding("ctrl+s", "save", "Save", show=False, priority=True, id="save"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date = clock.today()
        self._today = self.day  # the today on show, to notice midnight
        self.day_entries: list[EntryData] = []
        self._listed: tuple[list, bool] | None = None  # what the entry list shows

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="journal"):
            with Vertical(id="sidebar"):
                yield Label("Days written", classes="panel-title")
                yield DayList(id="days")
                yield Label("On this day", classes="panel-title")
                yield Static(id="on-this-day")
                yield Label("Agenda", classes="panel-title", id="agenda-title")
                yield Static(id="agenda")
            with Vertical(id="page"):
                with Horizontal(id="page-header"):
                    yield Static(id="day-title")
                    yield Static(id="streak")
                yield EntryList(id="entries")
                yield EntryEditor(self.app.now, id="editor")

    @property
    def editor(self) -> EntryEditor:
        return self.query_one(EntryEditor)

    def on_mount(self) -> None:
        """Drawn at once without data: the day's title, empty lists, a blank page that
        says the journal is opening; `show_journal` fills it once the journal is open."""
        self._show_title()
        self.editor.text_area.focus()
        if self.app.opened:  # mounted again after being removed: the journal is open
            self.show_journal()

    def show_journal(self) -> None:
        """Fill the screen from the journal, on today's page (the app calls this once
        the journal is open; its page check may still be running)."""
        self.editor.journal_opened()
        self.query_one(NavBar).journal_opened()
        self.show_day(self.app.today())
        self._refresh_overview()
        self.drawn()

    def on_screen_suspend(self) -> None:
        self.editor.save_now()

    # Showing a day

    def show_day(self, day: date, entry_id: int | str | None = None) -> bool:
        """Show `day`, opening `entry_id`, else its latest entry, else a blank page.

        Stays on the page (and says why) while it holds text that could not be saved.
        """
        if not self.editor.save_now():
            self._refresh_entry_list()
            self.notify(
                "This page is not saved yet: see the message under the editor.",
                severity="warning",
            )
            return False
        self.day = day
        self.day_entries = entries.entries_on(day)
        chosen = next((e for e in self.day_entries if e.id == entry_id), None)
        if chosen is None and self.day_entries and entry_id != NEW_ENTRY:
            chosen = self.day_entries[-1]
        if self.editor.load(day, chosen):  # a page left blank was dropped
            self.day_entries = entries.entries_on(day)
            self._refresh_overview()
        self._refresh_entry_list()
        self._refresh_agenda()
        self.query_one(DayList).highlight_day(day)
        self._show_title()
        return True

    def _show_title(self) -> None:
        today = self.app.today()
        relative = {today: "today", today - timedelta(1): "yesterday"}.get(self.day, "")
        self.query_one("#day-title", Static).update(
            Content.assemble((f"{self.day:%A %d %B %Y}", "bold"), ("  " + relative, "dim"))
        )

    def reload(self) -> None:
        """Catch up with the journal and the clock, never touching text being typed.

        Left open on today's page past midnight, the page turns to the new today
        (unless it holds unsaved text); an entry changed elsewhere and not being
        edited here is shown as it is now.
        """
        today, was_today = self.app.today(), self._today
        self._today = today
        if today != was_today and self.day == was_today and not self.editor.has_unsaved():
            self.show_day(today)
        self.day_entries = entries.entries_on(self.day)
        current = self.editor.entry
        fresh = next((e for e in self.day_entries if current and e.id == current.id), None)
        if fresh and fresh.revision != current.revision and not self.editor.has_unsaved():
            self.editor.load(self.day, fresh)
        self._refresh_entry_list()
        self._refresh_agenda()
        self._refresh_overview()
        self._show_title()

    def open_entry(self, entry_id: int) -> None:
        entry = entries.get_entry(entry_id)
        if entry is None:
            self.notify("That entry no longer exists.", severity="warning")
            return
        if self.show_day(entry.day, entry.id):
            self.editor.text_area.focus()

    def _refresh_entry_list(self) -> None:
        """List the day's entries; an autosave that changed nothing listed (the text
        below the title) redraws nothing, and one that changed a title or a time redraws
        that row in place (no layout of the screen while typing)."""
        entry_list = self.query_one(EntryList)
        current = self.editor.entry
        new_page = current is None or current.id not in {e.id for e in self.day_entries}
        rows = [(entry.id, entry.written_at, entry.title) for entry in self.day_entries]
        listed, self._listed = self._listed, (rows, new_page)
        if (
            listed is None
            or [r[0] for r in listed[0]] != [r[0] for r in rows]
            or (listed[1] != new_page)
        ):
            entry_list.set_options([_entry_option(entry) for entry in self.day_entries])
            if new_page:  # a new page, or its entry deleted in another window
                entry_list.add_option(Option("[i]new entry — start typing[/i]", id=NEW_ENTRY))
        else:
            for index, (row, entry) in enumerate(zip(listed[0], self.day_entries, strict=True)):
                if row != rows[index]:
                    entry_list.replace_option_prompt_at_index(index, _entry_prompt(entry))
        if new_page:
            entry_list.highlighted = entry_list.option_count - 1
        else:
            entry_list.highlighted = entry_list.get_option_index(str(current.id))

    def _refresh_agenda(self) -> None:
        """The day's time blocks, beside the page."""
        agenda = block_series.day_blocks(self.day)
        self.query_one("#agenda-title", Label).update(f"Agenda {self.day:%a %d %b}")
        self.query_one("#agenda", Static).update(
            Content("\n").join(
                Content.assemble(
                    (f"{block.start:%H:%M} ", "bold"),
                    ("✓ " if block.status == "done" else "", "$text-success"),
                    block.title,
                )
                for block in agenda
            )
            if agenda
            else Content.styled("No blocks planned.", "dim")
        )

    def _refresh_overview(self) -> None:
        """What changes when an entry appears or goes: days written, streak, on this day."""
        day_list = self.query_one(DayList)
        limit = max(DAYS_PAGE, day_list.option_count)
        days = entries.days_with_entries(limit=limit)
        day_list.show_days(days, len(days) == limit, self.day)
        streak = entries.streak(self.app.today())
        self.query_one("#streak", Static).update(
            Content.from_markup(f"streak [b]{streak}[/b] {plural('day', streak)}")
            if streak
            else Content.styled("no streak yet — write today", "dim")
        )
        earlier = entries.on_this_day(self.app.today())[:6]
        self.query_one("#on-this-day", Static).update(
            Content("\n").join(
                Content.assemble((f"{entry.day.year} ", "bold"), _title(entry)) for entry in earlier
            )
            if earlier
            else Content.styled("Nothing yet on this date in earlier years.", "dim")
        )

    # Events

    def on_entry_editor_saved(self, event: EntryEditor.Saved) -> None:
        known = any(entry.id == event.entry.id for entry in self.day_entries)
        self.day_entries = entries.entries_on(self.day)
        self._refresh_entry_list()
        if not known:
            self._refresh_overview()

    @on(OptionList.OptionHighlighted, "#entries")
    def _entry_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id
        current = self.editor.entry
        if option_id == NEW_ENTRY or (current and option_id == str(current.id)):
            return
        self.show_day(self.day, int(option_id or 0))

    @on(OptionList.OptionSelected, "#entries")
    def _entry_selected(self) -> None:
        self.editor.text_area.focus()

    @on(OptionList.OptionSelected, "#days")
    def _day_selected(self, event: OptionList.OptionSelected) -> None:
        if self.show_day(date.fromisoformat(event.option.id or "")):
            self.editor.text_area.focus()

    @on(DayList.NeedMore, "#days")
    def _more_days(self) -> None:
        day_list = self.query_one(DayList)
        days = entries.days_with_entries(before=day_list.last_day, limit=DAYS_PAGE)
        day_list.add_days(days, len(days) == DAYS_PAGE)

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return isinstance(self.focused, TextArea | Input | Select)
        return True

    def action_leave_field(self) -> None:
        self.query_one(EntryList).focus()

    def action_step(self, delta: int) -> None:
        day = self.day + timedelta(delta)
        if FIRST_DAY <= day <= LAST_DAY:
            self._browse_to(day)

    def action_today(self) -> None:
        self._browse_to(self.app.today())

    def _browse_to(self, day: date) -> None:
        """Show `day`: a blank page takes typing at once (as today's does at start-up);
        a written one is browsed from the list (enter or e edits it)."""
        if not self.show_day(day):
            return
        if self.editor.entry is None:
            self.editor.text_area.focus()
        else:
            self.query_one(EntryList).focus()

    def restore_draft(self, data: dict, replaces: str) -> None:
        """Open the page a draft was typed on, with its text (see `recovery`)."""
        entry_id = data.get("entry")
        if entry_id is not None and entries.get_entry(entry_id) is None:
            entry_id = None  # deleted since: the text becomes a new entry
        if self.show_day(date.fromisoformat(data["day"]), entry_id or NEW_ENTRY):
            self.editor.restore(data, replaces)
            self.editor.text_area.focus()

    def action_new(self) -> None:
        if self.show_day(self.day, NEW_ENTRY):
            self.editor.text_area.focus()

    def action_edit(self) -> None:
        self.editor.text_area.focus()

    def action_save(self) -> None:
        self.editor.save_now()

    def action_delete(self) -> None:
        from mentorjournal.screens.choice import ChoiceScreen  # on first use: not at start-up

        entry = self.editor.entry
        if is_read_only():
            self.notify("This journal is read-only: nothing can be deleted.", severity="warning")
            return
        if entry is None:
            self.notify("Nothing to delete: this page has not been written yet.")
            return
        question = Content(
            f"Delete “{entry.title or '(untitled)'}” of {entry.day:%d %b %Y} "
            f"({amount(entry.words, 'word')})? This cannot be undone."
        )
        answers = [("n", "Keep", "no"), ("y", "Delete", "yes")]
        self.app.push_screen(ChoiceScreen(question, answers), self._delete_confirmed)

    def _delete_confirmed(self, answer: str | None) -> None:
        entry = self.editor.entry
        if answer != "yes" or entry is None:
            return
        self.app.write(partial(entries.delete_entry, entry.id), lambda _: self._deleted(entry))

    def _deleted(self, entry: EntryData) -> None:
        if self.editor.entry is not None and self.editor.entry.id == entry.id:
            self.editor.discard()
        self.show_day(self.day)
        self._refresh_overview()
        self.notify(f"Deleted “{entry.title or '(untitled)'}”.", markup=False)

    @work(exclusive=True, group="external-editor")
    async def action_external_editor(self) -> None:
        """Open the entry in $EDITOR; what comes back is saved.

        Nothing may escape `suspend()`: the screen would never come back. A failure is
        kept, the terminal handed back, and only then said in one line.
        """
        from mentorjournal.external_editor import EditorError, edit_text

        if is_read_only():
            self.notify("This journal is read-only: nothing can be edited.", severity="warning")
            return
        self.editor.save_now()
        text, failure = self.editor.draft().body, None
        try:
            folder = editing_folder()
            with self.app.suspend():
                try:
                    text = edit_text(text, folder)
                except EditorError as error:
                    failure = str(error)
        except JournalError as error:
            failure = f"cannot open an editor: {error}"
        except SuspendNotSupported:
            failure = "cannot open an editor here: no terminal to hand over"
        if failure:
            self.notify(failure, severity="error", markup=False)
            return
        self.editor.replace_text(text)
