"""Nothing typed is lost: quitting, a closed terminal or another window's lock keep it
in the drafts store, and the next start offers it back where it was typed."""

import sqlite3
import threading
import time
from contextlib import contextmanager

from textual.widgets import Input, TextArea

from mentorjournal.screens.checklist import ChecklistScreen
from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.screens.ledger import LedgerScreen
from mentorjournal.screens.ledger_form import LedgerForm
from mentorjournal.screens.people_forms import PersonFormScreen
from mentorjournal.services import checklist, entries, ledger, people, steps
from mentorjournal.services.drafts import DraftStore
from mentorjournal.services.weeks import week_start
from mentorjournal.widgets.autosave import AUTOSAVE_DELAY
from mentorjournal.widgets.drafts import DRAFT_DELAY
from mentorjournal.widgets.merge_dialog import MergeScreen

from ..conftest import TODAY
from .typing import type_text, wait_for

SIZE = (120, 40)


@contextmanager
def another_window_holds_the_journal(journal, seconds: float = 30):
    """A second connection holds the write lock (BEGIN IMMEDIATE) until the block ends
    or `seconds` pass, as another window saving or a long import would."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        connection = sqlite3.connect(journal, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(seconds)
        connection.execute("COMMIT")
        connection.close()

    other = threading.Thread(target=hold)
    other.start()
    held.wait(5)
    try:
        yield
    finally:
        release.set()
        other.join()


def left_drafts(journal) -> list:
    store = DraftStore(journal)
    try:
        return store.left_behind()
    finally:
        store.close()


async def open_ledger_form(app, pilot) -> LedgerForm:
    await pilot.press("escape", "4")
    await pilot.pause()
    assert isinstance(app.screen, LedgerScreen)
    await pilot.press("r")
    assert isinstance(app.screen, LedgerForm)
    return app.screen


async def fill_ledger_form(pilot, form: LedgerForm) -> None:
    await type_text(pilot, "Mira")
    form.query_one("#note", Input).focus()
    await type_text(pilot, "pair on the design doc")


# ctrl+q with a filled form asks: save, discard, back


async def test_quitting_with_a_filled_form_asks_and_back_keeps_it_open(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_ledger_form(app, pilot)
        await fill_ledger_form(pilot, form)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ChoiceScreen)
        labels = [str(button.label) for button in app.screen.query("Button")]
        assert labels == ["Save (s)", "Discard (d)", "Back (b)"]
        assert app.screen.focused is app.screen.query("Button").first()  # save: nothing lost
        await pilot.press("b")
        assert app.screen is form and app.is_running
        assert form.query_one("#note", Input).value == "pair on the design doc"
        await pilot.press("ctrl+q", "escape")  # escape is "back" too
        assert app.screen is form
    assert ledger.count() == 0


async def test_quitting_with_a_filled_form_and_save_saves_then_quits(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_ledger_form(app, pilot)
        await fill_ledger_form(pilot, form)
        await pilot.press("ctrl+q", "s")
        await pilot.pause()
        assert not app.is_running
    assert [(r.person, r.note) for r in ledger.entries()] == [("Mira", "pair on the design doc")]
    assert left_drafts(journal) == []


async def test_quitting_with_a_filled_form_and_discard_forgets_it(make_app, journal) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_ledger_form(app, pilot)
        await fill_ledger_form(pilot, form)
        await pilot.pause(DRAFT_DELAY + 0.2)  # kept as a draft by now
        await pilot.press("ctrl+q", "d")
        await pilot.pause()
        assert not app.is_running
    assert ledger.count() == 0
    assert left_drafts(journal) == []  # deliberately discarded: not offered again


async def test_a_save_refused_while_quitting_keeps_the_form_and_the_app(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_ledger_form(app, pilot)
        form.query_one("#note", Input).value = "no person given"
        await pilot.press("ctrl+q", "s")
        await pilot.pause()
        assert app.is_running and app.screen is form
        form.query_one("#person", Input).value = "Mira"
        await pilot.press("ctrl+s")  # a later save does not quit
        await pilot.pause()
        assert app.is_running
    assert ledger.count() == 1


# A closed terminal keeps the form; the next start reopens it


async def test_a_closed_terminal_keeps_a_form_and_the_next_start_reopens_it(
    make_app, journal
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await open_ledger_form(app, pilot)
        await fill_ledger_form(pilot, form)
        app._exit_on_signal(1)  # SIGHUP, at once: well inside the draft delay
    assert ledger.count() == 0
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, LedgerForm) and app.screen.query("#note")
        )
        form = app.screen
        await pilot.pause()
        assert form.query_one("#person", Input).value == "Mira"
        assert form.query_one("#note", Input).value == "pair on the design doc"
        assert any("Recovered" in (n.title or "") for n in app._notifications)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LedgerScreen)
        await pilot.press("ctrl+q")
    assert [(r.person, r.note) for r in ledger.entries()] == [("Mira", "pair on the design doc")]
    assert left_drafts(journal) == []


async def test_an_edit_form_reopens_on_its_own_record(make_app, journal) -> None:
    person_id = people.create_person(people.PersonForm("Sam"), TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "5")
        await pilot.pause()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        form.query_one("#notes", Input).value = "met at the meetup"
        app._exit_on_signal(15)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: isinstance(app.screen, PersonFormScreen) and app.screen.query("#notes")
        )
        await pilot.pause()
        assert app.screen.person_id == person_id
        await pilot.press("ctrl+s")
        await pilot.press("ctrl+q")
    assert people.get_person(person_id).notes == "met at the meetup"
    assert people.names() == ["Sam"]


# The editor and step notes, while another window holds the journal


async def test_text_typed_while_the_journal_is_locked_survives_the_window_closing(
    make_app, journal
) -> None:
    app = make_app()
    with another_window_holds_the_journal(journal):
        async with app.run_test(size=SIZE) as pilot:
            await type_text(pilot, "typed while another window imports")
            await pilot.pause(DRAFT_DELAY + 0.3)
            assert "retrying" in str(app.screen.query_one("#save-status").render())
            app._exit_on_signal(1)
    assert entries.entries_on(TODAY) == []  # the journal was locked: nothing saved there
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(TextArea).text != "")
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.query_one(TextArea).text == "typed while another window imports"
        await pilot.pause(AUTOSAVE_DELAY + 0.5)
        await pilot.press("ctrl+q")
    assert [e.body for e in entries.entries_on(TODAY)] == ["typed while another window imports"]
    assert left_drafts(journal) == []


def recording_keeps(app) -> list[str]:
    """The keys of every draft the app's store writes from now on."""
    kept, keep = [], app.drafts.keep
    app.drafts.keep = lambda key, title, data: kept.append(key) or keep(key, title, data)
    return kept


