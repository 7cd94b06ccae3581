"""Values typed into fields and on the command line: dates and numbers, checked."""

import math
from datetime import date

from mentorjournal.services import ValidationError

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)
LARGEST_INTEGER = 2**63 - 1  # SQLite's INTEGER is a signed 64-bit number
NUMBER_LENGTH = 30  # characters typed for a number; more is refused before converting


def parse_date(text: str, field: str = "date") -> date:
    """A date typed as YYYY-MM-DD, between 1900 and 2199."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(field, f"{text.strip()!r} is not a date (use YYYY-MM-DD)") from None
    check_day(day, field)
    return day


def check_day(day: date, field: str = "date") -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(field, f"the date must be between {FIRST_DAY} and {LAST_DAY}")


def optional_date(text: str, field: str) -> date | None:
    return parse_date(text, field) if text.strip() else None


def optional_number(text: str, field: str, whole: bool = True) -> float | int | None:
    """A number, or None for an empty field."""
    text = text.strip()
    if not text:
        return None
    kind = "a whole number" if whole else "a number"
    if len(text) > NUMBER_LENGTH:
        raise ValidationError(field, f"that is not {kind} this journal can keep (too long)")
    try:
        number = int(text) if whole else float(text.replace(",", "."))
    except ValueError:
        raise ValidationError(field, f"{text!r} is not {kind}") from None
    if not math.isfinite(number) or (whole and abs(number) > LARGEST_INTEGER):
        raise ValidationError(field, f"{text!r} is too large a number")
    return number
