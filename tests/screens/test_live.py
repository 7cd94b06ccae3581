"""Every screen shows the journal as it is now: after changes made on another screen,
in a worker thread or in another process, and after midnight."""

import asyncio
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timedelta

import pytest
from textual.widgets import OptionList, SelectionList, Static

from mentorjournal import clock
from mentorjournal.app import MentorJournalApp
from mentorjournal.config import Config
from mentorjournal.screens.checklist import ActionList, ChecklistScreen
from mentorjournal.screens.journal import EntryList, JournalScreen
from mentorjournal.screens.ledger import LedgerScreen
from mentorjournal.screens.people import PeopleScreen
from mentorjournal.screens.review import ReviewScreen
from mentorjournal.screens.week import WeekScreen
from mentorjournal.services import blocks, checklist, entries, ledger, people
from mentorjournal.services.blocks import Draft
from mentorjournal.services.journal import close_connection, open_journal
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm
from mentorjournal.services.weeks import week_start
from mentorjournal.widgets.day_list import DayList
from mentorjournal.widgets.week_grid import WeekGrid

from ..conftest import TODAY
from .typing import type_text

SIZE = (120, 40)
WEEK = week_start(TODAY)


async def go(app, pilot, key: str, screen_type):
    await pilot.press("escape", key)
    await pilot.pause()
    assert isinstance(app.screen, screen_type)
    return app.screen


def prompts(listed: OptionList) -> list[str]:
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


def said(app) -> str:
    """Every notice shown, one a line."""
    return "\n".join(notification.message for notification in app._notifications)


async def within(pilot, seconds: float, condition) -> float:
    """Wait until `condition()` holds, at most `seconds`; returns how long it took."""
    started = time.perf_counter()
    while not condition():
        assert time.perf_counter() - started < seconds, f"not within {seconds} s"
        await pilot.pause(0.05)
    return time.perf_counter() - started


async def test_advice_from_bruno_on_the_ledger_shows_on_people(make_app) -> None:
    people.create_person(PersonForm("Bruno"), TODAY - timedelta(30))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await go(app, pilot, "5", PeopleScreen)
        [before] = prompts(screen.query_one("#people", OptionList))
        assert "never" in before and "0↓" in before
        await go(app, pilot, "4", LedgerScreen)
        await pilot.press("r")
        await type_text(pilot, "Bruno")
        await pilot.press("ctrl+s", "n")  # advice; no step-5 action this time
        await go(app, pilot, "5", PeopleScreen)
        [after] = prompts(screen.query_one("#people", OptionList))
        assert f"{TODAY:%d %b %y}" in after and "1↓" in after


