"""The command line, through its real entry point."""

import io
import os
import subprocess
import sys
from datetime import date

import pytest

from mentorjournal import db
from mentorjournal.cli import main
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def entries_in(path) -> list[tuple[date, str]]:
    open_journal(path)
    try:
        return [
            (day, e.body) for day, _ in entries.days_with_entries() for e in entries.entries_on(day)
        ]
    finally:
        db.close_journal()


def test_log_writes_an_entry_for_today(capsys, journal_path) -> None:
    code, out, err = run(capsys, "log", "Shipped", "the", "release")
    assert (code, err) == (0, "")
    assert "logged entry 1" in out
    assert entries_in(journal_path) == [(date.today(), "Shipped the release")]


def test_log_reads_stdin_and_takes_a_date(capsys, monkeypatch, journal_path) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("From a pipe\nsecond line\n"))
    code, _out, _err = run(capsys, "--db", str(journal_path), "log", "--date", "2026-01-05")
    assert code == 0
    assert entries_in(journal_path) == [(date(2026, 1, 5), "From a pipe\nsecond line")]


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["log", "   "], None, "the text is empty"),
        (["log"], "\n\n", "the text is empty"),
        (["log", "--date", "2026-02-30", "x"], None, "is not a date"),
        (["log", "--date", "tomorrow", "x"], None, "is not a date"),
    ],
)
def test_log_refuses_bad_input_in_one_line(capsys, monkeypatch, journal_path, argv, stdin, message):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code, out, err = run(capsys, *argv)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and message in err
    assert entries_in(journal_path) == []


def test_check_says_ok(capsys, journal_path) -> None:
    run(capsys, "log", "x")
    code, out, _err = run(capsys, "check")
    assert code == 0
    assert out.startswith("ok: 1 entry,")


def test_backup_writes_a_private_copy(capsys, tmp_path) -> None:
    run(capsys, "log", "worth keeping")
    code, out, _err = run(capsys, "backup", str(tmp_path / "copy.db"))
    assert code == 0
    assert entries_in(tmp_path / "copy.db")[0][1] == "worth keeping"
    code, out, _err = run(capsys, "backup")
    assert code == 0 and "backups" in out


