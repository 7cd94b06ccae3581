"""Keep the developer's own journal and settings out of every test.

The service and import/export tests (tests/services, tests/io) that take the `journal`
fixture run twice: on a SQLite file and on a PostgreSQL database of a throwaway cluster.
A test marked `sqlite_only`, or one that takes `journal_path` (it reaches the file
itself), runs on SQLite alone; one elsewhere marked `both_engines` runs on both.
"""

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from mentorjournal import clock, db
from mentorjournal.services import zones
from mentorjournal.services.journal import open_journal

from . import postgres

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


BOTH_ENGINES = ("tests/services/", "tests/io/")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: runs on the SQLite engine alone")
    config.addinivalue_line("markers", "postgresql: needs a PostgreSQL cluster")
    config.addinivalue_line("markers", "both_engines: runs on SQLite and on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`engine` is both engines for the engine-neutral tests, SQLite for the others."""
    if "engine" not in metafunc.fixturenames:
        return
    path = Path(metafunc.definition.path).as_posix()
    marked = metafunc.definition.get_closest_marker("both_engines") is not None
    both = marked or (
        any(folder in path for folder in BOTH_ENGINES)
        and metafunc.definition.get_closest_marker("sqlite_only") is None
        and "journal_path" not in metafunc.fixturenames
    )
    if both:
        server = pytest.param("postgresql", marks=pytest.mark.postgresql)
        metafunc.parametrize("engine", ["sqlite", server], scope="function")


@pytest.fixture
def engine() -> str:
    """The engine of a test that runs on SQLite alone (its name gets no `[sqlite]`)."""
    return "sqlite"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator["postgres.Cluster"]:
    """One throwaway PostgreSQL cluster per test session (per xdist worker)."""
    if reason := postgres.missing():
        pytest.skip(reason)
    with postgres.cluster() as cluster:
        yield cluster


@pytest.fixture
def pg_url(pg_cluster: "postgres.Cluster") -> Iterator[str]:
    """The URL of a fresh, empty database on the test cluster."""
    name = pg_cluster.new_database()
    yield pg_cluster.url(name)
    db.close_journal()
    pg_cluster.drop(name)


@pytest.fixture(scope="session")
def pg_fresh_journal(pg_cluster: "postgres.Cluster") -> str:
    """A fresh journal made once (as the `journal` fixture makes one), copied for each test:
    copying a database is ten times quicker than making the schema."""
    name = pg_cluster.new_database()
    open_journal(pg_cluster.url(name), today=TODAY)
    db.close_journal()
    return name


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal.db"


@pytest.fixture
def journal_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """Where the test's journal lives: a file, or a database on the test cluster."""
    if engine == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.new_database(template=request.getfixturevalue("pg_fresh_journal"))
        request.addfinalizer(lambda: (db.close_journal(), cluster.drop(name)))
        return cluster.url(name)
    return tmp_path / "journal.db"


@pytest.fixture
def journal(journal_location: Path | str, monkeypatch: pytest.MonkeyPatch) -> Path | str:
    """An open, fresh journal (the one the command line opens, too)."""
    monkeypatch.setenv("MENTORJOURNAL_DB", str(journal_location))
    open_journal(journal_location, today=TODAY)
    return journal_location


@pytest.fixture(autouse=True)
def opening_ended() -> Iterator[None]:
    """A journal still opening or being checked in a thread when a test ends (the app
    quit first) is waited for: it would otherwise open its journal in the next test."""
    yield
    for thread in threading.enumerate():
        if thread.name in ("journal open", "journal check"):
            thread.join(20)


@pytest.fixture(autouse=True)
def journal_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's `run_test` hands over the Pilot once the journal is shown, as a person
    waits for it: the first screen is drawn first and filled once the journal is open,
    then its page check ends (direct queries before that would see it empty).
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
    """Wait until the app shows the checked journal (or asks its passphrase, or has
    ended), and for the work that follows: the daily backup done, the drafts offered
    back (a restored form stays open: its offer waits for it, the test does not)."""
    import asyncio
    import time

    from mentorjournal.widgets.form import FormScreen

    app, started = pilot.app, time.monotonic()

    async def until(condition) -> None:
        while not condition() and time.monotonic() - started < seconds:
            await pilot.pause(0.01)

    await until(lambda: app.ready or app.locked or app.return_code is not None)
    assert app.ready or app.locked or app.return_code is not None, "never shown"
    await pilot.pause()
    others = [worker for worker in app.workers if worker.group != "drafts"]
    await asyncio.gather(*(worker.wait() for worker in others), return_exceptions=True)
    offers = [worker for worker in app.workers if worker.group == "drafts"]
    await until(lambda: isinstance(app.screen, FormScreen) or all(w.is_finished for w in offers))
    await pilot.pause()
