"""The domain: plain functions over the models, with no user interface."""

from collections.abc import Iterator
from contextlib import contextmanager

from peewee import DatabaseError as StorageError

__all__ = [
    "StorageError",
    "ValidationError",
    "check_text",
    "is_locked",
    "storage_reason",
    "waiting_at_most",
]


@contextmanager
def waiting_at_most(milliseconds: int) -> Iterator[None]:
    """Writes inside give up after `milliseconds` when another window holds the journal:
    an autosave then retries later instead of freezing the screen."""
    from mentorjournal.db import busy_timeout  # what only SQLite has stays in db.py

    with busy_timeout(milliseconds):
        yield


def storage_reason(error: BaseException) -> str:
    """Why a write failed, in SQLite's words. On a full disk SQLite rolls back by itself
    and the rollback that follows fails too: the first error is the one worth showing."""
    while error.__context__ is not None:
        error = error.__context__
    return str(error)


def is_locked(error: BaseException) -> bool:
    """Whether a write failed only because another window or process held the journal
    (trying again later may work), not for lack of space or permission."""
    reason = storage_reason(error).lower()
    return "locked" in reason or "busy" in reason


class ValidationError(ValueError):
    """Input that breaks a rule; `field` names where it was typed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check_text(field: str, value: str, limit: int) -> str:
    """`value` if it can be stored as typed: not too long, no NUL, valid UTF-8."""
    if len(value) > limit:
        raise ValidationError(field, f"at most {limit:,} characters ({len(value):,} typed)")
    if "\x00" in value:
        raise ValidationError(field, "the text contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(field, "the text is not valid UTF-8") from None
    return value
