"""The journal as a whole: open it, and give a new one its steps and starter actions."""

from collections.abc import Callable
from concurrent.futures import Future
from datetime import date
from pathlib import Path

from peewee import InterfaceError

from mentorjournal import clock, db
from mentorjournal.db import (
    JournalError,
    WrongPassphrase,
    check_finished,
    checked,
    close_connection,
    data_version,
    is_open,
    is_read_only,
    on_change,
    page_check,
)
from mentorjournal.services import StorageError, checklist, search, steps

__all__ = [
    "ChangeWatch",
    "JournalError",
    "WrongPassphrase",
    "check_finished",
    "checked",
    "close_connection",
    "close_journal",
    "data_version",
    "editing_folder",
    "finish_opening",
    "is_open",
    "is_read_only",
    "on_change",
    "open_in_background",
    "open_journal",
    "page_check",
]


class ChangeWatch:
    """Notices commits made through other connections (other windows and processes)."""

    def __init__(self) -> None:
        self.lost: str | None = None  # why a server journal cannot be reached, meanwhile
        self._seen = self._version()

    def changed(self) -> bool:
        """True once after each look that finds another connection's commit (or the
        connection to a server journal lost or found again)."""
        version = self._version()
        changed, self._seen = version != self._seen, version
        return changed

    def _version(self) -> int | None:
        try:
            version = data_version()
        except (StorageError, InterfaceError) as error:  # closed or unreadable
            if db.is_server():
                self.lost = " ".join(str(error).split())[:120] or "no answer"
            return None
        self.lost = None
        return version


def open_journal(
    path: db.Location,
    today: date | None = None,
    create: bool = True,
    starters: bool = True,
    passphrase: str | None = None,
    then: Callable[[], None] | None = None,
    check_later: bool = False,
) -> db.Location:
    """Open the journal at `path` (a file or a server's URL), creating (unless `create` is
    False) or upgrading it.

    A new journal starts on `today` (default: the clock's) with the starter actions,
    unless `starters` is False (a journal about to receive an import); `then` fills it
    further in the same transaction. `passphrase` opens an encrypted journal.
    Raises `db.JournalError`, leaving the file untouched, when it cannot be used.
    With `check_later` the file's pages are checked in a thread: call
    `finish_opening()` before anything else reads or writes it.
    """
    first_day = today or clock.today()

    def seed() -> None:
        _seed(first_day, starters)
        if then is not None:
            then()

    opened = db.open_journal(
        path, create=create, seed=seed, passphrase=passphrase, check_later=check_later
    )
    if not check_later:
        finish_opening()
    return opened


def open_in_background(path: db.Location, passphrase: str | None = None) -> Future[None]:
    """Open (or create) the journal at `path` in a thread of its own, its pages checked
    in another: the caller goes on meanwhile (a server may be slow to answer, a key
    slow to derive). The future holds the JournalError if it cannot be used."""

    def open_here() -> None:
        open_journal(path, passphrase=passphrase, check_later=True)
        close_connection()  # this thread's: the app reads through its own

    return db.in_thread(open_here, "journal open")


def finish_opening() -> None:
    """Wait for the open journal's page check, then turn on what opening turns on.
    Raises `db.JournalError` (nothing written) when the check found the file damaged."""
    db.checked()
    search.use_secure_delete()


def editing_folder() -> Path:
    """Where text being edited in $EDITOR is kept meanwhile: private, beside the journal."""
    return db.private_folder("editing")


def close_journal() -> None:
    """Purge the words erased in this session from the search index, then close."""
    try:
        search.purge_erased()
    except StorageError:  # another window holds the journal: its own close purges them
        return
    finally:
        db.close_journal()


def _seed(today: date, starters: bool) -> None:
    search.create_index()
    steps.create_steps()
    if starters:
        checklist.create_starter_actions(today)
