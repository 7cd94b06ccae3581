"""In a real terminal: erased words leave the journal's files, and $EDITOR failing or
missing is one line on a screen that carries on."""

import re
import sys
import time
from pathlib import Path

import pytest

from mentorjournal import db
from mentorjournal.services import entries
from mentorjournal.services.journal import close_journal, open_journal

from .conftest import TODAY
from .test_process import Terminal, saved_bodies

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

SECRET = "xyzzyplugh"
CTRL_E, CTRL_Q, BACKSPACE = "\x05", "\x11", "\x7f"


def wait_for_text(terminal: Terminal, text: str, timeout: float = 20) -> None:
    """Wait until `text` is on the screen, styles between its words left out."""
    deadline = time.monotonic() + timeout
    while text.encode() not in re.sub(rb"\x1b\[[0-9;?]*[a-zA-Z]", b"", bytes(terminal.screen)):
        assert terminal.process.poll() is None, "the app ended"
        assert time.monotonic() < deadline, f"{text!r} never appeared"
        time.sleep(0.05)


def type_slowly(terminal: Terminal, keys: str) -> None:
    for key in keys:
        terminal.type(key)
        time.sleep(0.03)


def occurrences(folder: Path, word: str) -> dict[str, int]:
    """`grep -c word` on the journal's files."""
    names = ("journal.db", "journal.db-wal", "journal.db-shm")
    return {
        name: (folder / name).read_bytes().count(word.encode())
        for name in names
        if (folder / name).exists()
    }


def test_a_word_typed_then_erased_leaves_the_files(tmp_path: Path) -> None:
    journal = tmp_path / "journal.db"
    terminal = Terminal(journal)
    terminal.wait_for(b"Days written")
    terminal.type(f"Lunch with {SECRET} today")
    time.sleep(1.5)  # autosaved with the word
    type_slowly(terminal, BACKSPACE * len(f"{SECRET} today") + "Sam")
    time.sleep(1.5)  # autosaved without it
    terminal.type(CTRL_Q)
    assert terminal.close() == 0
    [body] = saved_bodies(journal)
    assert body.startswith("Lunch with") and SECRET[:3] not in body
    assert occurrences(tmp_path, SECRET) == {"journal.db": 0}


def test_erased_words_leave_a_bigger_journal_through_the_autosave_path(journal: Path) -> None:
    for number in range(40):
        entries.create_entry(TODAY, f"filler page {number} about nothing in particular")
    page = entries.create_entry(TODAY, "Today")
    for text in ("Today I met", f"Today I met {SECRET}", f"Today I met {SECRET} at", "Today I met"):
        page = entries.update_entry(page.id, text, step=None, tags=[], revision=page.revision)
    close_journal()
    assert occurrences(journal.parent, SECRET) == {"journal.db": 0}
    open_journal(journal)
    assert [e.body for e in entries.entries_on(TODAY)][-1] == "Today I met"
    db.close_journal()


@pytest.mark.parametrize(
    ("editor", "message"),
    [("/no/such/editor", "cannot run '/no/such/editor'"), ("false", "exited with status 1")],
)
def test_a_failing_editor_is_one_line_and_the_screen_carries_on(
    tmp_path: Path, monkeypatch, editor: str, message: str
) -> None:
    monkeypatch.setenv("EDITOR", editor)
    journal = tmp_path / "journal.db"
    terminal = Terminal(journal)
    terminal.wait_for(b"Days written")
    terminal.type("before the editor")
    time.sleep(0.3)
    terminal.type(CTRL_E)
    wait_for_text(terminal, message)
    terminal.type(", after it")
    time.sleep(1.5)
    terminal.type(CTRL_Q)
    assert terminal.close() == 0
    assert saved_bodies(journal) == ["before the editor, after it"]
    assert list((tmp_path / "editing").iterdir()) == []
