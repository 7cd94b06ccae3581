"""Open, check, migrate and back up the journal file.

Everything that only SQLite has (the file header, pragmas, the backup API,
`PRAGMA user_version`) stays in this module and in `services.search`.
"""

import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from peewee import DatabaseError, OperationalError, _transaction
from platformdirs import user_data_dir

from mentorjournal import clock, files
from mentorjournal.models import MODELS, PRAGMAS, database

if TYPE_CHECKING:
    from playhouse.migrate import SqliteMigrator

APP_NAME = "mentorjournal"
SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"

JOURNAL_TABLES = {"entry", "step", "action"}  # in every schema version

Migration = Callable[["SqliteMigrator"], None]
# MIGRATIONS[n] upgrades a journal from schema n - 1 to schema n.
MIGRATIONS: dict[int, Migration] = {}


class JournalError(Exception):
    """The journal cannot be used; the message is meant for the user."""


class ReadOnlyJournal(OperationalError):
    """A write to a journal opened read-only: refused before SQLite sees it."""


_open: dict[str, Path | bool | None] = {"path": None, "read_only": False}


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME))


def default_path() -> Path:
    """The journal file: `MENTORJOURNAL_DB` if set, else the user's data folder."""
    override = os.environ.get("MENTORJOURNAL_DB")
    return Path(override).expanduser() if override else data_dir() / "journal.db"


def open_journal(path: Path, create: bool = True, seed: Callable[[], None] | None = None) -> Path:
    """Open the journal at `path`, creating (unless `create` is False) or upgrading it.

    A new journal's tables are made, then `seed` fills them, in one transaction.

    Raises JournalError, leaving the file untouched, when the path is not a
    journal this version can use.
    """
    path = Path(path).expanduser().absolute()
    close_journal()
    try:
        version, read_only = _prepare(path, create)
    except OSError as error:  # e.g. a folder of another user's that cannot be entered
        raise JournalError(f"cannot open {path}: {_reason(error)}") from error
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{path} was written by a newer mentorjournal (schema {version}, this one "
            f"reads up to {SCHEMA_VERSION}); upgrade mentorjournal to open it"
        )
    if read_only and version < SCHEMA_VERSION:
        raise JournalError(f"{path} is read-only and needs an upgrade: make it writable once")
    try:
        _connect(path, read_only)
        if version == 0:
            _create_schema(seed)
        elif version < SCHEMA_VERSION:
            _upgrade(path, version)
    except DatabaseError as error:
        close_journal()
        raise JournalError(f"cannot open {path}: {error}") from error
    return path


def _prepare(path: Path, create: bool) -> tuple[int, bool]:
    """The journal's schema version (0: just created) and whether it is read-only."""
    if not create and not path.exists():
        raise JournalError(f"there is no journal at {path}")
    _make_folder(path.parent)
    if not path.exists():
        _create_private(path)
        return 0, False
    _check_header(path)
    read_only = _is_read_only(path)
    return _inspect(path, read_only), read_only


def _is_read_only(path: Path) -> bool:
    """A journal the user may not write, or chose not to (its owner's write bit is off,
    which even root respects), or in a folder where SQLite cannot keep its -wal/-shm."""
    status = path.stat()
    mine = status.st_uid == os.geteuid()
    if mine and not status.st_mode & stat.S_IWUSR:
        return True
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK)


def _connect(path: Path, read_only: bool) -> None:
    """Connect; a read-only journal through `mode=ro`, so that nothing is ever written."""
    _open.update(path=path, read_only=read_only)
    database.init(_uri(path, read_only) if read_only else str(path), uri=read_only)
    database.connect()


def journal_file() -> Path:
    """The open journal's file."""
    if _open["path"] is None:
        raise JournalError("no journal is open")
    return Path(_open["path"])


def is_read_only() -> bool:
    """The open journal may be read but not written (its file or folder is read-only)."""
    return bool(_open["read_only"])


def _uri(path: Path, read_only: bool) -> str:
    """`mode=ro` for a read-only journal, and immutable in a read-only folder where SQLite
    could not create the -shm file it needs (not after a crash: then -wal is there)."""
    if not read_only:
        return f"file:{quote(str(path))}?mode=rw"
    companions = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    frozen = not os.access(path.parent, os.W_OK) and not any(p.exists() for p in companions)
    return f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if frozen else "")


SYNCED_FOLDERS = ("dropbox", "onedrive", "icloud", "mobile documents", "syncthing", "google drive")


