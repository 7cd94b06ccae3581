"""Files the user names (export, backup, settings): written whole or not at all.

A file is first created exclusively (`O_EXCL | O_NOFOLLOW`, 0600) under a fresh name in
the target's own folder, filled and flushed, then moved into place. An existing file
is replaced only when asked (`force`); the journal, its `-wal`/`-shm` and its backups
never are. A planted `…partial` file or symlink is never opened, let alone followed.
"""

import contextlib
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_protected: list[Callable[[Path], bool]] = []


class FileRefused(OSError):
    """The file was not written; the message (`str()`) is meant for the user."""


def protect(is_protected: Callable[[Path], bool]) -> Callable[[], None]:
    """Never write a path for which `is_protected(resolved path)` is true; returns the
    function that lifts the protection."""
    _protected.append(is_protected)
    return lambda: _protected.remove(is_protected) if is_protected in _protected else None


def same_file(path: Path, others: Iterable[Path]) -> bool:
    """`path` is one of `others`: the same resolved name, or the same file (a hard link)."""
    resolved = path.resolve()
    for other in others:
        if resolved == Path(other).resolve():
            return True
        try:
            if path.exists() and Path(other).exists() and os.path.samefile(path, other):
                return True
        except OSError:
            continue
    return False


def target_file(target: str | Path, name_in_folder: Callable[[], str]) -> Path:
    """Where to write: `target` itself, or `name_in_folder()` inside it when it is a
    folder (a trailing `/` always means a folder, which must exist)."""
    text = str(target)
    path = Path(text).expanduser().absolute()
    if text.endswith(("/", os.sep)) or path.is_dir():
        if not path.is_dir():
            raise FileRefused(f"cannot write into {text}: there is no such folder")
        return path / name_in_folder()
    return path


def check_target(path: Path, force: bool = False) -> None:
    """Refuse a protected path always, an existing file unless `force`."""
    if any(is_protected(path.resolve()) for is_protected in list(_protected)):
        raise FileRefused(f"{path} is the journal or one of its own files: never overwritten")
    if not path.parent.is_dir():
        raise FileRefused(f"cannot write {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise FileRefused(f"{path} is a folder")
    if os.path.lexists(path) and not force:
        raise FileRefused(f"{path} already exists; use --force to replace it")


def write_file(
    target: Path, fill: Callable[[Path], None], force: bool = False, mode: int = 0o600
) -> Path:
    """Create `target` through a private partial file that `fill(partial)` writes.

    Raises FileRefused (nothing written, nothing left behind) when `target` may not be
    written or writing fails.
    """
    target = Path(target)
    check_target(target, force)
    partial = _create_partial(target, mode)
    try:
        fill(partial)
        flush(partial)
        _move_into_place(partial, target, force)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError) and not isinstance(error, FileRefused):
            raise FileRefused(f"cannot write {target}: {reason(error)}") from error
        raise
    return target


def write_text(target: Path, text: str, force: bool = False) -> Path:
    """`write_file` for text (UTF-8)."""
    return write_file(target, lambda partial: partial.write_text(text, encoding="utf-8"), force)


def _create_partial(target: Path, mode: int) -> Path:
    for _attempt in range(20):
        partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
        try:
            descriptor = os.open(partial, CREATE_FLAGS, mode)
        except FileExistsError:
            continue
        except OSError as error:
            raise FileRefused(f"cannot write {target}: {reason(error)}") from error
        os.fchmod(descriptor, mode)  # whatever the umask: a file of our own making
        os.close(descriptor)
        return partial
    raise FileRefused(f"cannot write {target}: no free temporary name in its folder")


def reason(error: BaseException) -> str:
    """Why a file operation failed, in the system's words (`No space left on device`)."""
    return getattr(error, "strerror", None) or str(error)


def flush(path: Path) -> None:
    """Make the file's bytes durable (fsync)."""
    descriptor = os.open(path, os.O_RDONLY | NOFOLLOW)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _move_into_place(partial: Path, target: Path, force: bool) -> None:
    """Rename `partial` to `target`; without `force`, never over a file that appeared
    meanwhile (a hard link fails if the name is taken)."""
    if force:
        check_target(target, force=True)
        os.replace(partial, target)
    else:
        try:
            os.link(partial, target, follow_symlinks=False)
        except FileExistsError:
            raise FileRefused(f"{target} already exists; use --force to replace it") from None
        except OSError:  # a file system without hard links: check, then rename
            check_target(target)
            os.replace(partial, target)
        else:
            partial.unlink()
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable, where the file system can."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot sync a folder
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
