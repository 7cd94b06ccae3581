"""The Week screen, driven from the keyboard; the database checked after each step."""

from datetime import date, datetime, timedelta

from textual.widgets import Input, Static

from mentorjournal.screens.block_form import BlockForm
from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.day_note_form import DayNoteForm
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.screens.week import WeekScreen
from mentorjournal.services import blocks, day_notes, entries
from mentorjournal.services.blocks import Draft
from mentorjournal.widgets.week_grid import DayHeader, WeekGrid

from ..conftest import TODAY
from .typing import type_text

SIZE = (120, 40)
MONDAY = date(2026, 11, 23)


async def open_week(app, pilot) -> WeekScreen:
    await pilot.press("escape", "3")
    await pilot.pause()
    assert isinstance(app.screen, WeekScreen)
    return app.screen


def put_cursor(screen: WeekScreen, day: int, hour: int, minute: int = 0) -> None:
    grid = screen.query_one(WeekGrid)
    grid.cursor_day, grid.cursor_slot = day, hour * 2 + minute // 30


def week() -> list[blocks.Shown]:
    return blocks.week_blocks(MONDAY)


async def test_plan_move_stretch_tick_delete_and_undo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        put_cursor(screen, 1, 9)  # Tuesday 09:00
        await pilot.press("n")
        assert isinstance(app.screen, BlockForm)
        await type_text(pilot, "Rust course")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, WeekScreen)
        [block] = week()
        assert (block.title, block.start, block.end) == (
            "Rust course",
            datetime(2026, 11, 24, 9),
            datetime(2026, 11, 24, 10),
        )
        await pilot.press("shift+right")  # a day later
        assert week()[0].start == datetime(2026, 11, 25, 9)
        await pilot.press("shift+down")  # the cursor followed the block: 30 min later
        assert week()[0].start == datetime(2026, 11, 25, 9, 30)
        await pilot.press("plus", "plus")
        assert week()[0].end == datetime(2026, 11, 25, 11, 30)
        await pilot.press("minus")
        assert week()[0].end == datetime(2026, 11, 25, 11)
        await pilot.press("space")
        assert week()[0].status == "done"
        await pilot.press("space", "space")
        assert week()[0].status == "planned"
        await pilot.press("d")
        assert week() == []
        await pilot.press("u")
        assert [b.title for b in week()] == ["Rust course"]
        hours = str(screen.query_one("#week-hours", Static).render())
        assert "planned 1.5 h" in hours


