"""Drive the real app on a temporary journal, with a fixed today."""

from collections.abc import Callable
from pathlib import Path

import pytest

from mentorjournal.app import MentorJournalApp
from mentorjournal.services.journal import open_journal

from ..conftest import TODAY


@pytest.fixture
def make_app(journal: Path, tmp_path: Path) -> Callable[[], MentorJournalApp]:
    """Open the journal and build the app on it, as `mentorjournal` would."""

    def make() -> MentorJournalApp:
        open_journal(journal, today=TODAY)
        return MentorJournalApp(journal, today=TODAY, settings_path=tmp_path / "config.toml")

    return make