def synced_folder_warning(path: Path) -> str | None:
    """A warning when the journal sits in a folder a sync client copies while it is open."""
    path = Path(path).absolute()
    parts = [part.lower() for part in path.parent.parts]
    synced = any(name in part for part in parts for name in SYNCED_FOLDERS) or any(
        (folder / ".stfolder").exists() for folder in path.parents
    )
    if not synced:
        return None
    return (
        f"{path.parent} looks like a synced folder: syncing a live journal can corrupt it. "
        "Keep the journal outside it and put `mentorjournal backup` or `export` copies there."
    )


def close_journal() -> None:
    """Close the journal; until the next open, nothing can write to it by mistake."""
    if not database.is_closed():
        database.close()
    database.init(None)
    _open.update(path=None, read_only=False)


WRITE_LOCK = ("IMMEDIATE",)  # SQLite only: take the write lock when the transaction begins
_listeners: list[Callable[[], None]] = []


@contextmanager
def write() -> Iterator[_transaction]:
    """The one way to open a write transaction; nested calls join the outer one.

    SQLite: `BEGIN IMMEDIATE` takes the write lock up front, so a transaction never
    fails half-way on another window's lock. After the outermost commit every
    listener hears that the journal changed.
    """
    if is_read_only():
        raise ReadOnlyJournal(f"{journal_file()} is read-only: nothing was saved")
    outermost = not database.in_transaction()
    with database.atomic(*WRITE_LOCK) as transaction:
        yield transaction
    if outermost:
        for listener in list(_listeners):
            listener()