async def test_bad_times_are_refused_beside_the_field(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        put_cursor(screen, 0, 10)
        await pilot.press("n")
        await type_text(pilot, "Reading")
        form = app.screen
        for field, value, message in [
            ("date", "2026-02-30", "not a date"),
            ("start", "25:00", "not a time"),
            ("end", "09:00", "after the start"),
            ("end", "30h", "at most 24 hours"),
        ]:
            form.query_one(f"#{field}", Input).value = value
            await pilot.press("ctrl+s")
            assert app.screen is form
            assert message in str(form.query_one(f"#{field}-error", Static).render())
            form.query_one("#date", Input).value = "2026-11-23"
            form.query_one("#start", Input).value = "10:00"
            form.query_one("#end", Input).value = "1h"
        form.query_one("#title", Input).value = " "
        await pilot.press("ctrl+s")
        assert "needs a title" in str(form.query_one("#title-error", Static).render())
        await pilot.press("escape")
    assert week() == []


async def test_a_series_asks_this_one_or_all(make_app) -> None:
    start = datetime(2026, 11, 23, 9)
    blocks.create_block(
        Draft("Course", "course", start, start + timedelta(hours=1), repeat="weekly")
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        put_cursor(screen, 0, 9)
        await pilot.press("space")  # this occurrence only: no question
        assert week()[0].status == "done"
        assert blocks.week_blocks(MONDAY + timedelta(7))[0].status == "planned"
        await pilot.press("e")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("t")
        assert isinstance(app.screen, BlockForm)
        app.screen.query_one("#title", Input).value = "Conference day"
        await pilot.press("ctrl+s")
        assert [b.title for b in week()] == ["Conference day"]
        assert [b.title for b in blocks.week_blocks(MONDAY + timedelta(7))] == ["Course"]
        await pilot.press("right_square_bracket")
        put_cursor(screen, 0, 9)
        await pilot.press("d", "a")  # the whole series
        assert blocks.week_blocks(MONDAY + timedelta(7)) == []
        assert [b.title for b in week()] == ["Conference day"]


async def test_weeks_and_go_to_a_date(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        assert screen.week == MONDAY
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.week == MONDAY + timedelta(14)
        await pilot.press("full_stop")
        assert screen.week == MONDAY
        await pilot.press("g", *"2027-03-03", "enter")
        assert screen.week == date(2027, 3, 1)
        assert screen.grid.cursor_day == 2
        await pilot.press("g", *"someday", "enter")
        assert "not a date" in str(app.screen.query_one("#date-error", Static).render())


async def test_duplicate_to_next_week(make_app) -> None:
    start = datetime(2026, 11, 25, 14)
    blocks.create_block(Draft("Workshop", "workshop", start, start + timedelta(hours=2)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        put_cursor(screen, 2, 15)
        await pilot.press("y")
    [copy] = blocks.week_blocks(MONDAY + timedelta(7))
    assert (copy.title, copy.start) == ("Workshop", start + timedelta(7))


async def test_a_past_mentor_meeting_offers_to_write_its_notes(make_app) -> None:
    start = datetime(2026, 11, 24, 12)
    blocks.create_block(
        Draft(
            "Monthly chat",
            "mentor meeting",
            start,
            start + timedelta(hours=1),
            person="Ana",
            notes="staff or manager?",
        )
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        put_cursor(screen, 1, 12)
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("w")
        assert isinstance(app.screen, JournalScreen)
        [entry] = entries.entries_on(start.date())
        assert entry.step == 5
        assert entry.title == "Notes: Monthly chat with Ana"
        assert "staff or manager?" in entry.body


async def test_overlaps_are_flagged_in_the_header(make_app) -> None:
    for minute in (0, 30):
        start = datetime(2026, 11, 26, 18, minute)
        blocks.create_block(Draft(f"Clash {minute}", "other", start, start + timedelta(hours=1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        assert "2 blocks overlap" in str(screen.query_one("#week-title", Static).render())


async def test_a_block_that_ends_while_the_app_is_open_offers_a_reflection(make_app) -> None:
    start = datetime(2026, 11, 27, 9)
    blocks.create_block(Draft("Rust course", "course", start, start + timedelta(hours=1)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.check_ended_blocks(datetime(2026, 11, 27, 9, 50))
        app.check_ended_blocks(datetime(2026, 11, 27, 10, 5))
        await pilot.pause()
        assert any("Rust course" in n.message for n in app._notifications)
        await pilot.press("escape", "R")
        assert isinstance(app.screen, JournalScreen)
        [entry] = entries.entries_on(TODAY)
        assert (entry.title, entry.step) == ("Reflection: Rust course", 2)


async def test_the_journal_shows_the_days_blocks_as_an_agenda(make_app) -> None:
    start = datetime(2026, 11, 27, 12, 30)
    blocks.create_block(
        Draft("Lunch with Kofi", "mentor meeting", start, start + timedelta(hours=1))
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        agenda = str(app.screen.query_one("#agenda", Static).render())
        assert "12:30" in agenda and "Lunch with Kofi" in agenda
        await pilot.press("escape", "left_square_bracket")
        assert "No blocks planned" in str(app.screen.query_one("#agenda", Static).render())


def header_lines(screen: WeekScreen) -> list[str]:
    header = screen.query_one(DayHeader)
    return [header.render_line(y).text for y in range(header.size.height)]


async def test_day_notes_are_added_shown_in_the_header_and_removed_with_undo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_week(app, pilot)
        assert screen.query_one(DayHeader).size.height == 1  # no notes: no second line
        put_cursor(screen, 3, 10)  # Thursday
        await pilot.press("a")
        assert isinstance(app.screen, DayNoteForm)
        await type_text(pilot, "Thanksgiving")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2026-11-27")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        [note] = day_notes.week_notes(MONDAY)
        assert (note.day, note.last_day, note.text) == (TODAY - timedelta(1), TODAY, "Thanksgiving")
        lines = header_lines(screen)
        assert len(lines) == 2 and lines[1].count("Thanksgiving") == 2  # Thursday and Friday
        assert "all day: Thanksgiving" in str(screen.query_one("#block-detail", Static).render())
        assert "planned 0 h" in str(screen.query_one("#week-hours", Static).render())
        put_cursor(screen, 4, 10)
        await pilot.press("a")
        await type_text(pilot, "Black Friday")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("A")  # two notes on Friday: which one?
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("2")
        await pilot.pause()
        assert [n.text for n in day_notes.week_notes(MONDAY)] == ["Thanksgiving"]
        await pilot.press("u")
        await pilot.pause()
        assert [n.text for n in day_notes.on_day(TODAY)] == ["Thanksgiving", "Black Friday"]
        put_cursor(screen, 0, 10)
        await pilot.press("A")
        await pilot.pause()
        assert len(day_notes.week_notes(MONDAY)) == 2  # Monday has none: nothing removed


async def test_a_day_note_without_text_is_refused_in_the_form(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_week(app, pilot)
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DayNoteForm)
        assert "needs some text" in str(app.screen.query_one("#text-error", Static).render())
        assert day_notes.week_notes(MONDAY) == []