def test_a_file_that_is_not_a_journal_exits_2_in_one_line(capsys, tmp_path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    code, _out, err = run(capsys, "--db", str(bogus), "check")
    assert code == 2
    assert err.count("\n") == 1 and "not a mentorjournal journal" in err
    assert bogus.read_text() == "hello"


def test_unknown_command_exits_2_in_one_line(capsys) -> None:
    code, _out, err = run(capsys, "frobnicate")
    assert code == 2
    assert err.count("\n") == 1 and "invalid choice" in err


def test_the_installed_entry_point_and_python_m(tmp_path) -> None:
    env = {**os.environ, "MENTORJOURNAL_DB": str(tmp_path / "sub.db")}
    version = subprocess.run(
        [sys.executable, "-m", "mentorjournal", "--version"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert version.returncode == 0 and version.stdout.startswith("mentorjournal ")
    bad = subprocess.run(
        [sys.executable, "-m", "mentorjournal", "--db", str(tmp_path), "check"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0


def test_demo_opens_a_throwaway_journal_and_never_the_real_one(monkeypatch, journal_path) -> None:
    from mentorjournal import cli

    seen = {}

    def fake_app(path) -> int:
        seen["path"], seen["count"] = path, entries.entry_count()
        return 0

    monkeypatch.setattr(cli, "_run_app", fake_app)
    assert main(["demo"]) == 0
    assert seen["count"] > 100
    assert seen["path"] != journal_path
    assert not seen["path"].exists()  # thrown away afterwards
    assert not journal_path.exists()  # the real journal was never even created


@pytest.mark.parametrize("command", ["check", "backup"])
def test_check_and_backup_never_create_a_journal(capsys, tmp_path, command) -> None:
    missing = tmp_path / "typo" / "journal.db"
    code, _out, err = run(capsys, "--db", str(missing), command)
    assert code == 2
    assert "there is no journal at" in err
    assert not missing.parent.exists()


def test_invalid_utf8_is_refused_in_one_line(capsys, monkeypatch, journal_path) -> None:
    code, _out, err = run(capsys, "log", "bad \udcff byte")
    assert code == 1 and err.count("\n") == 1 and "not valid UTF-8" in err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9"), encoding="utf-8"))
    code, _out, err = run(capsys, "log")
    assert code == 1 and err.count("\n") == 1 and "not valid UTF-8" in err
    assert entries_in(journal_path) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--db", "", "check"], "--db needs the path"),
        (["log", "--date", "", "x"], "is not a date"),
        (["log", "--date", "0001-01-01", "x"], "between 1900-01-01"),
    ],
)
def test_empty_and_absurd_values_are_refused(capsys, argv, message) -> None:
    code, _out, err = run(capsys, *argv)
    assert code != 0 and message in err and err.count("\n") == 1


def test_backup_never_overwrites_a_file_least_of_all_the_journal(capsys, tmp_path) -> None:
    run(capsys, "log", "precious")
    journal = tmp_path / "journal.db"
    before = journal.read_bytes()
    code, _out, err = run(capsys, "backup", str(journal))
    assert code == 2 and "never overwritten" in err
    assert journal.read_bytes() == before
    other = tmp_path / "other.db"
    other.write_text("mine")
    code, _out, err = run(capsys, "backup", str(other))
    assert code == 2 and other.read_text() == "mine"


def test_default_backups_go_beside_the_journal_in_use(capsys, tmp_path) -> None:
    elsewhere = tmp_path / "elsewhere" / "j.db"
    run(capsys, "--db", str(elsewhere), "log", "x")
    code, out, _err = run(capsys, "--db", str(elsewhere), "backup")
    assert code == 0
    assert out.startswith(str(elsewhere.parent / "backups"))


def test_export_import_export_gives_the_same_journal(capsys, tmp_path, journal_path) -> None:
    run(capsys, "log", "a page worth keeping")
    code, first, _err = run(capsys, "export", "--format", "json")
    assert code == 0
    (tmp_path / "a.json").write_text(first)
    new = str(tmp_path / "new.db")
    code, out, _err = run(capsys, "--db", new, "import", str(tmp_path / "a.json"))
    assert code == 0 and "added" in out
    code, _out, _err = run(
        capsys, "--db", new, "export", "--format", "json", "-o", str(tmp_path / "b.json")
    )
    second = (tmp_path / "b.json").read_text()
    assert oct((tmp_path / "b.json").stat().st_mode & 0o777) == "0o600"

    def strip(text: str) -> str:
        """Without the export's own time and the revision each entry came in at."""
        dropped = ("exported_at", "merged_revision")
        return "\n".join(
            line for line in text.splitlines() if not line.strip(' "').startswith(dropped)
        )

    assert strip(first) == strip(second)


def test_export_markdown_and_ics(capsys) -> None:
    run(capsys, "log", "--date", "2026-11-20", "Markdown page")
    code, out, _err = run(capsys, "export", "--format", "markdown", "--from", "2026-11-01")
    assert code == 0 and "### Friday 20 November 2026" in out and "Markdown page" in out
    code, out, _err = run(capsys, "export", "--format", "ics")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR")
    code, _out, err = run(
        capsys, "export", "--format", "markdown", "--from", "2026-12-01", "--to", "2026-11-01"
    )
    assert code == 1 and "--to is before --from" in err


def test_import_refuses_a_bad_file_in_one_line(capsys, tmp_path, journal_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mentorjournal", "version": 7}')
    code, _out, err = run(capsys, "import", str(bad))
    assert code == 1 and err.count("\n") == 1 and "reads version 1" in err
    code, _out, err = run(capsys, "import", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read" in err


JRNL = (
    '{"tags": {}, "entries": '
    '[{"date": "2026-11-20", "time": "09:00", "title": "Met Ana", "body": ""}]}'
)


@pytest.mark.parametrize(
    ("content", "options", "named"),
    [
        (JRNL, ["--strict"], "--strict only apply"),
        (
            JRNL,
            ["--format", "jrnl", "--from", "2026-11-01", "--to", "2026-11-30"],
            "--from and --to",
        ),
        (None, ["--to", "2026-11-30"], "--to only apply"),
    ],
)
def test_calendar_options_on_a_json_or_jrnl_import_are_refused_in_one_line(
    capsys, tmp_path, journal_path, content, options, named
) -> None:
    run(capsys, "log", "already here")
    source = tmp_path / "in.json"
    if content is None:  # our own export
        assert run(capsys, "export", "-o", str(source))[0] == 0
    else:
        source.write_text(content)
    before = entries_in(journal_path)
    code, out, err = run(capsys, "import", str(source), *options)
    assert (code, out) == (2, "") and err.count("\n") == 1 and named in err
    assert "nothing imported" in err and ".ics" in err
    assert entries_in(journal_path) == before


def test_backup_keep_prunes_the_oldest(capsys, tmp_path) -> None:
    run(capsys, "log", "x")
    for _ in range(4):
        assert run(capsys, "backup", "--keep", "2")[0] == 0
    folder = tmp_path / "backups"
    other = folder / "other-20200101-000000-000000.db"
    other.write_text("another journal's backup")
    assert run(capsys, "backup", "--keep", "2")[0] == 0
    assert len(list(folder.glob("journal-*.db"))) == 2
    assert other.exists()  # not this journal's: left alone
    code, _out, err = run(capsys, "backup", "--keep", "0")
    assert code == 1 and "1 or more" in err


def test_daily_backup_once_a_day(journal_path) -> None:
    open_journal(journal_path)
    entries.create_entry(date.today(), "backed up daily")
    db.close_journal()
    made = db.daily_backup(journal_path)
    assert made is not None and made.stat().st_mode & 0o777 == 0o600
    assert db.daily_backup(journal_path) is None  # already one today
