"""Encrypt a journal, decrypt it, or change its passphrase: always on a copy.

The copy is written beside the journal with `sqlcipher_export`, checked with
`integrity_check`, flushed to disk, and only then swapped in with one rename: a crash
at any point before leaves the original whole (and the half-made copy is cleared
the next time). When a plain journal is encrypted, its old bytes (and those of its
`-wal` file) are overwritten with zeros before the space is given back.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from mentorjournal import db, files
from mentorjournal.db import JournalError

SUFFIXES = ("", "-journal", "-wal", "-shm")
CHUNK = 1 << 20


@dataclass(frozen=True)
class Converted:
    """What a conversion did: the journal, and how many entries it holds."""

    path: Path
    entries: int


def require(path: Path, encrypted: bool) -> Path:
    """The journal at `path` (made absolute), if it is there and `encrypted` or plain as
    asked; else a JournalError that says which command fits. Call it before asking for
    any passphrase."""
    path = Path(path).expanduser().absolute()
    if not path.exists():
        raise JournalError(f"there is no journal at {path}")
    if db.is_encrypted(path) != encrypted:
        if encrypted:
            raise JournalError(f"{path} is not encrypted (`encrypt` encrypts it)")
        raise JournalError(f"{path} is already encrypted (`rekey` changes its passphrase)")
    return path


def encrypt(path: Path, passphrase: str) -> Converted:
    """Encrypt the plain journal at `path` with `passphrase`."""
    return _convert(require(path, encrypted=False), None, lambda: passphrase)


def decrypt(path: Path, passphrase: str) -> Converted:
    """Make the encrypted journal at `path` plain again."""
    return _convert(require(path, encrypted=True), passphrase, lambda: None)


def rekey(path: Path, passphrase: str, new_passphrase: Callable[[], str]) -> Converted:
    """Encrypt the encrypted journal at `path` under a new passphrase (and a new salt),
    asked of `new_passphrase()` once `passphrase` has opened it: a wrong one is said
    before the new one is asked."""
    return _convert(require(path, encrypted=True), passphrase, new_passphrase)


def plain_backups(path: Path) -> list[Path]:
    """This journal's backups and pre-migration copies that are not encrypted."""
    path = Path(path).expanduser().absolute()
    folder = path.parent / "backups"
    found = [*path.parent.glob(f"{path.stem}.schema-*.bak")]
    if folder.is_dir():
        found += folder.glob(f"{path.stem}-[0-9]*.db")
    return sorted(backup for backup in found if _is_plain(backup))


def shred(paths: list[Path]) -> None:
    """Overwrite each file with zeros, flush, then remove it."""
    for path in paths:
        try:
            fd = os.open(path, os.O_RDWR)
            try:
                _overwrite(fd)
            finally:
                os.close(fd)
            path.unlink()
        except OSError as error:
            raise JournalError(f"cannot remove {path}: {files.reason(error)}") from error


def _convert(
    path: Path, passphrase: str | None, new_passphrase: Callable[[], str | None]
) -> Converted:
    """Open the journal with `passphrase`, export it to a copy under `new_passphrase()`
    (None: plain), check the copy, swap it in. A plain original is overwritten once the
    swap is done."""
    copy = path.with_name(path.name + ".converting")
    _clear(copy)
    try:
        with ExitStack() as stack:
            held = stack.enter_context(_holding(path)) if passphrase is None else []
            db.open_journal(path, create=False, passphrase=passphrase)
            source_key = db.open_key()
            db.close_journal()  # recovered, migrated, checkpointed: the -wal is gone
            new = new_passphrase()
            target_key = db.new_raw_key(new) if new else None
            version = _export(path, source_key, copy, target_key)
            if target_key is None:
                _readable_by_any_sqlite(copy)
            entries = _check_copy(copy, target_key, version)
            _refuse_if_in_use(path)
            files.flush(copy)
            os.replace(copy, path)
            files.sync_folder(path.parent)
            for fd in held:
                _overwrite(fd)
            _convert_drafts(db.drafts_file(path), source_key, target_key)
    except (OSError, *db.driver_errors(cipher=True)) as error:
        raise JournalError(
            f"cannot convert {path}: {files.reason(error)}; nothing changed"
        ) from error
    finally:
        _clear(copy)
    return Converted(path, entries)


