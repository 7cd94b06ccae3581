"""The real app on an encrypted journal, in a pty: the passphrase comes first."""

import time
from datetime import date

from mentorjournal import cipher, db
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal

from .conftest import TODAY
from .test_process import Terminal, pytestmark  # noqa: F401  (skipped without a pty)

SECRET = "tea at four"


def encrypted_journal(path):
    open_journal(path, today=TODAY)
    entries.create_entry(date.today(), "already there")
    db.close_journal()
    cipher.encrypt(path, SECRET)
    return path


def test_the_app_asks_the_passphrase_and_lets_the_user_try_again(tmp_path) -> None:
    journal = encrypted_journal(tmp_path / "journal.db")
    terminal = Terminal(journal)
    terminal.wait_for(b"is encrypted")
    assert b"Days written" not in terminal.screen  # nothing of the journal before it
    terminal.type("not the one\r")
    terminal.wait_for(b"Wrong passphrase, try again")
    terminal.type(SECRET + "\r")
    terminal.wait_for(b"Days written")
    terminal.type(", and more")  # today's entry opens in the editor, the cursor at its end
    time.sleep(2)
    terminal.type("\x11")  # ctrl+q
    assert terminal.close() == 0
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert len(written) > 1 and not [p for p in written if b"and more" in p.read_bytes()]
    open_journal(journal, passphrase=SECRET)
    bodies = [entry.body for entry in entries.entries_on(date.today())]
    db.close_journal()
    assert bodies == ["already there, and more"]


def test_three_wrong_passphrases_end_the_app(tmp_path) -> None:
    journal = encrypted_journal(tmp_path / "journal.db")
    before = journal.read_bytes()
    terminal = Terminal(journal)
    terminal.wait_for(b"is encrypted")
    for attempt in ("one\r", "two\r"):
        terminal.type(attempt)
        time.sleep(1)
    terminal.wait_for(b"1 try left")
    terminal.type("three\r")
    assert terminal.close() == 2
    assert b"wrong passphrase for" in terminal.screen
    assert journal.read_bytes() == before