def on_change(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener` (in the writing thread) after each committed write; returns
    the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def data_version() -> int:
    """A number that changes when another connection commits (SQLite only)."""
    return database.execute_sql("PRAGMA data_version").fetchone()[0]


def close_connection() -> None:
    """Close this thread's connection (a worker thread's, when it is done)."""
    database.close()


@contextmanager
def busy_timeout(milliseconds: int) -> Iterator[None]:
    """Inside, a write waits at most `milliseconds` for another window's lock."""
    database.execute_sql(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA busy_timeout = {int(PRAGMAS['busy_timeout'])}")


def schema_version() -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def integrity_problems() -> list[str]:
    """What `PRAGMA integrity_check` finds: an empty list for a healthy journal."""
    rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


BACKUP_STAMP = r"\d{8}-\d{6}-\d{6}"  # what backup_name() puts after the journal's stem


def backup_name(journal: Path) -> str:
    return f"{journal.stem}-{clock.now():%Y%m%d-%H%M%S-%f}.db"


def is_backup_of(journal: Path, path: Path) -> bool:
    """`path` is named as this journal's timestamped backups and upgrade copies are."""
    stem = re.escape(journal.stem)
    pattern = rf"{stem}-{BACKUP_STAMP}\.db|{stem}\.schema-\d+-\d{{8}}-\d{{6}}\.bak"
    return re.fullmatch(pattern, path.name) is not None


def _is_own_file(path: Path) -> bool:
    """The open journal, its companions, and its backups that exist: never overwritten."""
    if _open["path"] is None:
        return False
    journal = journal_file()
    companions = [journal.with_name(journal.name + s) for s in ("", "-wal", "-shm", "-journal")]
    return files.same_file(path, companions) or (is_backup_of(journal, path) and path.exists())


files.protect(_is_own_file)


def backup_to(
    target: Path | str, source: sqlite3.Connection | None = None, force: bool = False
) -> Path:
    """Write a consistent copy of the journal to `target` (0600), atomically, and check it.

    A folder (or a name ending in `/`) gets a timestamped file; an existing file is
    replaced only with `force`, and never when it is the journal's own. `source` is the
    open journal's connection unless another (from another thread) is given.
    """
    journal = Path(source_path(source)) if source else journal_file()
    try:
        path = files.target_file(target, lambda: backup_name(journal))
        return files.write_file(path, lambda partial: _copy_into(partial, source), force)
    except files.FileRefused as error:
        raise JournalError(str(error)) from error
    except sqlite3.Error as error:
        raise JournalError(f"cannot write a backup to {target}: {error}") from error


def _copy_into(partial: Path, source: sqlite3.Connection | None) -> None:
    copy = sqlite3.connect(partial)
    try:
        (source or database.connection()).backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the copy failed its integrity check")
    finally:
        copy.close()


def backups_folder(journal: Path | None = None) -> Path:
    """`backups/` beside the journal, created private if need be."""
    return private_folder("backups", journal)


def private_folder(name: str, journal: Path | None = None) -> Path:
    """The folder `name` beside the journal, created private (0700) if need be."""
    folder = (journal or journal_file()).parent / name
    _make_folder(folder)
    return folder


def source_path(connection: sqlite3.Connection) -> str:
    return connection.execute("PRAGMA database_list").fetchone()[2]


def prune_backups(folder: Path, keep: int, journal: Path | None = None) -> list[Path]:
    """Remove this journal's oldest timestamped backups in `folder` beyond `keep`. Only
    files named exactly as `backup_name` names them go; nothing else is touched."""
    journal = journal or journal_file()
    stamped = re.compile(rf"{re.escape(journal.stem)}-{BACKUP_STAMP}\.db")
    backups = sorted(
        path for path in folder.iterdir() if stamped.fullmatch(path.name) and path.is_file()
    )
    doomed = backups[: max(len(backups) - keep, 0)]
    for path in doomed:
        path.unlink()
    return doomed


def remove_upgrade_copies() -> list[Path]:
    """Remove the copies kept beside the journal before each schema upgrade."""
    journal = journal_file()
    doomed = [
        path
        for path in sorted(journal.parent.glob(f"{glob_escape(journal.stem)}.schema-*.bak"))
        if is_backup_of(journal, path)
    ]
    for path in doomed:
        path.unlink()
    return doomed


def glob_escape(text: str) -> str:
    return re.sub(r"([*?[])", r"[\1]", text)


def daily_backup(journal: Path, keep: int = 7) -> Path | None:
    """Once a day, a backup beside the journal, keeping the newest `keep`.

    Uses its own connection, so it can run in a thread while the app starts. A
    read-only journal changes nothing, so it gets none.
    """
    if is_read_only():
        return None
    folder = backups_folder(journal)
    today = f"{clock.now():%Y%m%d}"
    if any(is_backup_of(journal, p) for p in folder.glob(f"{glob_escape(journal.stem)}-{today}-*")):
        return None
    source = sqlite3.connect(_uri(journal, True), uri=True)
    try:
        made = backup_to(folder, source)
    finally:
        source.close()
    prune_backups(folder, keep, journal)
    return made


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _make_folder(folder: Path) -> None:
    if folder.exists():
        if not folder.is_dir():
            raise JournalError(f"{folder} is not a folder")
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)
    except OSError as error:
        raise JournalError(f"cannot create folder {folder}: {_reason(error)}") from error


def _create_private(path: Path) -> None:
    """A new, empty journal file, 0600 whatever the umask (SQLite gives its -wal and
    -shm the same mode)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | files.NOFOLLOW
    try:
        fd = os.open(path, flags, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
    except OSError as error:
        raise JournalError(f"cannot create {path}: {_reason(error)}") from error


def _check_header(path: Path) -> None:
    """Refuse folders, empty, foreign and truncated files before SQLite sees them."""
    if path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal file")
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise JournalError(f"cannot read {path}: {_reason(error)}") from error
    if not header:
        raise JournalError(f"{path} is empty (0 bytes), not a journal")
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise JournalError(f"{path} is not a mentorjournal journal (not a SQLite database)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    count_is_valid = header[24:28] == header[92:96]
    if count_is_valid and path.stat().st_size < page_size * page_count:
        raise JournalError(f"{path} is truncated: the file is shorter than its header says")


def _inspect(path: Path, read_only: bool) -> int:
    """Read the schema version and check the file, without changing its contents.

    A writable journal is not opened `mode=ro`: after a crash a WAL journal needs
    recovery, which a read-only connection cannot do.
    """
    try:
        connection = sqlite3.connect(_uri(path, read_only), uri=True)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
            damage = connection.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise JournalError(f"cannot open {path}: {error}") from error
    if damage != "ok":
        raise JournalError(f"{path} is damaged ({damage}); restore it from a backup")
    if (version == 0 and tables) or (version > 0 and not tables >= JOURNAL_TABLES):
        raise JournalError(f"{path} is a SQLite database of another program, not a journal")
    return version


def _create_schema(seed: Callable[[], None] | None) -> None:
    with write():
        database.create_tables(MODELS)
        if seed:
            seed()
        database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _upgrade(path: Path, version: int) -> None:
    """Back up, then run every migration past `version` in one transaction."""
    from playhouse.migrate import SqliteMigrator

    backup_to(path.with_name(f"{path.stem}.schema-{version}-{clock.now():%Y%m%d-%H%M%S}.bak"))
    migrator = SqliteMigrator(database)
    with migrator.migration_context():
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](migrator)
        database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
