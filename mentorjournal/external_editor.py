"""Edit text in the user's own editor ($VISUAL or $EDITOR).

The text goes through a private file (0600) in the journal's own private folder, never
the shared /tmp; a file left there by a run that was killed is removed on the next start.
"""

import os
import re
import secrets
import shlex
import subprocess
from pathlib import Path

_OURS = re.compile(r"entry-(\d+)-[0-9a-f]+\.md")


class EditorError(Exception):
    """The editor could not be run; the message is meant for the user."""


def editor_command() -> list[str]:
    """The editor's command line, split as a shell would; EditorError if it cannot be."""
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise EditorError(f"cannot run the editor {command!r}: {error}") from None
    if not words:
        raise EditorError("cannot run the editor: $VISUAL or $EDITOR is blank")
    return words


def edit_text(text: str, folder: Path) -> str:
    """Open `text` in the editor and return what was saved there.

    Every failure (no such editor, a non-zero exit, text that is not UTF-8) is an
    EditorError; the private file is removed whatever happens.
    """
    command = editor_command()
    path = folder / f"entry-{os.getpid()}-{secrets.token_hex(4)}.md"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(text)
        return _run(command, path)
    except OSError as error:
        raise EditorError(f"cannot edit in {folder}: {error.strerror or error}") from None
    finally:
        path.unlink(missing_ok=True)


def _run(command: list[str], path: Path) -> str:
    try:
        result = subprocess.run([*command, str(path)], check=False)
    except OSError as error:
        raise EditorError(f"cannot run {command[0]!r}: {error.strerror or error}") from None
    if result.returncode != 0:
        raise EditorError(f"the editor exited with status {result.returncode}; text kept")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise EditorError("the editor saved text that is not UTF-8; text kept") from None


def remove_stale(folder: Path) -> list[Path]:
    """Remove the files left in `folder` by editing sessions whose app is gone (killed)."""
    stale = []
    for path in folder.glob("entry-*.md"):
        match = _OURS.fullmatch(path.name)
        if match and not _running(int(match.group(1))):
            path.unlink(missing_ok=True)
            stale.append(path)
    return stale


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
