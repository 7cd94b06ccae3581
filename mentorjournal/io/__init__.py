"""Data in and out: the JSON interchange format, Markdown, iCalendar, jrnl."""

import os
import tempfile
from pathlib import Path

IMPORT_FORMATS = ("json", "ics", "jrnl")


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (temporary file, fsync, rename), readable by the
    user only (0600)."""
    path = Path(path)
    descriptor, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(partial, 0o600)
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
