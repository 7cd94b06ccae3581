"""A read-only journal opens read-only: read commands work, writes are refused in one
line, the app says so and saves nothing, and no file's mode is ever changed."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Label, TextArea

from mentorjournal import db
from mentorjournal.app import MentorJournalApp
from mentorjournal.cli import main
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal

from .conftest import TODAY
from .screens.typing import type_text

not_as_root = pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes anything")


def cli(journal: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentorjournal", "--db", str(journal), *argv],
        capture_output=True,
        text=True,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def read_only(journal_path: Path) -> Path:
    """A journal with one entry, made 0400 by its owner."""
    open_journal(journal_path, today=TODAY)
    entries.create_entry(TODAY, "written before it was locked")
    db.close_journal()
    journal_path.chmod(0o400)
    return journal_path


def test_reads_work_writes_are_refused_and_the_mode_stays(read_only: Path, tmp_path) -> None:
    before = read_only.read_bytes()
    assert cli(read_only, "check").stdout.startswith("ok: 1 entries")
    exported = cli(read_only, "export", "--format", "markdown")
    assert "written before it was locked" in exported.stdout
    (tmp_path / "a.json").write_text(cli(read_only, "export").stdout)
    for argv, verb in (
        (["log", "more"], "logged"),
        (["import", str(tmp_path / "a.json")], "imported"),
    ):
        result = cli(read_only, *argv)
        assert result.returncode == 2
        assert result.stderr == f"mentorjournal: {read_only} is read-only: nothing {verb}\n"
    assert mode(read_only) == 0o400
    assert read_only.read_bytes() == before


def test_a_writable_journals_mode_is_never_changed(journal_path: Path) -> None:
    assert main(["log", "first"]) == 0
    journal_path.chmod(0o640)
    assert main(["log", "second"]) == 0
    assert main(["check"]) == 0
    assert mode(journal_path) == 0o640


def test_a_write_to_a_read_only_journal_is_refused_before_sqlite(read_only: Path) -> None:
    open_journal(read_only)
    assert db.is_read_only()
    with pytest.raises(db.ReadOnlyJournal, match="read-only"):
        entries.create_entry(TODAY, "never written")
    assert [e.body for e in entries.entries_on(TODAY)] == ["written before it was locked"]


async def test_the_app_says_read_only_and_saves_nothing(read_only: Path, tmp_path) -> None:
    before = read_only.read_bytes()
    open_journal(read_only, today=TODAY)
    app = MentorJournalApp(read_only, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#read-only", Label).render()) == "read-only"
        editor = app.screen.query_one("#body", TextArea)
        assert editor.read_only
        await type_text(pilot, " typed into a locked journal")
        await pilot.pause(1.0)
        status = str(app.screen.query_one("#save-status").render())
        assert "nothing can be written" in status
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)
    db.close_journal()
    assert read_only.read_bytes() == before
    assert mode(read_only) == 0o400
    assert not (read_only.parent / "backups").exists()  # no daily backup of a locked journal


@not_as_root
def test_a_journal_the_user_cannot_read_is_one_line(tmp_path: Path) -> None:
    journal = tmp_path / "theirs.db"
    assert cli(journal, "log", "x").returncode == 0
    journal.chmod(0o000)
    result = cli(journal, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "cannot" in result.stderr


@not_as_root
def test_a_journal_in_a_folder_the_user_cannot_enter_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    assert cli(folder / "journal.db", "log", "x").returncode == 0
    folder.chmod(0o000)
    try:
        result = cli(folder / "journal.db", "export")
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


@not_as_root
def test_a_journal_in_a_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    assert cli(folder / "journal.db", "log", "kept").returncode == 0
    folder.chmod(0o500)
    try:
        assert "kept" in cli(folder / "journal.db", "export", "--format", "markdown").stdout
        result = cli(folder / "journal.db", "log", "more")
    finally:
        folder.chmod(0o700)
    assert result.returncode == 2 and "read-only" in result.stderr


async def test_a_form_on_a_read_only_journal_says_so_and_stays_open(read_only: Path, tmp_path):
    from mentorjournal.screens.people_forms import PersonFormScreen
    from mentorjournal.services import people

    open_journal(read_only, today=TODAY)
    app = MentorJournalApp(read_only, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "5", "n")
        await type_text(pilot, "Ana")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonFormScreen)
        errors = " ".join(str(s.render()) for s in app.screen.query(".field-error"))
        assert "not saved" in errors and "read-only" in errors
    assert people.names() == []


async def test_typing_into_a_read_only_page_runs_no_commands(read_only: Path, tmp_path) -> None:
    """Keys the locked editor cannot take do not fall through to the screen's commands
    (`d` delete, `y` confirm, digits switch screens)."""
    from mentorjournal.screens.journal import JournalScreen

    open_journal(read_only, today=TODAY)
    app = MentorJournalApp(read_only, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await type_text(pilot, "dy2 day 4")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen) and app.return_code is None
        await pilot.press("escape", "d")  # from the entry list: said, not tried
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert any("read-only" in n.message for n in app._notifications)
    db.close_journal()
    open_journal(read_only)
    assert [e.body for e in entries.entries_on(TODAY)] == ["written before it was locked"]
