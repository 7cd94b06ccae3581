"""A journal on a PostgreSQL server: chosen by URL, its password never shown, its schema
versioned in a table, one writer at a time, other connections' commits heard."""

import os
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from mentorjournal import clock, db
from mentorjournal.cli import main
from mentorjournal.db_postgres import masked
from mentorjournal.models import database
from mentorjournal.services import entries
from mentorjournal.services.entries import StaleEntry
from mentorjournal.services.journal import open_journal

from .conftest import TODAY

pytestmark = pytest.mark.postgresql


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://ana:s3cr%40t@db.example:5433/journal", "postgresql://ana:***@db.example:5433/journal"),
        ("postgresql://ana@db.example/journal?sslmode=require", "postgresql://ana@db.example/journal?sslmode=require"),
        ("postgres://:pw@/journal?host=/run/pg", "postgres://:***@/journal?host=/run/pg"),
        ("postgresql:///journal", "postgresql:///journal"),
    ],
)  # fmt: skip
def test_a_url_is_shown_with_its_password_masked(url: str, shown: str) -> None:
    assert masked(url) == shown
    assert db.shown(url) == shown


def test_no_message_shows_the_password(pg_cluster, capsys) -> None:
    url = pg_cluster.url("no_such_journal").replace("postgres@", "postgres:tea-at-four@")
    with pytest.raises(db.JournalError) as refused:
        open_journal(url)
    assert "tea-at-four" not in str(refused.value) and "postgres:***@" in str(refused.value)
    assert main(["--db", url, "check"]) == 2
    error = capsys.readouterr().err
    assert "no_such_journal" in error and "tea-at-four" not in error
    quoted_back = url.replace("tea-at-four", "tea%zzfour")  # libpq quotes the bad part
    with pytest.raises(db.JournalError) as refused:
        open_journal(quoted_back)
    assert "zz" not in str(refused.value)


