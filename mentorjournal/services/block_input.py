"""What is typed for a block: times and lengths parsed, a whole draft checked."""

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from mentorjournal.models import BLOCK_KINDS, BLOCK_STATUSES, REPEATS
from mentorjournal.services import ValidationError, check_text
from mentorjournal.services.parsing import check_day

TITLE_LENGTH = 200
LONGEST = timedelta(hours=24)
_DURATION = re.compile(r"^\+?\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*m?)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """A block as typed in a form, before it is checked; times in the viewer's zone."""

    title: str
    kind: str
    start: datetime
    end: datetime
    notes: str = ""
    person: str = ""
    repeat: str = "none"
    repeat_until: date | None = None
    status: str = "planned"
    group: str = ""


def parse_time(text: str, field: str = "start") -> time:
    text = text.strip()
    match = re.fullmatch(r"(\d{1,2})[:.h]?(\d{2})?", text)
    hour, minute = (int(match[1]), int(match[2] or 0)) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValidationError(field, f"{text!r} is not a time of day (HH:MM, 00:00 to 23:59)")
    return time(hour, minute)


def parse_end(text: str, start: datetime) -> datetime:
    """An end typed as a time (`10:30`) or as a duration (`90m`, `1h30`, `1.5h`, `+45`)."""
    text = text.strip()
    if ":" in text:
        end = datetime.combine(start.date(), parse_time(text, "end"))
        if end <= start:
            raise ValidationError("end", "the end must be after the start")
        return end
    match = _DURATION.fullmatch(text) if len(text) <= 20 else None
    if not text or not match or not (match[1] or match[2]):
        raise ValidationError("end", f"{text[:20]!r} is neither a time (HH:MM) nor a length (1h30)")
    minutes = float(match[1] or 0) * 60 + int(match[2] or 0)
    if minutes > LONGEST.total_seconds() / 60:
        raise ValidationError("end", "a block lasts at most 24 hours")
    return start + timedelta(minutes=minutes)


def check(draft: Draft, zero_length: bool = False) -> Draft:
    """The draft, tidied, or a ValidationError naming the field at fault. `zero_length`
    lets a marker (an imported event with no length) keep its end at its start."""
    for name in ("title", "notes", "person", "group"):
        check_text(name, getattr(draft, name), 2_000)
    title = " ".join(draft.title.split())
    if not title:
        raise ValidationError("title", "the block needs a title")
    if len(title) > TITLE_LENGTH:
        raise ValidationError("title", f"a title has at most {TITLE_LENGTH} characters")
    if draft.kind not in BLOCK_KINDS:
        raise ValidationError("kind", f"the kind is one of: {', '.join(BLOCK_KINDS)}")
    if draft.status not in BLOCK_STATUSES:
        raise ValidationError("status", f"the status is one of: {', '.join(BLOCK_STATUSES)}")
    if draft.repeat not in REPEATS:
        raise ValidationError("repeat", f"repeat is one of: {', '.join(REPEATS)}")
    if draft.end < draft.start or (draft.end == draft.start and not zero_length):
        raise ValidationError("end", "the end must be after the start")
    if draft.end - draft.start > LONGEST:
        raise ValidationError("end", "a block lasts at most 24 hours")
    check_day(draft.start.date())
    if draft.repeat_until and draft.repeat_until < draft.start.date():
        raise ValidationError("until", "the series cannot end before it starts")
    until = draft.repeat_until if draft.repeat == "weekly" else None
    notes = draft.notes.strip()
    if (title, notes, until) == (draft.title, draft.notes, draft.repeat_until):
        return draft  # already tidy: an import checks thousands of blocks
    return replace(draft, title=title, notes=notes, repeat_until=until)
