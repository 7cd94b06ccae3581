"""jrnl's JSON export (`jrnl --format json`) into journal entries, in one command."""

from datetime import date, datetime, time
from typing import Any

from mentorjournal.db import write
from mentorjournal.io.merge import Summary
from mentorjournal.models import Entry
from mentorjournal.services import ValidationError, entries

SECTION = "entries"


class JrnlRefused(Exception):
    """The file is not a jrnl export we can read; the message says which entry and why."""


def looks_like_jrnl(data: object) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("entries"), list)
        and all(isinstance(e, dict) and "date" in e for e in data["entries"][:5])
    )


def import_jrnl(data: dict[str, Any], dry_run: bool = False) -> Summary:
    """Entries with their dates, times, titles, bodies and tags; starred ones tagged 'starred'.

    An entry already there (same time, same text) is left alone, so a second import adds
    nothing; the same text at another time is another entry.
    """
    summary = Summary()
    with write() as transaction:
        known = set(Entry.select(Entry.written_at, Entry.body).tuples())
        for number, raw in enumerate(data["entries"], 1):
            _import_one(f"entry {number}", raw, known, summary)
        if dry_run:
            transaction.rollback()
    return summary


def _import_one(where: str, raw: object, known: set, summary: Summary) -> None:
    if not isinstance(raw, dict):
        raise JrnlRefused(f"{where}: not an object")
    at = _moment(where, raw)
    title, body = _text(where, raw, "title"), _text(where, raw, "body")
    text = f"{title}\n\n{body}".strip() if body else title
    if not text or (at, text) in known:
        summary.present[SECTION] += 1
        return
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise JrnlRefused(f"{where}: 'tags' must be a list of texts")
    tags = [tag.lstrip("@#") for tag in tags] + (["starred"] if raw.get("starred") else [])
    try:
        entries.create_entry(at.date(), text, tags=tags, now=at)
    except ValidationError as error:
        raise JrnlRefused(f"{where}: {error.message}") from None
    known.add((at, text))
    summary.added[SECTION] += 1


def _moment(where: str, raw: dict) -> datetime:
    day, clock = raw.get("date"), raw.get("time") or "00:00"
    try:
        if not isinstance(day, str) or not isinstance(clock, str):
            raise ValueError
        return datetime.combine(date.fromisoformat(day), time.fromisoformat(clock))
    except ValueError:
        raise JrnlRefused(
            f"{where}: bad date or time {str(day)[:30]!r} {str(clock)[:30]!r}"
        ) from None


def _text(where: str, raw: dict, key: str) -> str:
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JrnlRefused(f"{where}: {key!r} must be a text")
    return value.strip()