def test_a_plain_journal_never_loads_psycopg(tmp_path: Path) -> None:
    open_journal(tmp_path / "plain.db", today=TODAY)
    db.close_journal()
    script = (
        "import sys; from mentorjournal.cli import main; "
        f"code = main(['--db', {str(tmp_path / 'plain.db')!r}, 'check']); "
        "print(code, sys.modules.get('psycopg') is not None)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["0", "False"], result.stderr


def test_the_url_comes_from_db_the_environment_or_config_toml(
    pg_url: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    assert main(["--db", pg_url, "log", "from --db"]) == 0
    monkeypatch.setenv("MENTORJOURNAL_DB", pg_url)
    assert main(["log", "from the environment"]) == 0
    monkeypatch.delenv("MENTORJOURNAL_DB")
    (tmp_path / "config.toml").write_text(f'database = "{pg_url}"\n')
    assert main(["log", "from config.toml"]) == 0
    assert main(["check"]) == 0
    expected = f"ok: 3 entries, schema {db.SCHEMA_VERSION}, on a PostgreSQL server"
    assert expected in capsys.readouterr().out
    open_journal(pg_url, create=False)
    titles = [e.title for e in entries.entries_on(clock.today())]
    assert titles == ["from --db", "from the environment", "from config.toml"]


def test_the_schema_version_is_kept_in_a_table(pg_url: str, monkeypatch) -> None:
    open_journal(pg_url, today=TODAY)
    assert db.schema_version() == db.SCHEMA_VERSION
    database.execute_sql("UPDATE mentorjournal_schema SET version = 99")
    db.close_journal()
    with pytest.raises(db.JournalError, match="newer mentorjournal"):
        open_journal(pg_url)


def test_a_database_of_another_program_is_refused(pg_cluster, pg_url: str) -> None:
    database.initialize(db.server.engine(pg_url))
    database.execute_sql("CREATE TABLE invoices (id serial)")
    db.close_journal()
    with pytest.raises(db.JournalError, match="another program"):
        open_journal(pg_url)


def test_an_empty_database_is_no_journal_unless_created(pg_url: str) -> None:
    with pytest.raises(db.JournalError, match="there is no journal"):
        open_journal(pg_url, create=False)


def test_a_second_window_s_save_waits_for_the_first_and_is_refused(pg_url: str) -> None:
    """Two connections (two threads, as two machines) save over one revision: the
    second waits for the first's write lock, then sees its commit and is refused."""
    open_journal(pg_url, today=TODAY)
    entry = entries.create_entry(TODAY, "draft")
    inside, release = threading.Event(), threading.Event()
    outcome: list[str] = []

    def first() -> None:
        with db.write():
            entries.update_entry(entry.id, "first wins", step=None, tags=[], revision=1)
            inside.set()
            release.wait(10)
        db.close_connection()

    def second() -> None:
        inside.wait(10)
        try:
            entries.update_entry(entry.id, "second", step=None, tags=[], revision=1)
            outcome.append("saved")
        except StaleEntry as stale:
            outcome.append(f"refused, theirs: {stale.current.body}")
        db.close_connection()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    inside.wait(10)
    threading.Event().wait(0.3)  # the second is waiting for the lock by now
    assert outcome == []
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcome == ["refused, theirs: first wins"]
    assert entries.entries_on(TODAY)[0].body == "first wins"


def test_another_process_s_commit_is_heard(pg_url: str) -> None:
    open_journal(pg_url, today=TODAY)
    before = db.data_version()
    entries.create_entry(TODAY, "my own")  # this connection's commit: not another's
    assert db.data_version() == before
    env = {**os.environ, "MENTORJOURNAL_DB": pg_url}
    command = [sys.executable, "-m", "mentorjournal", "log", "from the desktop"]
    subprocess.run(command, env=env, check=True, capture_output=True)
    assert db.data_version() != before
    assert [e.title for e in entries.entries_on(clock.today())][-1] == "from the desktop"


def test_big_numbers_long_titles_and_floats_are_kept_as_sqlite_keeps_them(pg_url: str) -> None:
    from mentorjournal.models import Group

    open_journal(pg_url, today=TODAY)
    title = "a very long first line " * 40  # longer than VARCHAR(255)
    entry = entries.create_entry(
        TODAY, title.strip(), now=datetime(2026, 11, 27, 9, 30, 15, 123456)
    )
    Group.create(name="Guild", cost_per_year=1234.56, rating=2**40)
    assert entries.entries_on(TODAY)[0].body == title.strip()
    group = Group.get(Group.name == "guild")  # names compare without case
    assert (group.cost_per_year, group.rating) == (1234.56, 2**40)
    assert entries.entries_on(TODAY)[0].written_at == entry.written_at


def test_backup_of_a_server_journal_is_its_json_export(pg_url: str, tmp_path: Path, capsys):
    open_journal(pg_url, today=TODAY)
    entries.create_entry(TODAY, "kept in the backup")
    db.close_journal()
    (tmp_path / "backups").mkdir()
    assert main(["--db", pg_url, "backup", str(tmp_path / "backups") + "/"]) == 0
    out, err = capsys.readouterr()
    [made] = (tmp_path / "backups").glob("*.json")
    assert str(made) in out and "JSON export" in err
    assert "kept in the backup" in made.read_text()
    assert main(["--db", pg_url, "backup", "--keep", "2"]) == 2


def test_check_runs_consistency_queries_on_the_server(pg_url: str, capsys) -> None:
    open_journal(pg_url, today=TODAY)
    entry = entries.create_entry(TODAY, "indexed")
    db.close_journal()
    assert main(["--db", pg_url, "check"]) == 0
    open_journal(pg_url)
    database.execute_sql("DELETE FROM entry_index WHERE rowid = %s", (entry.id,))
    db.close_journal()
    assert main(["--db", pg_url, "check"]) == 1
    assert "entries missing from the search index: 1" in capsys.readouterr().err


def test_encryption_is_refused_for_a_server_journal(pg_url: str, capsys) -> None:
    assert main(["--db", pg_url, "encrypt"]) == 2
    assert "encryption is for journal files" in capsys.readouterr().err


def test_a_server_that_never_answers_is_given_up_in_one_line(monkeypatch) -> None:
    """libpq waits for ever on a server that takes the connection and says nothing: the
    journal gives up after its connect timeout (the app then ends in one line)."""
    import socket
    import time

    from mentorjournal import db_postgres

    db_postgres.driver()  # skipped where psycopg cannot be loaded
    monkeypatch.setattr(db_postgres, "CONNECT_TIMEOUT", 1)
    monkeypatch.delenv("PGCONNECT_TIMEOUT", raising=False)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        with pytest.raises(db.JournalError, match=r"^cannot open postgresql://me@127\.0\.0\.1"):
            open_journal(f"postgresql://me@127.0.0.1:{port}/journal")
        assert time.monotonic() - started < 10
