"""The first frame comes before the journal's data: drawn at once, filled as soon as
the journal is open (a server's is opened in a thread, after the first frame), while
its page check runs in a thread; nothing is written before the check has passed.

These tests hold the opening or the check back, so that the time before can be looked
at; they use Textual's own `run_test` (the suite's waits for the journal).
"""

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static, TextArea

from mentorjournal import db
from mentorjournal.app import MentorJournalApp
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.services import StorageError, entries
from mentorjournal.services import journal as journal_service
from mentorjournal.services.journal import close_journal, open_journal
from mentorjournal.widgets.autosave import AUTOSAVE_DELAY
from mentorjournal.widgets.day_list import DayList
from mentorjournal.widgets.entry_editor import OPENING

from ..conftest import TODAY, until_shown
from .typing import type_text, wait_for

SIZE = (120, 40)


@pytest.fixture
def held_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The journal's page check waits until the event is set."""
    release = threading.Event()
    check = db._quick_check

    def slow_check(*args) -> str:
        release.wait(20)
        return check(*args)

    monkeypatch.setattr(db, "_quick_check", slow_check)
    yield release
    release.set()


@pytest.fixture
def held_opening(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Opening the journal in the app's thread (as for a slow server) waits for the event."""
    release = threading.Event()
    opening = journal_service.open_journal

    def slow_open(*args, **kwargs):
        release.wait(20)
        return opening(*args, **kwargs)

    monkeypatch.setattr(journal_service, "open_journal", slow_open)
    yield release
    release.set()


def _app(journal: Path, tmp_path: Path) -> MentorJournalApp:
    return MentorJournalApp(journal, today=TODAY, settings_path=tmp_path / "config.toml")


def _written_journal(path: Path) -> None:
    open_journal(path, today=TODAY)
    entries.create_entry(TODAY, "Morning page")
    entries.create_entry(TODAY - timedelta(1), "Yesterday's page")
    close_journal()


async def test_the_first_frame_does_not_wait_for_the_journal_then_it_is_filled(
    journal_path: Path, tmp_path: Path, held_opening: threading.Event
) -> None:
    _written_journal(journal_path)  # and closed: the app opens it in a thread
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, JournalScreen) and not app.opened
        assert screen.query_one(TextArea).text == ""
        assert str(screen.query_one("#save-status", Static).render()) == OPENING
        assert screen.query_one(DayList).option_count == 0  # no wrong data, none at all
        assert "27 November 2026" in str(screen.query_one("#day-title", Static).render())
        held_opening.set()
        await until_shown(pilot)
        assert screen.query_one(TextArea).text == "Morning page"
        assert screen.query_one(DayList).option_count == 2
        assert "streak" in str(screen.query_one("#streak", Static).render())


async def test_keys_typed_while_the_journal_opens_land_in_order_on_its_page(
    journal_path: Path, tmp_path: Path, held_opening: threading.Event
) -> None:
    _written_journal(journal_path)
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await pilot.press("space", "a", "n", "d")  # "n" and "d" are keys of the screen too
        assert app.screen.query_one(TextArea).text == ""  # held, not typed on a blank page
        held_opening.set()
        await until_shown(pilot)
        await pilot.press("space", "m", "o", "r", "e")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert [e.body for e in entries.entries_on(TODAY)] == ["Morning page and more"]


async def test_the_page_takes_typing_during_the_check_and_saves_it_once_the_check_passed(
    journal_path: Path, tmp_path: Path, held_check: threading.Event
) -> None:
    _written_journal(journal_path)
    open_journal(journal_path, check_later=True)
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.opened)
        await type_text(pilot, " typed during the check")
        text_area = app.screen.query_one(TextArea)
        assert text_area.text == "Morning page typed during the check"
        await pilot.pause(AUTOSAVE_DELAY + 0.3)  # the autosave is due, but waits
        await pilot.press("ctrl+s")  # refused at once ("still being checked"): no freeze
        assert not app.ready and entries.entries_on(TODAY)[0].body == "Morning page"
        held_check.set()
        await until_shown(pilot)
        await wait_for(
            pilot,
            lambda: (
                [e.body for e in entries.entries_on(TODAY)]
                == ["Morning page typed during the check"]
            ),
        )


