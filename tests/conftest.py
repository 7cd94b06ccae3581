"""Keep the developer's own journal and settings out of every test."""

from datetime import date
from pathlib import Path

import pytest

from mentorjournal import clock, db
from mentorjournal.services import zones
from mentorjournal.services.journal import open_journal

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data, config and the journal itself live in this test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("MENTORJOURNAL_DB", str(tmp_path / "journal.db"))
    monkeypatch.setenv("MENTORJOURNAL_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    zones.set_viewer("Europe/Berlin")  # not the machine's: the same in every test run
    yield tmp_path
    db.close_journal()
    clock.fix(None, None)
    zones.set_viewer(None)


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def journal(journal_path: Path) -> Path:
    """An open, fresh journal."""
    open_journal(journal_path, today=TODAY)
    return journal_path


@pytest.fixture(autouse=True)
def journal_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's `run_test` hands over the Pilot once the journal is shown, as a person
    waits for it: the first screen is drawn first and filled after the journal's check
    (keys pressed before that are held and replayed; direct queries would see it empty).
    tests/screens/test_opening.py drives the time before it with `App.run_test`."""
    from contextlib import asynccontextmanager

    from textual.app import App

    from mentorjournal.app import MentorJournalApp

    @asynccontextmanager
    async def run_test(app: MentorJournalApp, *args, **kwargs):
        async with App.run_test(app, *args, **kwargs) as pilot:
            await until_shown(pilot)
            yield pilot

    monkeypatch.setattr(MentorJournalApp, "run_test", run_test)


async def until_shown(pilot, seconds: float = 20) -> None:
    """Wait until the app shows the journal (or asks its passphrase, or has ended)."""
    import time

    app, started = pilot.app, time.monotonic()
    while not (app.opened or app.locked or app.return_code is not None) and (
        time.monotonic() - started < seconds
    ):
        await pilot.pause(0.01)
    await pilot.pause()  # drawn; then what follows the first frame with the journal:
    await app.workers.wait_for_complete()  # drafts offered back, the daily backup
    await pilot.pause()
