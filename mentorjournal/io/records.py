"""Reading records from a file someone may have written by hand, or to break us.

`parse_json` turns any bytes into data or one line of refusal (depth, huge numbers,
NaN); `Record` reads one object's fields, liberally in form and strictly in range:
texts without NUL or lone surrogates, dates from 1900 to 2199, numbers SQLite can hold.
"""

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentorjournal.services.parsing import FIRST_DAY, LAST_DAY

MAX_DEPTH = 64
MAX_DIGITS = 18  # an integer SQLite can store, with room to spare
LARGEST = 2**62
_CONTAINERS = frozenset((dict, list))  # what json.loads makes


class ImportRefused(Exception):
    """The file cannot be imported; the message names the record and the reason."""


def _whole(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ImportRefused(f"a number with {len(text)} digits is too large")
    return int(text)


def _fraction(text: str) -> float:
    value = float(text)
    if not -LARGEST < value < LARGEST:
        raise ImportRefused(f"the number {text[:20]} is too large")
    return value


def _constant(text: str) -> float:
    raise ImportRefused(f"{text} is not a number a journal can hold")


def parse_json(text: str) -> Any:
    """JSON, or ImportRefused in one line: bad syntax, nesting deeper than MAX_DEPTH,
    numbers beyond SQLite's range, NaN or Infinity."""
    try:
        data = json.loads(text, parse_int=_whole, parse_float=_fraction, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise ImportRefused(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    except RecursionError:
        raise ImportRefused(f"the JSON is nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:  # the interpreter's own limit on digits
        raise ImportRefused(f"not valid JSON ({str(error).splitlines()[0]})") from None
    _check_depth(data)
    return data


def _check_depth(data: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH, a level at a time; an object or a list
    holding no container is passed over without a Python loop over its values."""
    level = [data] if type(data) in _CONTAINERS else []
    for _depth in range(MAX_DEPTH):
        deeper = []
        for value in level:
            children = value.values() if type(value) is dict else value
            if not _CONTAINERS.isdisjoint(map(type, children)):
                deeper.extend(child for child in children if type(child) in _CONTAINERS)
        if not deeper:
            return
        level = deeper
    raise ImportRefused(f"the JSON is nested deeper than {MAX_DEPTH} levels")


def clean_text(value: str) -> str | None:
    """Why `value` cannot be stored as text (NUL, lone surrogate), or None."""
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8 (a lone surrogate)"
    return None


def check_day(value: date, why: str) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ImportRefused(f"{why} must be between {FIRST_DAY} and {LAST_DAY}")
    return value


class Record:
    """One record being read, so that every refusal can say which record and why."""

    def __init__(self, section: str, index: int, raw: object, label: str = "") -> None:
        self.where = f"{section}[{index}]{label}"
        if not isinstance(raw, dict):
            raise ImportRefused(f"{self.where}: not an object")
        self.raw = raw

    def refuse(self, why: str) -> ImportRefused:
        return ImportRefused(f"{self.where}: {why}")

    def has(self, key: str) -> bool:
        return self.raw.get(key) is not None

    def get(self, key: str, kind: type | tuple, required: bool = True, default: Any = None):
        value = self.raw.get(key, default)
        if value is None and not required:
            return None
        wrong = not isinstance(value, kind) or (isinstance(value, bool) and kind is int)
        if value is None or wrong:
            raise self.refuse(f"{key!r} is missing or not a {getattr(kind, '__name__', 'number')}")
        if isinstance(value, int | float) and not -LARGEST < value < LARGEST:
            raise self.refuse(f"{key!r} is out of range")
        return value

    def text(self, key: str, limit: int, required: bool = False) -> str:
        value = self.get(key, str, required, None if required else "") or ""
        if len(value) > limit:
            raise self.refuse(f"{key!r} is longer than {limit:,} characters")
        if why := clean_text(value):
            raise self.refuse(f"{key!r} {why}")
        return value

    def choice(self, key: str, choices: tuple, default: Any = None) -> Any:
        value = self.raw.get(key, default)
        if value not in choices or isinstance(value, bool):
            shown = ", ".join(str(choice) for choice in choices)
            raise self.refuse(f"{key!r} must be one of {shown}")
        return value

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.get(key, str, required)
        if value is None:
            return None
        try:
            parsed = date.fromisoformat(value[:10] if "T" in value else value)
        except ValueError:
            raise self.refuse(f"{key!r} is not a date: {value[:40]!r}") from None
        try:
            return parsed if FIRST_DAY <= parsed <= LAST_DAY else check_day(parsed, repr(key))
        except ImportRefused as refused:
            raise self.refuse(str(refused)) from None

    def moment(self, key: str, zone: str | None = None, required: bool = True) -> datetime | None:
        """A time, with or without an offset, as a naive wall time (local, or in `zone`)."""
        value = self.get(key, str, required)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(ZoneInfo(zone) if zone else None).replace(tzinfo=None)
            if not FIRST_DAY <= parsed.date() <= LAST_DAY:
                check_day(parsed.date(), repr(key))
        except ImportRefused as refused:
            raise self.refuse(str(refused)) from None
        except (ValueError, OverflowError):
            raise self.refuse(f"{key!r} is not a date and time: {value[:40]!r}") from None
        return parsed

    def items(self, key: str, label: str) -> list["Record"]:
        """The objects listed under `key`, each a Record."""
        values = self.get(key, list, required=False) or []
        return [
            Record(f"{self.where}.{key}", index, raw, label) for index, raw in enumerate(values)
        ]