async def test_ctrl_q_while_the_journal_opens_quits_at_once(
    journal_path: Path, tmp_path: Path, held_opening: threading.Event
) -> None:
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await pilot.press("h", "ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    held_opening.set()
    assert app.return_code == 0 and not app.opened


def _damaged(path: Path) -> None:
    """A journal whose entry pages are overwritten: only the page check finds it."""
    open_journal(path, today=TODAY)
    for number in range(200):
        entries.create_entry(TODAY, f"entry {number} " + "words " * 200)
    close_journal()
    data = bytearray(path.read_bytes())
    data[8192:40960] = b"\xff" * (40960 - 8192)
    path.write_bytes(bytes(data))


async def test_a_damaged_journal_ends_the_app_in_one_line_with_nothing_written(
    journal_path: Path, tmp_path: Path
) -> None:
    _damaged(journal_path)
    before = journal_path.read_bytes()
    open_journal(journal_path, check_later=True)  # the header and schema look fine
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await pilot.press("h", "i", "ctrl+s")
        await until_shown(pilot)
        await pilot.pause()
    assert app.return_code == 2 and not app.ready
    assert "damaged" in app.refused or "malformed" in app.refused
    close_journal()
    assert journal_path.read_bytes() == before
    companions = {p.name for p in journal_path.parent.iterdir()} - {journal_path.name}
    assert not companions & {"backups", "editing"}


async def test_what_was_typed_before_the_check_found_damage_is_kept_beside_the_journal(
    journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _written_journal(journal_path)
    verdict = threading.Event()

    def damage_found(*_args) -> str:
        verdict.wait(20)
        return "row 3 missing from index entry_day"

    monkeypatch.setattr(db, "_quick_check", damage_found)
    before = journal_path.read_bytes()
    open_journal(journal_path, check_later=True)
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.opened)
        await type_text(pilot, " and more")
        verdict.set()
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2 and "row 3 missing" in app.refused
    assert [draft.data["body"] for draft in app.drafts.mine()] == ["Morning page and more"]
    close_journal()
    assert journal_path.read_bytes() == before


def test_a_write_before_the_check_passed_is_refused_at_once(
    journal_path: Path, held_check: threading.Event
) -> None:
    _written_journal(journal_path)
    open_journal(journal_path, check_later=True)
    with pytest.raises(StorageError, match="still being checked"):
        entries.create_entry(TODAY, "too soon")
    held_check.set()
    db.checked()
    entries.create_entry(TODAY, "once checked")
    bodies = sorted(e.body for e in entries.entries_on(TODAY))
    assert bodies == ["Morning page", "once checked"]


def test_a_damaged_file_takes_no_write(journal_path: Path) -> None:
    _damaged(journal_path)
    before = journal_path.read_bytes()
    open_journal(journal_path, check_later=True)
    with pytest.raises(db.JournalError, match=r"damaged|malformed"):
        db.checked()
    with pytest.raises(StorageError, match=r"damaged|malformed"):
        entries.create_entry(TODAY, "never written")
    close_journal()
    assert journal_path.read_bytes() == before


def test_a_journal_to_upgrade_is_checked_before_it_opens(
    journal_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damaged(journal_path)
    monkeypatch.setattr(db, "SCHEMA_VERSION", db.SCHEMA_VERSION + 1)  # it needs an upgrade
    with pytest.raises(db.JournalError, match=r"damaged|malformed"):
        open_journal(journal_path, check_later=True)


async def test_a_journal_lost_between_opening_and_filling_ends_the_app_in_one_line(
    journal_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that goes away after the opening thread connected: the fill's first read
    fails, the pages are fine, and what it said is the one line."""
    _written_journal(journal_path)

    def server_gone(_screen) -> None:
        raise StorageError("server closed the connection unexpectedly")

    monkeypatch.setattr(JournalScreen, "show_journal", server_gone)
    open_journal(journal_path, check_later=True)
    app = _app(journal_path, tmp_path)
    async with App.run_test(app, size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert app.refused == "server closed the connection unexpectedly"
