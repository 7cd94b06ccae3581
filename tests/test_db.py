"""Opening, refusing, migrating and backing up the journal file."""

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from playhouse.migrate import migrate

from mentorjournal import db
from mentorjournal.models import PRAGMAS, Step, database
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal

from .conftest import TODAY


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_fresh_journal_has_schema_steps_and_pragmas(journal: Path) -> None:
    assert db.schema_version() == db.SCHEMA_VERSION
    assert [step.number for step in Step.select().order_by(Step.number)] == [1, 2, 3, 4, 5]
    pragma = lambda name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 5000
    assert pragma("secure_delete") == 1


def test_files_and_folder_are_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "new-folder" / "journal.db"
        open_journal(path)
        entries.create_entry(TODAY, "private words")
        assert mode(path.parent) == 0o700
        for name in ("journal.db", "journal.db-wal", "journal.db-shm"):
            assert mode(path.parent / name) == 0o600, name
        backup = db.backup_to(tmp_path / "copy.db")
        assert mode(backup) == 0o600
    finally:
        os.umask(old)


def test_reopening_keeps_what_was_written(journal_path: Path) -> None:
    open_journal(journal_path)
    entries.create_entry(TODAY, "kept across restarts")
    db.close_journal()
    open_journal(journal_path)
    assert [e.body for e in entries.entries_on(TODAY)] == ["kept across restarts"]


def _refused(path: Path, message: str) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(db.JournalError, match=message):
        open_journal(path)
    if before is not None:
        assert path.read_bytes() == before, "a refused file must be left untouched"


def test_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n" * 20)
    _refused(path, "not a mentorjournal journal")


def test_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    _refused(path, "empty")


def test_refuses_a_folder(tmp_path: Path) -> None:
    _refused(tmp_path, "is a folder")


def _closed_journal_with_pages(path: Path) -> None:
    open_journal(path)
    for number in range(200):
        entries.create_entry(TODAY, f"entry {number} " + "words " * 200)
    db.close_journal()


