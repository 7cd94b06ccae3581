"""`mentorjournal copy`: a journal moves between a file and a PostgreSQL server, whole."""

import json
from pathlib import Path

import pytest
from peewee import OperationalError

from mentorjournal import db, demo
from mentorjournal.cli import main
from mentorjournal.io import json_format
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal
from mentorjournal.services.search import search_entries

from ..conftest import TODAY

pytestmark = pytest.mark.postgresql


def exported(location, capsys) -> dict:
    assert main(["--db", str(location), "export", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    data.pop("exported_at")
    return data


def test_the_demo_journal_goes_to_a_server_and_back_unchanged(
    tmp_path: Path, pg_url: str, capsys
) -> None:
    first, last = tmp_path / "demo.db", tmp_path / "back.db"
    demo.create(first, TODAY)
    db.close_journal()
    assert main(["--db", str(first), "copy", "--to", pg_url]) == 0
    assert main(["--db", pg_url, "copy", "--to", str(last)]) == 0
    out = capsys.readouterr().out
    assert f"copied to {pg_url}: added" in out and f"copied to {last}: added" in out
    before, after = exported(first, capsys), exported(last, capsys)
    assert before == after
    assert len(before["entries"]) > 100 and before == exported(pg_url, capsys)
    open_journal(pg_url, create=False)
    assert search_entries("mentor")[1] > 0  # the copy's search index is filled


def test_a_copy_never_goes_into_an_existing_journal(tmp_path: Path, pg_url: str, capsys) -> None:
    source, existing = tmp_path / "a.db", tmp_path / "b.db"
    for path, text in ((source, "mine"), (existing, "theirs")):
        open_journal(path, today=TODAY)
        entries.create_entry(TODAY, text)
        db.close_journal()
    open_journal(pg_url, today=TODAY)
    db.close_journal()
    assert main(["--db", str(source), "copy", "--to", str(existing)]) == 2
    assert main(["--db", str(source), "copy", "--to", pg_url]) == 2
    assert main(["--db", str(source), "copy", "--to", str(source)]) == 2
    error = capsys.readouterr().err
    assert "b.db exists" in error and "already holds a journal" in error
    assert "the journal itself" in error
    open_journal(existing, create=False)
    assert [e.body for e in entries.entries_on(TODAY)] == ["theirs"]


def test_a_failed_copy_leaves_no_file_and_an_empty_server(
    tmp_path: Path, pg_url: str, monkeypatch, capsys
) -> None:
    source = tmp_path / "a.db"
    open_journal(source, today=TODAY)
    entries.create_entry(TODAY, "mine")
    db.close_journal()

    def broken(data, dry_run=False):
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(json_format, "import_journal", broken)
    assert main(["--db", str(source), "copy", "--to", str(tmp_path / "new.db")]) != 0
    assert main(["--db", str(source), "copy", "--to", pg_url]) != 0
    assert not (tmp_path / "new.db").exists()
    with pytest.raises(db.NoJournal):
        open_journal(pg_url, create=False)  # the tables were rolled back with the records
