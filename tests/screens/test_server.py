"""The app on a server journal whose connection is lost: one line in the header, the
typing goes on into the drafts store, and it is saved once the server is back."""

import threading
import time
from urllib.parse import urlsplit

import pytest
from textual.app import App
from textual.widgets import Label, Static

from mentorjournal import db, db_postgres
from mentorjournal.app import MentorJournalApp
from mentorjournal.db_postgres import driver
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal
from mentorjournal.widgets.autosave import AUTOSAVE_DELAY
from mentorjournal.widgets.entry_editor import OPENING

from ..conftest import TODAY, until_shown
from .typing import type_text

pytestmark = pytest.mark.postgresql


async def within(pilot, seconds: float, condition) -> None:
    started = time.perf_counter()
    while not condition():
        assert time.perf_counter() - started < seconds, f"not within {seconds} s"
        await pilot.pause(0.1)


def saved_bodies(url: str) -> list[str]:
    """What the server holds, read as another machine would."""
    with driver().connect(url) as other:
        return [row[0] for row in other.execute("SELECT body FROM entry ORDER BY id")]


async def test_a_lost_server_is_one_line_and_the_typing_is_saved_when_it_is_back(
    pg_cluster, pg_url: str, tmp_path
) -> None:
    name = urlsplit(pg_url).path.strip("/")
    open_journal(pg_url, today=TODAY)
    app = MentorJournalApp(pg_url, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "Before")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert saved_bodies(pg_url) == ["Before"]
        lost = app.screen.query_one("#connection-lost", Label)
        assert not lost.display
        pg_cluster.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        pg_cluster.admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        )
        await type_text(pilot, " and while the server was away")
        await within(pilot, 4.0, lambda: lost.display)
        mine = lambda: [d.data.get("body") for d in app.drafts.mine()]  # noqa: E731
        await within(pilot, 4.0, lambda: "Before and while the server was away" in mine())
        pg_cluster.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        await within(pilot, 8.0, lambda: not lost.display)
        await within(
            pilot, 8.0, lambda: saved_bodies(pg_url) == ["Before and while the server was away"]
        )


async def test_the_first_frame_does_not_wait_for_the_server(
    pg_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app connects in a thread after its first frame: a slow server delays the
    journal's data, never the screen."""
    answer = threading.Event()
    connect = db_postgres._Adapter.connect

    def slow_connect(self, database, **params):
        answer.wait(20)
        return connect(self, database, **params)

    monkeypatch.setattr(db_postgres._Adapter, "connect", slow_connect)
    app = MentorJournalApp(pg_url, today=TODAY, settings_path=tmp_path / "config.toml")
    async with App.run_test(app, size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen) and not app.opened
        assert str(app.screen.query_one("#save-status", Static).render()) == OPENING
        await pilot.press("H", "i")  # held until the page is there
        answer.set()
        await until_shown(pilot)
        await pilot.press("ctrl+s")
        await within(pilot, 4.0, lambda: saved_bodies(pg_url) == ["Hi"])


async def test_a_server_that_refuses_ends_the_app_in_one_line(pg_cluster, tmp_path) -> None:
    url = f"postgresql://postgres:secret@/no_such_journal?host={pg_cluster.folder}"
    app = MentorJournalApp(url, today=TODAY, settings_path=tmp_path / "config.toml")
    async with App.run_test(app, size=(120, 40)) as pilot:
        await until_shown(pilot)
    assert app.return_code == 2 and not app.opened
    assert app.refused.startswith("cannot open postgresql://postgres:***@")
    assert "secret" not in app.refused and "no_such_journal" in app.refused


async def test_starting_the_app_on_a_server_journal_writes_the_days_backup(
    pg_url: str, tmp_path
) -> None:
    open_journal(pg_url, today=TODAY)
    entries.create_entry(TODAY, "in today's backup")
    app = MentorJournalApp(pg_url, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app._notifications  # nothing shown when it works
    [made] = db.backups_folder().glob(f"*-{TODAY:%Y%m%d}-*.json")
    assert made.stat().st_mode & 0o777 == 0o600
    assert "in today's backup" in made.read_text()


async def test_a_daily_backup_that_fails_is_one_warning_and_the_app_goes_on(
    pg_url: str, tmp_path
) -> None:
    open_journal(pg_url, today=TODAY)
    blocked = db.journal_file().parent / "backups"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the backups folder goes")
    app = MentorJournalApp(pg_url, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [shown] = [n for n in app._notifications if n.severity == "warning"]
        assert shown.message == f"Daily backup skipped: {blocked} is not a folder"
        await type_text(pilot, "Still writing")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
    assert saved_bodies(pg_url) == ["Still writing"]
