"""The passphrase screen of an encrypted journal, driven by the Pilot."""

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Static

from mentorjournal import cipher, db
from mentorjournal.app import MentorJournalApp
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.screens.passphrase import PassphraseScreen
from mentorjournal.services import entries

from ..conftest import TODAY
from .typing import type_text

SECRET = "tea at four"


async def test_nothing_opens_before_the_passphrase(journal: Path, tmp_path: Path) -> None:
    entries.create_entry(TODAY, "kept under lock")
    db.close_journal()
    cipher.encrypt(journal, SECRET)
    app = MentorJournalApp(
        journal, today=TODAY, settings_path=tmp_path / "config.toml", locked=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        await pilot.press("ctrl+p")  # no palette: its commands reach the journal
        assert not isinstance(app.screen, CommandPalette)
        await type_text(pilot, "wrong\n")
        error = str(app.screen.query_one("#passphrase-error", Static).render())
        assert "Wrong passphrase, try again (2 tries left)" in error
        await type_text(pilot, SECRET + "\n")
        await pilot.pause()
        assert isinstance(app.screen, JournalScreen)
        assert db.is_encrypted() and entries.entry_count() == 1


async def test_an_import_in_the_background_writes_into_the_encrypted_journal(
    journal: Path, tmp_path: Path
) -> None:
    import json
    from datetime import date

    from textual.widgets import Input

    from .test_import import JRNL

    db.close_journal()
    cipher.encrypt(journal, SECRET)
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps(JRNL).replace("From jrnl", "From jrnl zanzibar"))
    app = MentorJournalApp(
        journal, today=TODAY, settings_path=tmp_path / "config.toml", locked=True
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, SECRET + "\n")
        await pilot.pause()
        app.action_import_file()
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("added 1 entries" in n.message for n in app._notifications)
    assert [e.title for e in entries.entries_on(date(2025, 1, 2))] == ["From jrnl zanzibar"]
    db.close_journal()
    for file in journal.parent.glob("journal.db*"):
        assert b"zanzibar" not in file.read_bytes(), file
