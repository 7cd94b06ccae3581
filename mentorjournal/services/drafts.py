"""What is typed but not yet saved, kept beside the journal until it is.

The drafts live in the journal's companion file `<journal>.drafts` (0600), a small
SQLite file of its own: it can be written while another window or process holds the
journal's write lock, and whatever engine holds the journal, drafts stay on this
machine. The drafts of an encrypted journal are encrypted with its key. Each window
(one run of the app) writes its own rows; a window that starts adopts the drafts of
windows that are no longer running and offers them back. Erased text is zeroed in the
file (`secure_delete`).
"""

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorjournal import clock, db

LEFT_BEHIND = "left:"  # the key of an adopted draft starts so, then its row number
BUSY_MS = 1_000  # another window writing its own draft: wait this long at most
_open_here: set[str] = set()  # the windows of this process whose store is open

_SCHEMA = """
CREATE TABLE IF NOT EXISTS draft (
    window TEXT NOT NULL,
    pid INTEGER NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    data TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (window, key)
)
"""


@dataclass(frozen=True)
class Draft:
    """Something typed and not saved: `key` names what was being edited, `title` says it
    in words, `data` holds what is needed to open it again with the text."""

    key: str
    title: str
    data: dict
    saved_at: datetime


def drafts_path(journal: db.Location) -> Path:
    return db.drafts_file(journal)


def _running(window: str, pid: int) -> bool:
    """Whether that window still runs: open in this process, or in a live process (POSIX;
    elsewhere every other process's window counts as gone)."""
    if pid == os.getpid():
        return window in _open_here
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _configure(connection: Any) -> None:
    connection.isolation_level = None  # transactions begin where this module says
    connection.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    connection.execute("PRAGMA secure_delete = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")  # survives kill -9
    connection.execute(_SCHEMA)


class DraftStore:
    """This window's drafts in `<journal>.drafts`. Methods never raise for storage
    trouble: they return False and say why in `problem` (the text stays on screen)."""

    def __init__(self, journal: db.Location) -> None:
        """Nothing is opened yet: on first use, the file is opened with the key of the
        journal open then (an encrypted journal is opened after its passphrase)."""
        self.path = drafts_path(journal)
        self.window = uuid.uuid4().hex
        self.problem = ""
        self._connection: Any = None
        self._errors: tuple[type[Exception], ...] = (
            OSError,
            db.JournalError,  # an encrypted journal, and no SQLCipher to hand
            *db.driver_errors(False),
        )

    def _connect(self) -> Any:
        if self._connection is None:
            if not self.path.exists():
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            key = db.open_key()
            self._errors = (*self._errors, *db.driver_errors(key is not None))
            connection = db.connect(self.path, key)
            try:
                _configure(connection)
            except BaseException:
                connection.close()
                raise
            self._connection = connection
            _open_here.add(self.window)
        return self._connection

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        connection = self._connect()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def _guarded(self, what: str, run) -> bool:
        try:
            run()
        except self._errors as error:
            self.problem = f"drafts not {what}: {error}"
            return False
        self.problem = ""
        return True

    def keep(self, key: str, title: str, data: dict) -> bool:
        """Remember `data` under `key` for this window, replacing what was kept before."""
        row = (self.window, os.getpid(), key, title, json.dumps(data), clock.now().isoformat())

        def run() -> None:
            with self._writing() as connection:
                connection.execute("INSERT OR REPLACE INTO draft VALUES (?, ?, ?, ?, ?, ?)", row)

        return self._guarded("kept", run)

    def clear(self, key: str) -> bool:
        """Forget `key`: its text was saved, or deliberately discarded."""

        def run() -> None:
            with self._writing() as connection:
                connection.execute(
                    "DELETE FROM draft WHERE window = ? AND key = ?", (self.window, key)
                )

        return self._guarded("cleared", run)

    def left_behind(self) -> list[Draft]:
        """Adopt the drafts of windows that are no longer running and return them, oldest
        first. Adopted, they are this window's until `clear`ed, and offered again if this
        window ends before that."""
        found: list[Draft] = []

        def run() -> None:
            with self._writing() as connection:
                windows = connection.execute("SELECT DISTINCT window, pid FROM draft").fetchall()
                for window, pid in windows:
                    if not _running(window, pid):
                        self._adopt(connection, window)
                found.extend(self._adopted(connection))

        self._guarded("read", run)
        return found

    def _adopt(self, connection: Any, window: str) -> None:
        connection.execute(
            "UPDATE draft SET window = ?, pid = ?, key = ? || rowid || ':' || key WHERE window = ?",
            (self.window, os.getpid(), LEFT_BEHIND, window),
        )

    def _adopted(self, connection: Any) -> list[Draft]:
        rows = connection.execute(
            "SELECT key, title, data, saved_at FROM draft WHERE window = ? AND key LIKE ? "
            "ORDER BY saved_at",
            (self.window, f"{LEFT_BEHIND}%"),
        ).fetchall()
        return [
            Draft(key, title, json.loads(data), datetime.fromisoformat(saved_at))
            for key, title, data, saved_at in rows
        ]

    def mine(self) -> list[Draft]:
        """The drafts this window holds now (for tests and for a last look at quit)."""
        rows = self._connect().execute(
            "SELECT key, title, data, saved_at FROM draft WHERE window = ?", (self.window,)
        )
        return [Draft(k, t, json.loads(d), datetime.fromisoformat(s)) for k, t, d, s in rows]

    def close(self) -> None:
        _open_here.discard(self.window)
        if self._connection is not None:
            self._connection.close()
            self._connection = None
