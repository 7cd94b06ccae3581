"""Import a file, its format told or guessed from its content: ours, iCalendar, or jrnl."""

import json
from datetime import date, timedelta
from pathlib import Path

from mentorjournal import clock
from mentorjournal.io import ics, jrnl, json_format


class Refused(Exception):
    """The file cannot be imported; one line for the user. Nothing was changed."""


def guess_format(text: str) -> str:
    if text.lstrip().startswith("BEGIN:VCALENDAR"):
        return "ics"
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise Refused("the file is neither JSON nor iCalendar") from None
    if isinstance(data, dict) and data.get("format") == json_format.FORMAT:
        return "json"
    if jrnl.looks_like_jrnl(data):
        return "jrnl"
    raise Refused("this JSON is neither a mentorjournal nor a jrnl export")


def import_file(
    path: Path,
    kind: str | None = None,
    dry_run: bool = False,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    strict: bool = False,
) -> str:
    """Import `path` in one transaction and return the summary line."""
    today = today or clock.today()
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise Refused(f"cannot read {path}: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{path} is not UTF-8 text") from None
    kind = kind or guess_format(text)
    try:
        if kind == "ics":
            window = (start or today - timedelta(days=365), end or today + timedelta(days=730))
            return ics.import_ics(raw, *window, dry_run=dry_run, strict=strict).line()
        if kind == "jrnl":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as error:
                raise Refused(f"not valid JSON (line {error.lineno}: {error.msg})") from None
            if not jrnl.looks_like_jrnl(data):
                raise Refused("this JSON is not a jrnl export")
            return jrnl.import_jrnl(data, dry_run).line()
        return json_format.import_journal(json_format.loads(text), dry_run).line()
    except (json_format.ImportRefused, ics.IcsRefused, jrnl.JrnlRefused) as error:
        raise Refused(str(error)) from None