async def test_text_that_saves_is_never_written_to_the_drafts_file(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = recording_keeps(app)
        for part, whole in (("a page that saves", "a page that saves"), (", twice", ", twice")):
            await type_text(pilot, part)
            await wait_for(
                pilot, lambda w=whole: any(w in e.body for e in entries.entries_on(TODAY))
            )
            await pilot.pause(DRAFT_DELAY + 0.2)  # past when a draft used to be written
        assert [e.body for e in entries.entries_on(TODAY)] == ["a page that saves, twice"]
        assert kept == [] and app.drafts.mine() == []
        await pilot.press("ctrl+q")


async def test_text_the_journal_refuses_is_a_draft_within_a_second_until_it_saves(
    make_app, journal
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        kept = recording_keeps(app)
        with another_window_holds_the_journal(journal):
            await type_text(pilot, "typed while locked")
            started = time.monotonic()
            await wait_for(pilot, lambda: app.drafts.mine())
            assert time.monotonic() - started < 1.0
            await type_text(pilot, ", and more")
            await wait_for(
                pilot,
                lambda: (
                    [d.data["body"] for d in app.drafts.mine()] == ["typed while locked, and more"]
                ),
            )
            assert entries.entries_on(TODAY) == []
        await wait_for(pilot, lambda: entries.entries_on(TODAY) != [])  # the retry lands
        await wait_for(pilot, lambda: app.drafts.mine() == [])  # and forgets the draft
        assert [e.body for e in entries.entries_on(TODAY)] == ["typed while locked, and more"]
        assert len(kept) >= 2
        await pilot.press("ctrl+q")


async def test_step_notes_typed_while_locked_come_back_on_the_checklist(make_app, journal):
    app = make_app()
    with another_window_holds_the_journal(journal):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("escape", "2")
            await pilot.pause()
            await pilot.press("e")  # the cursor is on step 1: its first note
            await type_text(pilot, "I listen well")
            await pilot.pause(DRAFT_DELAY + 0.1)
            app._exit_on_signal(1)
    assert steps.note(1, "strengths") == ""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ChecklistScreen)
                and [area.text for area in app.screen.query("#note-0").results(TextArea)]
                == ["I listen well"]
            ),
        )
        await pilot.press("ctrl+q")
    assert steps.note(1, "strengths") == "I listen well"
    assert left_drafts(journal) == []


