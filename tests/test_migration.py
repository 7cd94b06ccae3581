"""Schema 2 on a journal written by the release before it (tests/fixtures/journal-v1.db)."""

import shutil
import sqlite3
from pathlib import Path

from mentorjournal import db
from mentorjournal.models import MODELS, Entry, database
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal

FIXTURE = Path(__file__).parent / "fixtures" / "journal-v1.db"


def _counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows per table of the models that the file has (later schemas add tables)."""
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    tables = [model._meta.table_name for model in MODELS if model._meta.table_name in present]
    return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_schema_1_journal_opens_whole_with_uids_and_a_backup_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURE, path)
    before = sqlite3.connect(path)
    assert before.execute("PRAGMA user_version").fetchone()[0] == 1
    counts = _counts(before)
    bodies = sorted(row[0] for row in before.execute("SELECT body FROM entry"))
    before.close()
    assert counts["entry"] > 100 and counts["ledgerentry"] and counts["blockoccurrence"]

    open_journal(path)

    assert db.schema_version() == db.SCHEMA_VERSION
    after = _counts(database.connection())
    assert {table: after[table] for table in counts} == counts
    assert sorted(e.body for e in Entry.select()) == bodies
    for model in MODELS:
        if "uid" in model._meta.fields:
            uids = [row.uid for row in model.select()]
            assert all(uids) and len(set(uids)) == len(uids), model.__name__
    assert db.integrity_problems() == []
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    backup = next(tmp_path.glob("journal.schema-1-*.bak"))
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert _counts(old) == counts
    old.close()


def test_the_migrated_journal_takes_new_records_and_searches_the_old(tmp_path: Path) -> None:
    path = tmp_path / "journal.db"
    shutil.copy(FIXTURE, path)
    open_journal(path)
    day = entries.entries_on(entries.days_with_entries(limit=1)[0][0])[0].day
    made = entries.create_entry(day, "after the upgrade")
    assert entries.get_entry(made.id).body == "after the upgrade"
    db.close_journal()
    open_journal(path)  # a second open does not migrate again
    assert len(list(tmp_path.glob("journal.schema-*.bak"))) == 1


def test_a_migrated_journal_keeps_day_notes(tmp_path: Path) -> None:
    from datetime import date

    from mentorjournal.services import day_notes

    path = tmp_path / "journal.db"
    shutil.copy(FIXTURE, path)
    open_journal(path)
    assert "daynote" in database.get_tables()
    day_notes.add(date(2026, 11, 26), "Holiday")
    db.close_journal()
    open_journal(path)
    assert [n.text for n in day_notes.on_day(date(2026, 11, 26))] == ["Holiday"]
    fresh = tmp_path / "fresh.db"  # a new journal has the same table as a migrated one
    db.close_journal()
    open_journal(fresh)
    schema = "SELECT sql FROM sqlite_master WHERE tbl_name = 'daynote'"
    made = database.execute_sql(schema).fetchall()
    db.close_journal()
    open_journal(path)
    assert sorted(database.execute_sql(schema).fetchall()) == sorted(made)
