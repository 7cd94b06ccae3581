"""Open, check, migrate and back up the journal: a file, plain or encrypted, or a
database on a PostgreSQL server (given as a `postgresql://` URL).

Everything that only SQLite has (the file header, pragmas, the backup API,
`PRAGMA user_version`) stays in this module and in `services.search`; what only
PostgreSQL has is in `db_postgres`. An encrypted journal is a SQLCipher 4 file: the
driver (`sqlcipher3`) is imported only for one.
"""

import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from peewee import (
    Database,
    DatabaseError,
    InterfaceError,
    OperationalError,
    SqliteDatabase,
    _transaction,
)
from platformdirs import user_data_dir

from mentorjournal import clock, files
from mentorjournal import db_postgres as server
from mentorjournal.models import MODELS, PRAGMAS, BlockNote, CarriedOver, database, new_uid

if TYPE_CHECKING:
    from playhouse.migrate import SqliteMigrator

APP_NAME = "mentorjournal"
SCHEMA_VERSION = 5
SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLCipher 4's defaults (cipher_compatibility 4): the key is PBKDF2-HMAC-SHA512 of the
# passphrase over the file's first 16 bytes (its salt). Deriving it once here lets every
# connection use the raw key instead of paying the slow derivation again.
CIPHER_PRAGMAS = {"cipher_compatibility": 4}
KDF_ITERATIONS = 256_000
SALT_BYTES = 16
SMALLEST_PAGE = 512  # an encrypted file is whole pages of random-looking bytes
CHECK_CACHE_PAGES = 64  # checks and copies read each page once: a cache only adds memory

JOURNAL_TABLES = {"entry", "step", "action"}  # in every schema version

Migration = Callable[["SqliteMigrator"], None]
Location = Path | str  # a journal file, or a PostgreSQL URL


def _ticks_by_iso_week_carry_and_notes(migrator: "SqliteMigrator") -> None:
    """Schema 3. Ticks move from the configured first day of their week to the Monday of
    the ISO week holding most of its days (first day + 3 days); the review's carry-overs
    and the notes written about blocks get their tables."""
    ticks = database.execute_sql("SELECT id, action_id, week FROM actioncompletion ORDER BY id")
    mondays: dict[int, str] = {}
    kept: set[tuple[int, str]] = set()
    for tick_id, action_id, week in ticks.fetchall():
        middle = date.fromisoformat(str(week)[:10]) + timedelta(3)
        monday = (middle - timedelta(middle.weekday())).isoformat()
        if (action_id, monday) in kept:  # ticked twice in one ISO week: once is enough
            database.execute_sql("DELETE FROM actioncompletion WHERE id = ?", (tick_id,))
        else:
            kept.add((action_id, monday))
            mondays[tick_id] = monday
    for tick_id, monday in mondays.items():  # after the deletes: no two rows ever collide
        database.execute_sql("UPDATE actioncompletion SET week = ? WHERE id = ?", (monday, tick_id))
    database.create_tables([CarriedOver, BlockNote])


# MIGRATIONS[n] upgrades a journal from schema n - 1 to schema n (filled in at the end).
MIGRATIONS: dict[int, Migration] = {}


class JournalError(Exception):
    """The journal cannot be used; the message is meant for the user."""


class NoJournal(JournalError):
    """There is no journal there (and none was to be created)."""


class PassphraseNeeded(JournalError):
    """The journal is encrypted and no passphrase was given."""


class WrongPassphrase(JournalError):
    """The passphrase does not open the file (or the file is not a journal at all)."""


class NotChecked(OperationalError):
    """A write before the journal's pages passed their check at start-up: nothing was
    written (the check is still running, or it found the file damaged)."""


class ReadOnlyJournal(OperationalError):
    """A write to a journal opened read-only: refused before SQLite sees it."""


_open: dict[str, Any] = {"path": None, "read_only": False, "listener": None}
_check: dict[str, "Future[None] | None"] = {"pending": None}  # the open-time page check


def data_dir() -> Path:
    return Path(user_data_dir(APP_NAME))


def default_path() -> Location:
    """The journal: `MENTORJOURNAL_DB` if set, else the file in the user's data folder."""
    override = os.environ.get("MENTORJOURNAL_DB")
    return location(override) if override else data_dir() / "journal.db"


