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
