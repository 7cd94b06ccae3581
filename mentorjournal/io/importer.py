"""Import a file, its format told or guessed from its content: ours, iCalendar, or jrnl."""

from datetime import date, timedelta
from pathlib import Path

from mentorjournal import clock
from mentorjournal.db import write
from mentorjournal.io import ics, jrnl, json_format
from mentorjournal.io.records import ImportRefused, parse_json
from mentorjournal.services import checklist


class Refused(Exception):
    """The file cannot be imported; one line for the user. Nothing was changed."""


def guess_format(text: str) -> tuple[str, object]:
    """The file's format, and its JSON already read (None for iCalendar)."""
    if text.lstrip().startswith("BEGIN:VCALENDAR"):
        return "ics", None
    if not text.lstrip().startswith(("{", "[")):
        raise Refused("the file is neither JSON nor iCalendar")
    data = parse_json(text)
    if isinstance(data, dict) and data.get("format") == json_format.FORMAT:
        return "json", data
    if jrnl.looks_like_jrnl(data):
        return "jrnl", data
    raise Refused("this JSON is neither a mentorjournal nor a jrnl export")


def import_file(
    path: Path,
    kind: str | None = None,
    dry_run: bool = False,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    starters: date | None = None,
) -> str:
    """Import `path` in one transaction and return the summary line. With `starters`
    (a journal made for this import), the starter actions the file lacks follow it."""
    today = today or clock.today()
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{path} is not UTF-8 text") from None
    try:
        with write():
            line = _import(raw, text, kind, dry_run, (start, end), today)
            if starters and not dry_run:
                checklist.create_starter_actions(starters, only_missing=True)
        return line
    except (ImportRefused, ics.IcsRefused, jrnl.JrnlRefused) as error:
        raise Refused(str(error)) from None


def _import(raw: bytes, text: str, kind, dry_run: bool, window: tuple, today: date) -> str:
    kind, data = (kind, None) if kind else guess_format(text)
    if kind == "ics":
        start, end = window
        window = (start or today - timedelta(days=365), end or today + timedelta(days=365))
        return ics.import_ics(raw, *window, dry_run=dry_run).line()
    data = parse_json(text) if data is None else data
    if kind == "jrnl":
        if not jrnl.looks_like_jrnl(data):
            raise Refused("this JSON is not a jrnl export")
        return jrnl.import_jrnl(data, dry_run).line()
    return json_format.import_journal(json_format.check(data), dry_run).line()