def location(given: str | Path) -> Location:
    """A journal as given by the user: a PostgreSQL URL stays text, a path is expanded."""
    return given if is_url(given) else Path(given).expanduser()


def is_url(given: object) -> bool:
    """`given` is a `postgresql://` URL (a journal on a server), not a file's path."""
    return server.is_url(given)


def shown(journal: Location) -> str:
    """How a journal is named in messages: a URL with its password masked."""
    return server.masked(journal) if is_url(journal) else str(journal)


def is_server() -> bool:
    """The open journal is on a PostgreSQL server."""
    return server.is_server()


def open_journal(
    path: Location,
    create: bool = True,
    seed: Callable[[], None] | None = None,
    passphrase: str | None = None,
    check_later: bool = False,
) -> Location:
    """Open the journal at `path`, creating (unless `create` is False) or upgrading it.

    A new journal's tables are made, then `seed` fills them, in one transaction.
    `passphrase` opens an encrypted journal; a plain one ignores it.

    Raises JournalError, leaving the file untouched, when the path is not a
    journal this version can use (PassphraseNeeded, WrongPassphrase for an
    encrypted one). A URL opens (or creates the tables in) a PostgreSQL database.
    With `check_later`, a file's page check (`quick_check`, which reads the whole file)
    runs in a thread and this returns at once: `checked()` then raises JournalError
    for a damaged file, and no write begins before it passed. A journal to upgrade is
    always checked first.
    """
    if is_url(path):
        return _open_server(str(path), create, seed)
    path = Path(path).expanduser().absolute()
    close_journal()
    try:
        version, read_only, key = _prepare(path, create, passphrase, check_later)
    except OSError as error:  # e.g. a folder of another user's that cannot be entered
        raise JournalError(f"cannot open {path}: {files.reason(error)}") from error
    if version > SCHEMA_VERSION:
        raise JournalError(
            f"{path} was written by a newer mentorjournal (schema {version}, this one "
            f"reads up to {SCHEMA_VERSION}); upgrade mentorjournal to open it"
        )
    if read_only and version < SCHEMA_VERSION:
        raise JournalError(f"{path} is read-only and needs an upgrade: make it writable once")
    try:
        _connect(path, read_only, key)
        if version == 0:
            _create_schema(seed)
        elif version < SCHEMA_VERSION:
            _upgrade(path, version)
    except DatabaseError as error:
        close_journal()
        raise JournalError(f"cannot open {path}: {error}") from error
    return path


def _open_server(url: str, create: bool, seed: Callable[[], None] | None) -> str:
    """Connect to the server's database and make or upgrade its tables, as for a file."""
    close_journal()
    _open.update(path=url, read_only=False)
    database.initialize(server.engine(url))
    try:
        database.connect()
        version = server.schema_version()
        tables = server.tables() - {server.VERSION_TABLE}
        if version > SCHEMA_VERSION:
            raise JournalError(
                f"{shown(url)} was written by a newer mentorjournal (schema {version}, this "
                f"one reads up to {SCHEMA_VERSION}); upgrade mentorjournal to open it"
            )
        if version == 0 and tables:
            raise JournalError(f"{shown(url)} holds the tables of another program, not a journal")
        if version == 0 and not create:
            raise NoJournal(f"there is no journal at {shown(url)}")
        if version == 0:
            _create_schema(seed)
        elif version < SCHEMA_VERSION:
            _upgrade_server(version)
    except DatabaseError as error:
        close_journal()
        raise JournalError(
            f"cannot open {shown(url)}: {server.scrubbed(url, files.reason(error))}"
        ) from error
    except JournalError:
        close_journal()
        raise
    _open["listener"] = server.Listener(url)
    return url


def _prepare(
    path: Path, create: bool, passphrase: str | None, check_later: bool = False
) -> tuple[int, bool, str | None]:
    """The journal's schema version (0: just created), whether it is read-only, and
    its raw key (None for a plain journal); its pages checked, or being checked."""
    if not create and not path.exists():
        raise NoJournal(f"there is no journal at {path}")
    _make_folder(path.parent)
    if not path.exists():
        _create_private(path)
        return 0, False, None
    key = raw_key(path, passphrase) if _check_header(path) else None
    read_only = _is_read_only(path)
    version = _inspect(path, read_only, key)
    if check_later and version == SCHEMA_VERSION:
        _check_in_thread(path, read_only, key)
    else:
        _refuse_if_damaged(path, _quick_check(path, read_only, key))
    return version, read_only, key


