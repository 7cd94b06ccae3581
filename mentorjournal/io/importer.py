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


class OptionRefused(Refused):
    """An option that does nothing for the file's format (a usage mistake)."""


FORMAT_NAMES = {"json": "a mentorjournal JSON export", "jrnl": "a jrnl export"}


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
    strict: bool = False,
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
        kind, data = (kind, None) if kind else guess_format(text)
        _check_options(kind, start, end, strict)
        calendar = None
        if kind == "ics":  # read and expanded before the write lock is taken
            window = (start or today - timedelta(days=365), end or today + timedelta(days=730))
            calendar = ics.read_ics(raw, *window, strict=strict)
        with write():
            line = _import(calendar, text, kind, data, dry_run)
            if starters and not dry_run:
                checklist.create_starter_actions(starters, only_missing=True)
        return line
    except (ImportRefused, ics.IcsRefused, jrnl.JrnlRefused) as error:
        raise Refused(str(error)) from None


def _check_options(kind: str, start: date | None, end: date | None, strict: bool) -> None:
    """--from, --to and --strict choose and check calendar events: refused for other files."""
    given = [
        name for name, value in (("--from", start), ("--to", end), ("--strict", strict)) if value
    ]
    if kind != "ics" and given:
        raise OptionRefused(
            f"{' and '.join(given)} only apply to .ics calendars, and this file is "
            f"{FORMAT_NAMES.get(kind, kind)}: leave {'them' if len(given) > 1 else 'it'} out"
        )


def _import(calendar, text: str, kind: str, data, dry_run: bool) -> str:
    if kind == "ics":
        return ics.store_ics(calendar, dry_run).line()
    data = parse_json(text) if data is None else data
    if kind == "jrnl":
        if not jrnl.looks_like_jrnl(data):
            raise Refused("this JSON is not a jrnl export")
        return jrnl.import_jrnl(data, dry_run).line()
    return json_format.import_journal(json_format.check(data), dry_run).line()
