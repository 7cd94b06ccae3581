"""The journal as a whole: open it, and give a new one its steps and starter actions."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from peewee import InterfaceError

from mentorjournal import clock, db
from mentorjournal.db import (
    JournalError,
    WrongPassphrase,
    close_connection,
    data_version,
    is_read_only,
    on_change,
)
from mentorjournal.services import StorageError, checklist, search, steps

__all__ = [
    "ChangeWatch",
    "JournalError",
    "WrongPassphrase",
    "close_connection",
    "close_journal",
    "data_version",
    "editing_folder",
    "is_read_only",
    "on_change",
    "open_journal",
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
) -> db.Location:
    """Open the journal at `path` (a file or a server's URL), creating (unless `create` is
    False) or upgrading it.

    A new journal starts on `today` (default: the clock's) with the starter actions,
    unless `starters` is False (a journal about to receive an import); `then` fills it
    further in the same transaction. `passphrase` opens an encrypted journal.
    Raises `db.JournalError`, leaving the file untouched, when it cannot be used.
    """
    first_day = today or clock.today()

    def seed() -> None:
        _seed(first_day, starters)
        if then is not None:
            then()

    opened = db.open_journal(path, create=create, seed=seed, passphrase=passphrase)
    search.use_secure_delete()
    return opened


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