def _is_read_only(path: Path) -> bool:
    """A journal the user may not write, or chose not to (its owner's write bit is off,
    which even root respects), or in a folder where SQLite cannot keep its -wal/-shm."""
    status = path.stat()
    mine = status.st_uid == os.geteuid()
    if mine and not status.st_mode & stat.S_IWUSR:
        return True
    return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK)


def _connect(path: Path, read_only: bool, key: str | None) -> None:
    """Connect; a read-only journal through `mode=ro`, so that nothing is ever written."""
    _open.update(path=path, read_only=read_only)
    database.initialize(_engine(path, key, read_only))
    database.connect()


def journal_file() -> Path:
    """The open journal's file; for a server journal, the local place beside which its
    companions (drafts, backups, text being edited) are kept."""
    if _open["path"] is None:
        raise JournalError("no journal is open")
    return local_stand_in(_open["path"])


def is_open() -> bool:
    """A journal is open (perhaps still being checked)."""
    return _open["path"] is not None


def opened() -> Location:
    """The open journal: its file, or its URL."""
    if _open["path"] is None:
        raise JournalError("no journal is open")
    return _open["path"]


def local_stand_in(journal: Location) -> Path:
    """A file journal itself; for a URL, a name in the user's data folder that is the
    same for the same database (the password left out), never created."""
    if not is_url(journal):
        return Path(journal)
    import hashlib

    parts = urlsplit(str(journal))
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", parts.path.strip("/") or "journal")
    plain = parts._replace(netloc=parts.netloc.rpartition("@")[2], query="")
    digest = hashlib.sha256(f"{parts.username}@{plain.geturl()}".encode()).hexdigest()[:10]
    return data_dir() / "servers" / f"{name}-{digest}.journal"


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
    if _open["listener"] is not None:
        _open["listener"].close()
    database.initialize(SqliteDatabase(None, pragmas=PRAGMAS))
    _open.update(path=None, read_only=False, listener=None)
    _check["pending"] = None


def is_encrypted(path: Location | None = None) -> bool:
    """Whether the journal at `path` (default: the open one) is encrypted (a server
    journal never is).

    Raises JournalError for a file that is neither a SQLite file nor can be one.
    """
    if path is None:
        return open_key() is not None
    if is_url(path):
        return False
    return _check_header(Path(path).expanduser().absolute())


def raw_key(path: Path, passphrase: str | None) -> str:
    """The SQLCipher raw key (key and salt) that `passphrase` gives the encrypted `path`."""
    if not passphrase:
        raise PassphraseNeeded(f"{path} is encrypted: its passphrase is needed to open it")
    with path.open("rb") as file:
        salt = file.read(SALT_BYTES)
    return _key_with_salt(passphrase, salt)


def new_raw_key(passphrase: str) -> str:
    """A raw key with a fresh salt, for a file about to be encrypted."""
    return _key_with_salt(passphrase, os.urandom(SALT_BYTES))


def connect(
    path: Path | str, key: str | None = None, uri: bool = False, cipher: bool = False
) -> Any:
    """A DB-API connection of its own to a plain (`key` None) or encrypted file;
    `cipher` asks for SQLCipher's driver even for a plain one (to export it)."""
    if key is None and not cipher:
        return sqlite3.connect(path, uri=uri)
    connection = cipher_driver().connect(str(path), uri=uri)
    if key is None:
        return connection
    try:
        connection.execute(f'PRAGMA key = "{key}"')
        for name, value in CIPHER_PRAGMAS.items():
            connection.execute(f"PRAGMA {name} = {value}")
    except Exception:
        connection.close()
        raise
    return connection


