"""Two windows on one journal: nobody waits for long, nobody overwrites the other."""

import sqlite3
import threading
import time
from datetime import datetime
from datetime import time as dtime

import pytest
from textual.widgets import TextArea

from mentorjournal.services import entries, steps
from mentorjournal.services.entries import StaleEntry
from mentorjournal.services.steps import StaleNote
from mentorjournal.widgets.autosave import AUTOSAVE_DELAY
from mentorjournal.widgets.merge_dialog import MergeScreen

from ..conftest import TODAY


def other_window_saves(path, entry_id: int, body: str) -> None:
    """What a second app would do: its own connection, its own transaction (on a
    server journal, as another machine's)."""
    if isinstance(path, str):
        from mentorjournal.db_postgres import driver

        with driver().connect(path, autocommit=True) as other:
            other.execute(
                "UPDATE entry SET body = %s, revision = revision + 1 WHERE id = %s",
                (body, entry_id),
            )
        return
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "UPDATE entry SET body = ?, revision = revision + 1 WHERE id = ?", (body, entry_id)
    )
    connection.execute("COMMIT")
    connection.close()


def test_a_stale_save_is_refused_and_shows_the_newer_version(journal) -> None:
    entry = entries.create_entry(TODAY, "first")
    other_window_saves(journal, entry.id, "written in the other window")
    with pytest.raises(StaleEntry) as stale:
        entries.update_entry(entry.id, "mine", step=None, tags=[], revision=entry.revision)
    assert stale.value.current.body == "written in the other window"
    assert entries.get_entry(entry.id).body == "written in the other window"


def test_a_writer_waits_for_the_other_window_instead_of_failing(journal) -> None:
    def hold_the_lock() -> None:
        connection = sqlite3.connect(journal, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        time.sleep(1.0)
        connection.execute("COMMIT")
        connection.close()

    other = threading.Thread(target=hold_the_lock)
    other.start()
    time.sleep(0.2)
    started = time.perf_counter()
    entries.create_entry(TODAY, "waited my turn")
    assert time.perf_counter() - started >= 0.5
    other.join()
    assert [e.body for e in entries.entries_on(TODAY)] == ["waited my turn"]


@pytest.mark.both_engines
@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("m", "Draft, mine\n\n--- from the other window ---\nDraft, theirs"),
        ("k", "Draft, mine"),
        ("t", "Draft, theirs"),
    ],
)
async def test_the_later_save_shows_both_versions_to_merge(make_app, journal, key, expected):
    entry = entries.create_entry(TODAY, "Draft")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")
        other_window_saves(journal, entry.id, "Draft, theirs")
        app.screen.query_one("#body").insert(", mine")  # at once: typing may outlast a save
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert isinstance(app.screen, MergeScreen)
        assert entries.get_entry(entry.id).body == "Draft, theirs"  # not overwritten
        await pilot.press(key)
        await pilot.pause()
        assert entries.get_entry(entry.id).body == expected
        assert app.screen.query_one("#body").text == expected


@pytest.mark.both_engines
async def test_closing_during_a_conflict_keeps_the_text_as_a_new_entry(make_app, journal):
    entry = entries.create_entry(TODAY, "Draft")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("end")
        # Typed in one go: an autosave cannot land before the other window's save.
        app.screen.query_one("#body").insert(" edited here")
        other_window_saves(journal, entry.id, "Draft edited there")
        app._exit_on_signal(1)
    assert sorted(e.body for e in entries.entries_on(TODAY)) == [
        "Draft edited here",
        "Draft edited there",
    ]


async def test_an_autosave_does_not_freeze_while_another_window_holds_the_journal(
    make_app, journal
):
    entry = entries.create_entry(TODAY, "Draft")
    released = threading.Event()

    def hold_the_lock() -> None:
        connection = sqlite3.connect(journal, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        released.wait(10)
        connection.execute("COMMIT")
        connection.close()

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        other = threading.Thread(target=hold_the_lock)
        other.start()
        time.sleep(0.2)
        app.screen.query_one("#body").insert("more ")
        started = time.perf_counter()
        await pilot.pause(AUTOSAVE_DELAY + 0.5)
        assert time.perf_counter() - started < 3  # not stuck behind the 5 s busy timeout
        assert "retrying" in str(app.screen.query_one("#save-status").render())
        released.set()
        other.join()
        await pilot.pause(2.5)  # the retry
        assert entries.get_entry(entry.id).body == "Draftmore "


def other_window_saves_note(path, text: str) -> None:
    """A second app saving step 1's strengths: its own connection, the next revision."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "UPDATE stepnote SET text = ?, revision = revision + 1 WHERE step_id = 1 "
        "AND topic = 'strengths'",
        (text,),
    )
    connection.execute("COMMIT")
    connection.close()


def test_a_stale_note_save_is_refused_and_shows_the_newer_version(journal) -> None:
    at = datetime.combine(TODAY, dtime(9))
    loaded = steps.save_note(1, "strengths", "first", at)
    other_window_saves_note(journal, "written in the other window")
    with pytest.raises(StaleNote) as stale:
        steps.save_note(1, "strengths", "mine", at, loaded)
    assert stale.value.current.text == "written in the other window"
    assert steps.note(1, "strengths") == "written in the other window"
    saved = steps.save_note(1, "strengths", "mine, having seen theirs", at, stale.value.current)
    assert (saved.revision, steps.note(1, "strengths")) == (3, "mine, having seen theirs")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("m", "Calm, mine\n\n--- from the other window ---\nCalm, theirs"),
        ("k", "Calm, mine"),
        ("t", "Calm, theirs"),
    ],
)
async def test_a_step_note_saved_in_two_windows_shows_both_to_merge(
    make_app, journal, key, expected
):
    steps.save_note(1, "strengths", "Calm", datetime.combine(TODAY, dtime(7)))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "2", "e")  # the checklist, into step 1's notes
        note = app.focused
        assert isinstance(note, TextArea) and note.text == "Calm"
        other_window_saves_note(journal, "Calm, theirs")
        note.insert(", mine", note.document.end)
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert isinstance(app.screen, MergeScreen)
        assert steps.note(1, "strengths") == "Calm, theirs"  # not overwritten
        await pilot.press(key)
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert steps.note(1, "strengths") == expected
        assert note.text == expected