def test_refuses_a_truncated_journal(journal_path: Path) -> None:
    _closed_journal_with_pages(journal_path)
    data = journal_path.read_bytes()
    journal_path.write_bytes(data[: len(data) // 2])
    _refused(journal_path, "truncated")


def test_refuses_a_corrupt_journal(journal_path: Path) -> None:
    _closed_journal_with_pages(journal_path)
    data = bytearray(journal_path.read_bytes())
    data[8192:40960] = b"\xff" * (40960 - 8192)
    journal_path.write_bytes(bytes(data))
    _refused(journal_path, "damaged|malformed|cannot open")


def test_refuses_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.commit()
    connection.close()
    _refused(path, "another program")


def test_refuses_a_journal_from_a_newer_version(journal_path: Path) -> None:
    open_journal(journal_path)
    database.execute_sql(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    db.close_journal()
    _refused(journal_path, "newer mentorjournal")


def test_refuses_a_parent_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("a file, not a folder")
    _refused(tmp_path / "blocker" / "journal.db", "not a folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_refuses_a_folder_that_cannot_be_written(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    _refused(folder / "journal.db", "cannot create")


def _add_mood_column(migrator) -> None:
    from peewee import CharField

    migrate(migrator.add_column("entry", "mood", CharField(default="")))


def test_upgrade_backs_up_then_migrates(journal_path: Path, monkeypatch) -> None:
    open_journal(journal_path)
    entries.create_entry(TODAY, "written under the current schema")
    db.close_journal()
    current = db.SCHEMA_VERSION
    monkeypatch.setattr(db, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(db.MIGRATIONS, current + 1, _add_mood_column)

    open_journal(journal_path)

    assert db.schema_version() == current + 1
    assert "mood" in {column.name for column in database.get_columns("entry")}
    backups = list(journal_path.parent.glob(f"journal.schema-{current}-*.bak"))
    assert len(backups) == 1
    assert mode(backups[0]) == 0o600
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == current
    assert old.execute("SELECT body FROM entry").fetchall() == [
        ("written under the current schema",)
    ]
    old.close()


def test_failed_upgrade_rolls_back_and_keeps_the_backup(journal_path: Path, monkeypatch) -> None:
    open_journal(journal_path)
    entries.create_entry(TODAY, "must survive")
    db.close_journal()

    def broken(migrator) -> None:
        migrate(migrator.add_column("entry", "mood", __import__("peewee").CharField(default="")))
        database.execute_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    current = db.SCHEMA_VERSION
    monkeypatch.setattr(db, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(db.MIGRATIONS, current + 1, broken)
    with pytest.raises(db.JournalError):
        open_journal(journal_path)

    monkeypatch.setattr(db, "SCHEMA_VERSION", current)
    open_journal(journal_path)
    assert db.schema_version() == current
    assert "mood" not in {column.name for column in database.get_columns("entry")}
    assert [e.body for e in entries.entries_on(TODAY)] == ["must survive"]
    assert list(journal_path.parent.glob(f"journal.schema-{current}-*.bak"))


def test_backup_is_a_consistent_copy(journal: Path, tmp_path: Path) -> None:
    entries.create_entry(TODAY, "backed up")
    target = db.backup_to(tmp_path)  # a folder: a timestamped file inside it
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT body FROM entry").fetchall() == [("backed up",)]
    copy.close()


def test_backup_to_a_missing_folder_is_refused(journal: Path, tmp_path: Path) -> None:
    with pytest.raises(db.JournalError, match="does not exist"):
        db.backup_to(tmp_path / "nowhere" / "copy.db")


def test_integrity_check_of_a_healthy_journal(journal: Path) -> None:
    assert db.integrity_problems() == []


def test_default_path_is_in_the_user_data_folder_unless_overridden(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("MENTORJOURNAL_DB")
    assert db.default_path() == tmp_path / "data" / "mentorjournal" / "journal.db"
    monkeypatch.setenv("MENTORJOURNAL_DB", "~/elsewhere.db")
    assert db.default_path() == Path("~/elsewhere.db").expanduser()


def test_refuses_another_programs_database_with_a_user_version(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE foo (x)")
    connection.execute("PRAGMA user_version = 1")
    connection.commit()
    connection.close()
    _refused(path, "another program")


def test_a_deleted_entrys_words_leave_the_file(journal: Path) -> None:
    for number in range(30):
        entries.create_entry(TODAY, f"filler page {number}")
    secret = entries.create_entry(TODAY, "the password hint is xyzzyplugh")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    entries.delete_entry(secret.id)
    db.close_journal()  # checkpoints the WAL into the file
    for name in ("journal.db", "journal.db-wal"):
        path = journal.with_name(name)
        assert not path.exists() or b"xyzzyplugh" not in path.read_bytes(), name


def test_a_full_disk_is_a_clear_message_and_nothing_half_written(capsys, journal_path, monkeypatch):
    from mentorjournal.cli import main

    assert main(["log", "first"]) == 0
    pages = sqlite3.connect(journal_path).execute("PRAGMA page_count").fetchone()[0]
    monkeypatch.setitem(PRAGMAS, "max_page_count", pages)  # every engine opened from now
    capsys.readouterr()
    assert main(["log", "x" * 200_000]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write to the journal" in err and "full" in err
    monkeypatch.undo()
    open_journal(journal_path)
    assert [e.body for e in entries.entries_on(date.today())] == ["first"]


@pytest.mark.parametrize("folder", ["Dropbox", "OneDrive - Acme", "Library/Mobile Documents"])
def test_synced_folders_are_warned_about(tmp_path: Path, folder: str) -> None:
    warning = db.synced_folder_warning(tmp_path / folder / "journal.db")
    assert warning and "synced folder" in warning and "backup" in warning
    assert db.synced_folder_warning(tmp_path / "plain" / "journal.db") is None
    (tmp_path / "sync").mkdir()
    (tmp_path / "sync" / ".stfolder").mkdir()
    assert db.synced_folder_warning(tmp_path / "sync" / "journal.db")