@cache
def cipher_driver() -> ModuleType:
    """`sqlcipher3`, imported on first use, its log to stderr silenced (a wrong
    passphrase is reported in one line, not in the library's words)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise JournalError(
            "encrypted journals need SQLCipher: pip install sqlcipher3-binary"
        ) from None
    dbapi2.connect(":memory:").execute("PRAGMA cipher_log_level = NONE")
    return dbapi2


def driver_errors(cipher: bool) -> tuple[type[Exception], ...]:
    """What the driver raises: sqlite3's errors, and SQLCipher's if it is in use."""
    return (sqlite3.Error, cipher_driver().Error) if cipher else (sqlite3.Error,)


def _key_with_salt(passphrase: str, salt: bytes) -> str:
    import hashlib  # only for encrypted journals

    derived = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ITERATIONS, 32)
    return f"x'{derived.hex()}{salt.hex()}'"


def _engine(path: Path, key: str | None, read_only: bool = False) -> Database:
    name, uri = (_uri(path, True), True) if read_only else (str(path), False)
    if key is None:
        return SqliteDatabase(name, uri=uri, pragmas=PRAGMAS)
    cipher_driver()
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    pragmas = {**CIPHER_PRAGMAS, **PRAGMAS}
    return SqlCipherDatabase(name, uri=uri, passphrase=key, pragmas=pragmas)


def open_key() -> str | None:
    """The raw key of the open journal, None when it is plain."""
    return getattr(database.obj, "connect_params", {}).get("passphrase")


WRITE_LOCK = ("IMMEDIATE",)  # SQLite only: take the write lock when the transaction begins
_listeners: list[Callable[[], None]] = []


@contextmanager
def write() -> Iterator[_transaction]:
    """The one way to open a write transaction; nested calls join the outer one.

    SQLite: `BEGIN IMMEDIATE` takes the write lock up front, so a transaction never
    fails half-way on another window's lock (PostgreSQL: an advisory lock, and a
    NOTIFY for the other machines). After the outermost commit every listener
    hears that the journal changed.
    """
    if is_read_only():
        raise ReadOnlyJournal(f"{journal_file()} is read-only: nothing was saved")
    _refuse_unchecked()
    outermost = not database.in_transaction()
    on_server = server.is_server()
    if outermost and on_server:
        revive()
    with database.atomic(*(() if on_server else WRITE_LOCK)) as transaction:
        if outermost and on_server:
            server.begin_write()
        yield transaction
    if outermost:
        for listener in list(_listeners):
            listener()


@contextmanager
def snapshot() -> Iterator[None]:
    """Inside, every read sees the journal as one moment left it while others write, so
    that an export read table by table is consistent. Nothing is written inside (on a
    server it is refused); a read-only transaction needs no `write()` lock."""
    outermost = not database.in_transaction()
    with database.atomic():  # SQLite: a deferred transaction reads one WAL snapshot
        if outermost and server.is_server():
            server.begin_snapshot()
        yield


def said(error: BaseException) -> str:
    """The driver's words for `error`, in one line, without the password that the open
    journal's URL may hold."""
    return server.scrubbed(str(_open["path"] or ""), files.reason(error))


def revive() -> None:
    """A server journal whose connection was lost connects again (raises OperationalError
    while the server cannot be reached); a working connection is left alone."""
    if server.is_server() and not database.is_closed() and not database.is_connection_usable():
        database.close()
        database.connect()