async def test_meeting_notes_written_with_w_appear_in_days_written_and_w_again_opens_them(
    make_app,
) -> None:
    start = datetime(2026, 11, 24, 12)
    end = start + timedelta(hours=1)
    blocks.create_block(Draft("Chat", "mentor meeting", start, end, person="Ana"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        journal = app.screen
        assert "2026-11-24" not in [o.id for o in journal.query_one(DayList).options]
        for _ in range(2):
            week = await go(app, pilot, "3", WeekScreen)
            grid = week.query_one(WeekGrid)
            grid.cursor_day, grid.cursor_slot = 1, 24
            await pilot.press("w")
            await pilot.pause()
            assert isinstance(app.screen, JournalScreen)
            assert "2026-11-24" in [o.id for o in journal.query_one(DayList).options]
            assert journal.editor.entry.title == "Notes: Chat with Ana"
        assert "Opened the notes already written on “Chat”." in said(app)
    assert len(entries.entries_on(start.date())) == 1


async def test_a_tick_on_the_checklist_reaches_the_review(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        review = await go(app, pilot, "6", ReviewScreen)
        assert sum(row.progress.weekly_done for row in review.data.steps) == 0
        open_before = len(review.data.carry.open_actions)
        screen = await go(app, pilot, "2", ChecklistScreen)
        weekly = next(a for a in screen.actions[1] if a.cadence == "weekly")
        actions = screen.query_one(ActionList)
        actions.highlighted = actions.get_option_index(f"action-{weekly.id}")
        await pilot.press("space")
        await go(app, pilot, "6", ReviewScreen)
        assert sum(row.progress.weekly_done for row in review.data.steps) == 1
        assert len(review.data.carry.open_actions) == open_before - 1
        assert "1/" in str(review.query_one("#review-steps", Static).render())


@pytest.mark.both_engines  # on a server: another machine's entry, heard by LISTEN/NOTIFY
async def test_an_entry_logged_from_another_process_appears_within_two_seconds(
    make_app, journal
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        command = [sys.executable, "-m", "mentorjournal", "--db", str(journal), "log"]
        command += ["--date", TODAY.isoformat(), "From the other terminal"]
        await asyncio.to_thread(subprocess.run, command, check=True, capture_output=True)
        took = await within(
            pilot,
            2.0,
            lambda: "From the other terminal" in str(prompts(screen.query_one(EntryList))),
        )
        assert took < 2.0


async def test_a_write_in_another_thread_reaches_the_screen_on_show(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen

        def write_elsewhere() -> None:
            entries.create_entry(TODAY, "Written by a worker")
            close_connection()

        thread = threading.Thread(target=write_elsewhere)
        thread.start()
        thread.join()
        await within(
            pilot, 1.0, lambda: "Written by a worker" in str(prompts(screen.query_one(EntryList)))
        )


async def test_a_change_elsewhere_keeps_the_text_being_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await type_text(pilot, "Half a thought")
        entries.create_entry(TODAY - timedelta(1), "Yesterday, from elsewhere")
        await within(
            pilot,
            1.0,
            lambda: str(TODAY - timedelta(1)) in [o.id for o in screen.query_one(DayList).options],
        )
        assert screen.editor.text_area.text == "Half a thought"
        await pilot.pause(0.8)  # the autosave
    assert [e.body for e in entries.entries_on(TODAY)] == ["Half a thought"]


async def test_the_day_rolls_over_at_midnight(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        week = await go(app, pilot, "3", WeekScreen)
        assert week.week == WEEK
        journal = await go(app, pilot, "1", JournalScreen)
        monday = WEEK + timedelta(7)
        clock.fix(monday)  # left open over the weekend
        await within(pilot, 2.0, lambda: journal.day == monday)
        assert "today" in str(journal.query_one("#day-title", Static).render())
        await go(app, pilot, "3", WeekScreen)
        assert (week.this_week, week.week) == (monday, monday)


async def test_ticks_survive_a_change_of_the_first_day_of_the_week(journal, tmp_path) -> None:
    weekly = next(a for a in checklist.actions_in_week(WEEK)[1] if a.cadence == "weekly")
    checklist.toggle_action(weekly.id, WEEK, datetime(2026, 11, 25, 9))
    open_journal(journal, today=TODAY)
    app = MentorJournalApp(
        journal,
        config=Config(week_start="sunday"),
        today=TODAY,
        settings_path=tmp_path / "config.toml",
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await go(app, pilot, "2", ChecklistScreen)
        assert screen.week == date(2026, 11, 22)  # a Sunday
        [shown] = [a for a in screen.actions[1] if a.id == weekly.id]
        assert shown.done


async def test_carrying_over_twice_copies_once(make_app) -> None:
    start = datetime(2026, 11, 24, 9)
    blocks.create_block(Draft("Course block", "course", start, start + timedelta(hours=2)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await go(app, pilot, "6", ReviewScreen)
        carry = screen.query_one("#carry", SelectionList)
        offered = carry.option_count
        carry.highlighted = offered - 1  # the block
        await pilot.press("space", "c")
        assert carry.option_count == offered - 1  # no longer offered
        assert "1 already carried over" in str(screen.query_one("#carry-title", Static).render())
        await pilot.press("c")
        assert "Choose what to carry over" in said(app)
    copies = [b for b in blocks.week_blocks(WEEK + timedelta(7)) if b.title == "Course block"]
    assert len(copies) == 1


async def test_follow_up_done_ticks_the_action_and_u_undoes_it(make_app) -> None:
    form = EntryForm(TODAY - timedelta(7), "Ana", "receive", "advice", "write it down", "", TODAY)
    advice = ledger.add(form)
    action = ledger.act_on_advice(advice, TODAY - timedelta(7))

    def ticked() -> bool:
        return next(a for a in checklist.actions_in_week(WEEK)[5] if a.id == action).done

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await go(app, pilot, "4", LedgerScreen)
        screen.query_one("#follow-ups", OptionList).focus()
        await pilot.press("f")
        assert ticked() and ledger.follow_ups_due() == []
        assert "step-5 action is ticked" in said(app)
        await pilot.press("u")
        assert not ticked()
        assert [row.id for row in ledger.follow_ups_due()] == [advice]
        assert ledger.count() == 1  # the report-back is gone too
