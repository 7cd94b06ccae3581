"""A server journal's daily backup: its lossless JSON export in the private backups
folder, once a day, the newest seven kept, and it restores into an empty journal file."""

import re
import threading
from datetime import time, timedelta
from pathlib import Path

import pytest

from mentorjournal import clock, db, demo
from mentorjournal.cli import main
from mentorjournal.io import backups
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal

from ..conftest import TODAY
from .test_copy import exported

pytestmark = pytest.mark.postgresql


def test_a_server_journal_gets_one_backup_a_day_and_the_newest_seven_are_kept(
    pg_url: str,
) -> None:
    open_journal(pg_url, today=TODAY)
    entries.create_entry(TODAY, "backed up daily")
    folder = db.backups_folder()
    others = [folder / "other-20200101-000000-000000.json", folder / "notes.json"]
    for other in others:
        other.write_text("not this journal's backup")
    made = []
    for later in range(9):
        clock.fix(TODAY + timedelta(days=later), time(8, 30))
        made.append(backups.daily_backup(pg_url))
        assert backups.daily_backup(pg_url) is None  # one a day
    assert None not in made and made[0].parent == folder
    assert sorted(p for p in folder.iterdir() if p not in others) == made[-7:]
    assert all(other.exists() for other in others)  # never another journal's files
    assert {p.stat().st_mode & 0o777 for p in made[-7:]} == {0o600}
    assert folder.stat().st_mode & 0o777 == 0o700
    assert "backed up daily" in made[-1].read_text()


def test_the_daily_backup_restores_a_server_journal_into_an_empty_file(
    pg_url: str, tmp_path: Path, capsys
) -> None:
    demo.create(pg_url, TODAY)  # every kind of record, on the server
    made = backups.daily_backup(pg_url)
    db.close_journal()
    restored = tmp_path / "restored.db"
    assert main(["--db", str(restored), "import", str(made)]) == 0
    assert "updated nothing" in capsys.readouterr().out
    back, server = exported(restored, capsys), exported(pg_url, capsys)
    assert len(server["entries"]) == 182 and server["time_blocks"]
    # An imported entry remembers the revision it came in at (docs/format.md): the one
    # field an import sets; everything else comes back as it was.
    assert [e.pop("merged_revision") for e in back["entries"]] == [
        e["revision"] for e in server["entries"]
    ]
    for entry in server["entries"]:
        entry.pop("merged_revision")
    assert back == server


def test_a_server_out_of_reach_is_a_journal_error_and_no_file(pg_cluster, pg_url: str) -> None:
    open_journal(pg_url, today=TODAY)
    name = pg_url.partition("?")[0].rpartition("/")[2]
    pg_cluster.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
    pg_cluster.admin(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    )
    try:
        with pytest.raises(db.JournalError, match=re.escape(f"cannot read {pg_url}: ")):
            backups.daily_backup(pg_url)
    finally:
        pg_cluster.admin(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
    assert not list(db.backups_folder().iterdir())


def test_a_backup_reads_one_moment_of_the_journal_while_another_machine_writes(
    pg_url: str,
) -> None:
    open_journal(pg_url, today=TODAY)
    entries.create_entry(TODAY, "before")

    def another_machine() -> None:
        entries.create_entry(TODAY, "meanwhile")
        db.close_connection()

    with db.snapshot():
        assert [e.body for e in entries.entries_on(TODAY)] == ["before"]
        writer = threading.Thread(target=another_machine)
        writer.start()
        writer.join()
        assert [e.body for e in entries.entries_on(TODAY)] == ["before"]
    assert [e.body for e in entries.entries_on(TODAY)] == ["before", "meanwhile"]