def on_change(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener` (in the writing thread) after each committed write; returns
    the function that stops it."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def data_version() -> int:
    """A number that changes when another connection commits (SQLite's data_version,
    the NOTIFYs heard on a server)."""
    if _open["listener"] is not None:
        revive()
        return _open["listener"].version()
    return database.execute_sql("PRAGMA data_version").fetchone()[0]


def close_connection() -> None:
    """Close this thread's connection (a worker thread's, when it is done); none is left
    to close once the journal was closed meanwhile."""
    with suppress(InterfaceError):
        database.close()


@contextmanager
def busy_timeout(milliseconds: int) -> Iterator[None]:
    """Inside, a write waits at most `milliseconds` for another window's lock."""
    if server.is_server():
        with suppress(DatabaseError):  # still out of reach: the write inside says so
            revive()
        with server.lock_timeout(milliseconds):
            yield
        return
    database.execute_sql(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA busy_timeout = {int(PRAGMAS['busy_timeout'])}")


def schema_version() -> int:
    if server.is_server():
        return server.schema_version()
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def integrity_problems() -> list[str]:
    """What `PRAGMA integrity_check` finds (on a server: the consistency queries): an
    empty list for a healthy journal."""
    if server.is_server():
        return server.consistency_problems()
    rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


BACKUP_STAMP = r"\d{8}-\d{6}-\d{6}"  # what backup_name() puts after the journal's stem
BACKUP_SUFFIXES = (".db", ".json")  # a journal file's copy, a server journal's export


def backup_name(journal: Path, suffix: str = ".db") -> str:
    return f"{journal.stem}-{clock.now():%Y%m%d-%H%M%S-%f}{suffix}"


def is_backup_of(journal: Path, path: Path) -> bool:
    """`path` is named as this journal's timestamped backups and upgrade copies are."""
    stem = re.escape(journal.stem)
    suffixes = "|".join(re.escape(suffix) for suffix in BACKUP_SUFFIXES)
    pattern = rf"{stem}-{BACKUP_STAMP}(?:{suffixes})|{stem}\.schema-\d+-\d{{8}}-\d{{6}}\.bak"
    return re.fullmatch(pattern, path.name) is not None


def drafts_file(journal: Location) -> Path:
    """The journal's companion that keeps what is typed and not yet saved (for a server
    journal, in the user's data folder: it must outlive a lost connection)."""
    if is_url(journal):
        journal = local_stand_in(journal)
        _make_folder(journal.parent)
    journal = Path(journal)
    return journal.with_name(journal.name + ".drafts")


def _is_own_file(path: Path) -> bool:
    """The open journal, its companions, and its backups that exist: never overwritten."""
    if _open["path"] is None:
        return False
    journal = journal_file()
    companions = [journal.with_name(journal.name + s) for s in ("", "-wal", "-shm", "-journal")]
    companions.append(drafts_file(journal))
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
    key = open_key()  # an encrypted journal's copy is encrypted with the same key
    try:
        path = files.target_file(target, lambda: backup_name(journal))
        return files.write_file(path, lambda partial: _copy_into(partial, source, key), force)
    except files.FileRefused as error:
        raise JournalError(str(error)) from error
    except driver_errors(key is not None) as error:
        raise JournalError(f"cannot write a backup to {target}: {error}") from error


def _copy_into(partial: Path, source: sqlite3.Connection | None, key: str | None) -> None:
    """The journal copied into `partial`, encrypted with the same key as the journal."""
    copy = connect(partial, key)
    try:
        copy.execute(f"PRAGMA cache_size = {CHECK_CACHE_PAGES}")  # each page is read once
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


def prune_backups(
    folder: Path, keep: int, journal: Path | None = None, suffix: str = ".db"
) -> list[Path]:
    """Remove this journal's oldest timestamped backups in `folder` beyond `keep`. Only
    files named exactly as `backup_name` names them (with `suffix`) go; nothing else is
    touched."""
    journal = journal or journal_file()
    stamped = re.compile(rf"{re.escape(journal.stem)}-{BACKUP_STAMP}{re.escape(suffix)}")
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
    if is_read_only() or server.is_server():
        return None  # a server journal's is its JSON export (io.backups)
    folder = backups_folder(journal)
    if backed_up_today(folder, journal):
        return None
    source = connect(_uri(journal, True), open_key(), uri=True)
    try:
        source.execute(f"PRAGMA cache_size = {CHECK_CACHE_PAGES}")
        made = backup_to(folder, source)
    finally:
        source.close()
    prune_backups(folder, keep, journal)
    return made


def backed_up_today(folder: Path, journal: Path) -> bool:
    """`folder` holds a backup of `journal` made today."""
    today = f"{glob_escape(journal.stem)}-{clock.now():%Y%m%d}-*"
    return any(is_backup_of(journal, path) for path in folder.glob(today))


def _make_folder(folder: Path) -> None:
    if folder.exists():
        if not folder.is_dir():
            raise JournalError(f"{folder} is not a folder")
        return
    try:
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)
    except OSError as error:
        raise JournalError(f"cannot create folder {folder}: {files.reason(error)}") from error


def _create_private(path: Path) -> None:
    """A new, empty journal file, 0600 whatever the umask (SQLite gives its -wal and
    -shm the same mode)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | files.NOFOLLOW
    try:
        fd = os.open(path, flags, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
    except OSError as error:
        raise JournalError(f"cannot create {path}: {files.reason(error)}") from error


def _check_header(path: Path) -> bool:
    """Refuse folders, empty, foreign and truncated files before SQLite sees them.

    True when the file may be an encrypted journal: not SQLite's header, whole pages.
    Only its passphrase tells it from random bytes.
    """
    if path.is_dir():
        raise JournalError(f"{path} is a folder, not a journal file")
    try:
        with path.open("rb") as file:
            header = file.read(100)
    except OSError as error:
        raise JournalError(f"cannot read {path}: {files.reason(error)}") from error
    if not header:
        raise JournalError(f"{path} is empty (0 bytes), not a journal")
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        size = path.stat().st_size
        if not header.startswith(SQLITE_MAGIC) and size % SMALLEST_PAGE == 0:
            return True
        raise JournalError(f"{path} is not a mentorjournal journal (not a SQLite database)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    count_is_valid = header[24:28] == header[92:96]
    if count_is_valid and path.stat().st_size < page_size * page_count:
        raise JournalError(f"{path} is truncated: the file is shorter than its header says")
    return False


def _inspect(path: Path, read_only: bool, key: str | None = None) -> int:
    """Read the schema version, and refuse another program's database, without
    changing the file.

    A writable journal is not opened `mode=ro`: after a crash a WAL journal needs
    recovery, which a read-only connection cannot do.
    """
    with _reading(path, read_only, key) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        version = connection.execute("PRAGMA user_version").fetchone()[0]
    if (version == 0 and tables) or (version > 0 and not tables >= JOURNAL_TABLES):
        raise JournalError(f"{path} is a SQLite database of another program, not a journal")
    return version


@contextmanager
def _reading(path: Path, read_only: bool, key: str | None) -> Iterator[Any]:
    """A connection of its own to the journal, its errors said as JournalErrors."""
    try:
        connection = connect(_uri(path, read_only), key, uri=True)
        try:
            yield connection
        finally:
            connection.close()
    except driver_errors(key is not None) as error:
        if key is not None and "not a database" in str(error):
            raise WrongPassphrase(
                f"wrong passphrase for {path} (or it is not a mentorjournal journal)"
            ) from None
        raise JournalError(f"cannot open {path}: {error}") from error


def _quick_check(path: Path, read_only: bool, key: str | None) -> str:
    """What `PRAGMA quick_check` says of every page ("ok" for a healthy file)."""
    with _reading(path, read_only, key) as connection:
        connection.execute(f"PRAGMA cache_size = {CHECK_CACHE_PAGES}")
        return connection.execute("PRAGMA quick_check").fetchone()[0]


def _refuse_if_damaged(path: Path, damage: str) -> None:
    if damage != "ok":
        raise JournalError(f"{path} is damaged ({damage}); restore it from a backup")


def _check_in_thread(path: Path, read_only: bool, key: str | None) -> None:
    """Start the page check on a connection and a thread of its own (SQLite leaves
    Python free meanwhile): the app starts while the file is read."""
    check = lambda: _refuse_if_damaged(path, _quick_check(path, read_only, key))  # noqa: E731
    _check["pending"] = in_thread(check, "journal check")


def in_thread(work: Callable[[], object], name: str) -> Future[None]:
    """Run `work` in a thread of its own; the future says when it is done, and holds
    the error it raised, if any."""
    done: Future[None] = Future()

    def run() -> None:
        try:
            work()
        except BaseException as error:  # handed to whoever waits for it
            done.set_exception(error)
        else:
            done.set_result(None)

    threading.Thread(target=run, name=name, daemon=True).start()
    return done


def _refuse_unchecked() -> None:
    """Nothing is written to a file before its pages passed the check; a write is
    refused (never kept waiting: the app stays responsive) until then."""
    pending = _check["pending"]
    if pending is None:
        return
    if not pending.done():
        raise NotChecked("the journal's pages are still being checked: nothing saved yet")
    if isinstance(error := pending.exception(), JournalError):
        raise NotChecked(str(error)) from error


def checked() -> None:
    """Wait for the open journal's page check, if it is still running; raises
    JournalError when it found the file damaged (and keeps raising it)."""
    pending = _check["pending"]
    if pending is not None:
        pending.result()


def check_finished() -> bool:
    """Whether the open journal's page check is over (passed or failed)."""
    pending = _check["pending"]
    return pending is None or pending.done()


def page_check() -> Future[None]:
    """The open journal's page check: done (at once, if none runs) with None or the
    error it found."""
    pending = _check["pending"]
    if pending is None:
        pending = Future()
        pending.set_result(None)
    return pending


def _create_schema(seed: Callable[[], None] | None) -> None:
    on_server = server.is_server()
    with write():
        if on_server and server.schema_version():  # another machine made it meanwhile
            return
        if on_server:
            server.prepare_schema()
        database.create_tables(MODELS)
        if on_server:
            server.unlimited_text()
        if seed:
            seed()
        if on_server:
            server.set_schema_version(SCHEMA_VERSION)
        else:
            database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _upgrade_server(version: int) -> None:
    """Every migration past `version` in one transaction (PostgreSQL's DDL is
    transactional: a failed upgrade leaves the journal as it was)."""
    from playhouse.migrate import PostgresqlMigrator

    migrator = PostgresqlMigrator(database)
    with write():
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](migrator)  # type: ignore[arg-type]
        server.set_schema_version(SCHEMA_VERSION)


def ids_given(tables: list[str]) -> None:
    """Rows were inserted with their ids given (an import): on a server, each table's id
    sequence moves past them (SQLite needs nothing)."""
    if server.is_server():
        server.fix_sequences(tables)


def _upgrade(path: Path, version: int) -> None:
    """Back up, then run every migration past `version` in one transaction."""
    from playhouse.migrate import SqliteMigrator

    backup_to(path.with_name(f"{path.stem}.schema-{version}-{clock.now():%Y%m%d-%H%M%S}.bak"))
    migrator = SqliteMigrator(database)
    with migrator.migration_context():
        for target in range(version + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](migrator)
        database.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")


IDENTIFIED = ("entry", "action", "actioncompletion", "stepnote", "blockoccurrence", "person")
IDENTIFIED += ("group", "ledgerentry")  # time blocks had their uid from the start
STAMPED = ("action", "timeblock", "blockoccurrence", "person", "group", "ledgerentry")


def migrate_to_identities(migrator: "SqliteMigrator") -> None:
    """Schema 2: every record that can travel gets a uid (a fresh one for each existing
    row), `updated_at` where a merge compares versions, step notes a revision and entries
    the revision they last came in at from another journal."""
    from peewee import CharField, DateTimeField, IntegerField
    from playhouse.migrate import migrate

    now = clock.now()
    migrate(
        *(migrator.add_column(table, "uid", CharField(null=True)) for table in IDENTIFIED),
        *(
            migrator.add_column(table, "updated_at", DateTimeField(default=now))
            for table in STAMPED
        ),
        migrator.add_column("stepnote", "revision", IntegerField(default=1)),
        migrator.add_column("entry", "merged_revision", IntegerField(default=0)),
    )
    for table in IDENTIFIED:
        ids = [row[0] for row in database.execute_sql(f'SELECT id FROM "{table}"')]
        database.cursor().executemany(
            f'UPDATE "{table}" SET uid = ? WHERE id = ?', [(new_uid(), id_) for id_ in ids]
        )
    migrate(
        *(migrator.add_not_null(table, "uid") for table in IDENTIFIED),
        *(migrator.add_index(table, ("uid",), unique=True) for table in IDENTIFIED),
    )


MIGRATIONS[2] = migrate_to_identities
MIGRATIONS[3] = _ticks_by_iso_week_carry_and_notes


def add_day_notes(migrator: "SqliteMigrator") -> None:
    """Schema 4: notes on whole days (all-day calendar events) get their table, spelled
    out here so that later changes to the model do not change this step."""
    database.execute_sql(
        'CREATE TABLE IF NOT EXISTS "daynote" ("id" INTEGER NOT NULL PRIMARY KEY, '
        '"uid" VARCHAR(255) NOT NULL, "updated_at" DATETIME NOT NULL, "day" DATE NOT NULL, '
        '"last_day" DATE NOT NULL, "text" VARCHAR(255) NOT NULL)'
    )
    database.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "daynote_uid" ON "daynote" ("uid")')
    database.execute_sql('CREATE INDEX IF NOT EXISTS "daynote_day" ON "daynote" ("day")')


MIGRATIONS[4] = add_day_notes


def index_ledger_by_date_and_direction(migrator: "SqliteMigrator") -> None:
    """Schema 5: the ledger pages newest first from an index on its date, and the balance
    per person is counted from an index on (person, direction), not from every row.
    Named as `create_tables` names them; a journal that has them already keeps them."""
    for name, columns in (("date", '"date"'), ("person_id_direction", '"person_id", "direction"')):
        database.execute_sql(
            f'CREATE INDEX IF NOT EXISTS "ledgerentry_{name}" ON "ledgerentry" ({columns})'
        )


MIGRATIONS[5] = index_ledger_by_date_and_direction