async def test_closing_while_the_merge_dialog_is_open_keeps_this_windows_text(
    make_app, journal
) -> None:
    entry = entries.create_entry(TODAY, "Draft")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end")
        connection = sqlite3.connect(journal, isolation_level=None)
        connection.execute(
            "UPDATE entry SET body = 'Draft, theirs', revision = revision + 1 WHERE id = ?",
            (entry.id,),
        )
        connection.close()
        app.screen.query_one("#body").insert(", mine")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert isinstance(app.screen, MergeScreen)
        app._exit_on_signal(1)
    assert entries.get_entry(entry.id).body == "Draft, theirs"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MergeScreen))  # the choice again
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert entries.get_entry(entry.id).body == "Draft, mine"
    assert left_drafts(journal) == []


# One write path: a tick while another window holds the journal


async def test_a_tick_waits_for_another_windows_lock_without_crashing(make_app, journal):
    first = checklist.actions_in_week(week_start(TODAY))[1][0]
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("escape", "2", "j")
        with another_window_holds_the_journal(journal, seconds=5):
            started = time.perf_counter()
            await pilot.press("space")
            assert time.perf_counter() - started < 1.5  # the screen is not frozen
            await pilot.press("j")  # still answering keys
            assert app.is_running
            assert any("Another window" in n.message for n in app._notifications)
            assert not checklist.actions_in_week(week_start(TODAY))[1][0].done
        for _ in range(40):  # the lock is released: the tick lands
            await pilot.pause(0.1)
            if checklist.actions_in_week(week_start(TODAY))[1][0].done:
                break
        assert app.is_running
        assert checklist.actions_in_week(week_start(TODAY))[1][0].done, first.text
        assert app.writes_waiting() == 0
        await pilot.press("ctrl+q")


async def test_a_write_that_keeps_failing_is_a_notice_not_a_crash(make_app, monkeypatch):
    from mentorjournal.services import StorageError

    def disk_full(*_args, **_kwargs):
        raise StorageError("database or disk is full")

    monkeypatch.setattr(checklist, "toggle_action", disk_full)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("escape", "2", "j", "space")
        await pilot.pause()
        assert app.is_running
        assert any("disk is full" in n.message for n in app._notifications)


# A blank page after [ ] . takes typing


async def type_at_a_persons_pace(pilot, text: str, pause: float = 0.08) -> None:
    for character in text:
        await type_text(pilot, character)
        await pilot.pause(pause)


async def test_after_next_day_the_blank_page_takes_typing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "right_square_bracket")
        screen = app.screen
        assert screen.day.toordinal() == TODAY.toordinal() + 1
        await type_at_a_persons_pace(pilot, "Today I met Sam")
        await pilot.pause(AUTOSAVE_DELAY + 0.3)
        assert isinstance(app.screen, JournalScreen)  # no digit switched screens
        await pilot.press("ctrl+q")
    tomorrow = TODAY.fromordinal(TODAY.toordinal() + 1)
    assert [e.body for e in entries.entries_on(tomorrow)] == ["Today I met Sam"]


async def test_brackets_browse_from_a_blank_page_and_are_typed_once_it_is_written(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket", "left_square_bracket", "full_stop")
        assert app.screen.day == TODAY  # browsed, nothing typed
        await type_text(pilot, "a list [x]")
        await pilot.press("ctrl+q")
    assert [e.body for e in entries.entries_on(TODAY)] == ["a list [x]"]
