"""The real app in a real terminal (a pty): closing the window or killing it loses nothing."""

import fcntl
import os
import pty
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from mentorjournal import db
from mentorjournal.services import entries
from mentorjournal.services.journal import open_journal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class Terminal:
    """`mentorjournal` running in a pseudo-terminal of 120×40."""

    def __init__(self, journal: Path | str, env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "COLUMNS": "120",
            "LINES": "40",
            **(env or {}),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mentorjournal", "--db", str(journal)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
        self.screen = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.screen.extend(chunk)

    def wait_for(self, text: bytes, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            assert self.process.poll() is None, bytes(self.screen[-2000:])
            assert time.monotonic() < deadline, f"{text!r} never appeared"
            time.sleep(0.05)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> int:
        try:
            return self.process.wait(timeout=15)
        finally:
            os.close(self.master)


def saved_bodies(journal: Path) -> list[str]:
    open_journal(journal)
    try:
        assert db.integrity_problems() == []
        return [entry.body for entry in entries.entries_on(__import__("datetime").date.today())]
    finally:
        db.close_journal()


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_closing_the_terminal_saves_what_was_typed(tmp_path, signum) -> None:
    journal = tmp_path / "journal.db"
    terminal = Terminal(journal)
    terminal.wait_for(b"Days written")
    terminal.type("autosaved,")
    time.sleep(1.5)
    terminal.type(" then typed just before the window closed")
    time.sleep(0.15)  # well inside the autosave delay: only the signal path can save this
    terminal.process.send_signal(signum)
    terminal.close()
    assert saved_bodies(journal) == ["autosaved, then typed just before the window closed"]


def test_kill_9_after_the_autosave_loses_nothing(tmp_path) -> None:
    journal = tmp_path / "journal.db"
    terminal = Terminal(journal)
    terminal.wait_for(b"Days written")
    terminal.type("every word counts")
    time.sleep(2)
    terminal.process.kill()
    assert terminal.close() == -signal.SIGKILL
    assert saved_bodies(journal) == ["every word counts"]
    assert subprocess.run(
        [sys.executable, "-m", "mentorjournal", "--db", str(journal), "check"],
        capture_output=True,
        text=True,
    ).stdout.startswith("ok")


def test_kill_9_while_another_process_holds_the_journal_keeps_the_draft(tmp_path) -> None:
    """The journal is locked (a long import elsewhere), so nothing can be saved there:
    what was typed a second before kill -9 comes back from the drafts at the next start."""
    journal = tmp_path / "journal.db"
    open_journal(journal)
    db.close_journal()
    importing = sqlite3.connect(journal, isolation_level=None)
    importing.execute("BEGIN IMMEDIATE")
    terminal = Terminal(journal)
    terminal.wait_for(b"Days written")
    terminal.type("typed while the other process imports")
    terminal.wait_for(b"imports")  # on screen: the app has it
    time.sleep(1.0)
    terminal.process.kill()
    assert terminal.close() == -signal.SIGKILL
    importing.execute("COMMIT")
    importing.close()
    assert saved_bodies(journal) == []  # the journal never had it
    terminal = Terminal(journal)
    terminal.wait_for(b"Recovered")
    time.sleep(1.5)  # the restored page saves itself
    terminal.type("\x11")  # ctrl+q
    assert terminal.close() == 0
    assert saved_bodies(journal) == ["typed while the other process imports"]


def test_a_file_that_is_not_a_journal_ends_the_app_in_one_line(tmp_path) -> None:
    """The app opens its journal in a thread while it starts: what cannot be used still
    ends it with one line and status 2, the file untouched."""
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE invoices (number INTEGER)")
    before = other.read_bytes()
    terminal = Terminal(other)
    assert terminal.close() == 2
    said = bytes(terminal.screen).decode(errors="replace")
    assert f"mentorjournal: {other} is a SQLite database of another program" in said
    assert "Traceback" not in said and other.read_bytes() == before


def test_a_plain_journal_never_runs_the_passphrase_command(tmp_path) -> None:
    journal = tmp_path / "journal.db"
    terminal = Terminal(journal, {"MENTORJOURNAL_PASSPHRASE_COMMAND": "false"})
    terminal.wait_for(b"as you type")
    terminal.type("\x11")  # ctrl+q
    assert terminal.close() == 0
