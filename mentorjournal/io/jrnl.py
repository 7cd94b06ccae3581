"""jrnl's JSON export (`jrnl --format json`) into journal entries, in one command."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from mentorjournal.db import write
from mentorjournal.models import Entry
from mentorjournal.services import ValidationError, entries
from mentorjournal.words import amount


class JrnlRefused(Exception):
    """The file is not a jrnl export we can read; the message says which entry and why."""


@dataclass
class JrnlSummary:
    added: int = 0
    skipped: int = 0

    def line(self) -> str:
        return f"added {amount(self.added, 'entry')}; skipped {self.skipped} already there"


def looks_like_jrnl(data: object) -> bool:
    return (
        isinstance(data, dict)
        and isinstance(data.get("entries"), list)
        and all(isinstance(e, dict) and "date" in e for e in data["entries"][:5])
    )


def import_jrnl(data: dict[str, Any], dry_run: bool = False) -> JrnlSummary:
    """Entries with their dates, times, titles, bodies and tags; starred ones tagged 'starred'.

    An entry already there (same day, same text) is skipped, so a second import adds nothing.
    """
    summary = JrnlSummary()
    with write() as transaction:
        for number, raw in enumerate(data["entries"], 1):
            where = f"entry {number}"
            if not isinstance(raw, dict):
                raise JrnlRefused(f"{where}: not an object")
            try:
                day = date.fromisoformat(str(raw.get("date", "")))
                clock = time.fromisoformat(str(raw.get("time") or "00:00"))
            except ValueError:
                raise JrnlRefused(
                    f"{where}: bad date or time {raw.get('date')!r} {raw.get('time')!r}"
                ) from None
            title, body = str(raw.get("title") or "").strip(), str(raw.get("body") or "").strip()
            text = f"{title}\n\n{body}".strip() if body else title
            if not text:
                summary.skipped += 1
                continue
            if Entry.select().where((Entry.day == day) & (Entry.body == text)).exists():
                summary.skipped += 1
                continue
            tags = [str(tag).lstrip("@#") for tag in raw.get("tags") or []]
            if raw.get("starred"):
                tags.append("starred")
            try:
                entries.create_entry(day, text, tags=tags, now=datetime.combine(day, clock))
            except ValidationError as error:
                raise JrnlRefused(f"{where}: {error.message}") from None
            summary.added += 1
        if dry_run:
            transaction.rollback()
    return summary
