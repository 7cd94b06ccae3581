"""Edit text in the user's own editor ($VISUAL or $EDITOR)."""

import os
import shlex
import subprocess
import tempfile
from pathlib import Path


class EditorError(Exception):
    """The editor could not be run; the message is meant for the user."""


def editor_command() -> list[str]:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(command)


def edit_text(text: str) -> str:
    """Open `text` in the editor and return what was saved there.

    The text goes through a private temporary file (0600) that is removed after.
    """
    with tempfile.TemporaryDirectory(prefix="mentorjournal-") as folder:
        path = Path(folder) / "entry.md"
        path.write_text(text, encoding="utf-8")
        path.chmod(0o600)
        try:
            result = subprocess.run([*editor_command(), str(path)], check=False)
        except OSError as error:
            raise EditorError(f"cannot run {editor_command()[0]!r}: {error.strerror}") from error
        if result.returncode != 0:
            raise EditorError(f"the editor exited with status {result.returncode}; text kept")
        return path.read_text(encoding="utf-8")
