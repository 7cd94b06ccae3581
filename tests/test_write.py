"""The one write helper: one transaction, joined when nested, announced once committed."""

from pathlib import Path

import pytest

from mentorjournal import clock, db
from mentorjournal.services import entries


def test_a_commit_is_announced_once_even_when_nested(journal: Path) -> None:
    heard: list[int] = []
    stop = db.on_change(lambda: heard.append(1))
    with db.write():
        entries.create_entry(clock.today(), "first")
        with db.write():
            entries.create_entry(clock.today(), "second")
        assert heard == []
    assert heard == [1]
    stop()
    entries.create_entry(clock.today(), "third")
    assert heard == [1]


def test_a_rolled_back_write_is_not_announced_and_leaves_nothing(journal: Path) -> None:
    heard: list[int] = []
    stop = db.on_change(lambda: heard.append(1))
    with pytest.raises(RuntimeError), db.write():
        entries.create_entry(clock.today(), "never")
        raise RuntimeError
    stop()
    assert heard == []
    assert entries.entries_on(clock.today()) == []


def test_another_connection_s_commit_changes_the_data_version(journal: Path) -> None:
    import sqlite3

    before = db.data_version()
    other = sqlite3.connect(journal)
    other.execute("UPDATE step SET title = 'Changed elsewhere' WHERE number = 1")
    other.commit()
    other.close()
    assert db.data_version() != before