def _convert_drafts(drafts: Path, source_key: str | None, target_key: str | None) -> None:
    """The drafts file follows its journal: under the new key, its plain bytes overwritten."""
    if not drafts.exists():
        return
    copy = drafts.with_name(drafts.name + ".converting")
    _clear(copy)
    try:
        with _holding(drafts) if source_key is None else nullcontext([]) as held:
            _export(drafts, source_key, copy, target_key)
            os.replace(copy, drafts)
            for fd in held:
                _overwrite(fd)
    finally:
        _clear(copy)


def _export(path: Path, source_key: str | None, copy: Path, target_key: str | None) -> int:
    source = db.connect(path, source_key, cipher=True)
    try:
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(copy), target_key or ""))
        source.execute("SELECT sqlcipher_export('converted')")
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute("DETACH DATABASE converted")
        return version
    finally:
        source.close()


def _readable_by_any_sqlite(copy: Path) -> None:
    """A plain journal is opened by Python's own sqlite3, whose SQLite may predate the
    FTS5 secure-delete that SQLCipher's newer one turned on (3.44 and later: an index
    that older ones refuse to read). Each full-text index of the plain copy has it
    turned off and is rebuilt in the format every SQLite reads."""
    connection = db.connect(copy, None, cipher=True)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        indexes = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE ?",
            ("CREATE VIRTUAL TABLE%USING fts5%",),
        ).fetchall()
        for (name,) in indexes:
            on = connection.execute(
                f'SELECT v FROM "{name}_config" WHERE k = ?', ("secure-delete",)
            ).fetchone()
            if on and on[0]:
                connection.execute(
                    f'INSERT INTO "{name}"("{name}", rank) VALUES (?, 0)', ("secure-delete",)
                )
                connection.execute(f'INSERT INTO "{name}"("{name}") VALUES (?)', ("rebuild",))
        connection.commit()
    finally:
        connection.close()


def _check_copy(copy: Path, key: str | None, version: int) -> int:
    """The copy in WAL mode, whole, with the schema version; returns its entry count."""
    connection = db.connect(copy, key, cipher=True)
    try:
        connection.execute("PRAGMA journal_mode = wal").fetchone()
        problems = connection.execute("PRAGMA integrity_check").fetchone()[0]
        copied = connection.execute("PRAGMA user_version").fetchone()[0]
        entries = connection.execute("SELECT count(*) FROM entry").fetchone()[0]
    finally:
        connection.close()
    if problems != "ok" or copied != version:
        raise JournalError(f"the converted copy failed its check ({problems}); nothing changed")
    return entries


def _refuse_if_in_use(path: Path) -> None:
    """The last connection to close removes the -wal and -shm files; if they are still
    there, another window has the journal open and could write to the old file."""
    if any(path.with_name(path.name + suffix).exists() for suffix in ("-wal", "-shm")):
        raise JournalError(f"{path} is open in another window: close it, then try again")


@contextmanager
def _holding(path: Path) -> Iterator[list[int]]:
    """Open the journal and its -wal file now, so that their bytes can still be
    overwritten after SQLite or the swap has removed their names."""
    fds = []
    try:
        for suffix in ("", "-wal"):
            sibling = path.with_name(path.name + suffix)
            if sibling.exists():
                fds.append(os.open(sibling, os.O_RDWR))
        yield fds
    finally:
        for fd in fds:
            os.close(fd)


def _overwrite(fd: int) -> None:
    size = os.fstat(fd).st_size
    zeros = bytes(CHUNK)
    os.lseek(fd, 0, os.SEEK_SET)
    for start in range(0, size, CHUNK):
        os.write(fd, zeros[: min(CHUNK, size - start)])
    os.fsync(fd)


def _clear(copy: Path) -> None:
    """Remove a copy (and its side files) left by this run or by a crashed one."""
    for suffix in SUFFIXES:
        copy.with_name(copy.name + suffix).unlink(missing_ok=True)


def _is_plain(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(db.SQLITE_MAGIC)) == db.SQLITE_MAGIC
