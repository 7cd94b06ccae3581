"""The domain: plain functions over the models, with no user interface."""

from peewee import DatabaseError as StorageError

__all__ = ["StorageError", "ValidationError", "storage_reason"]


def storage_reason(error: BaseException) -> str:
    """Why a write failed, in SQLite's words. On a full disk SQLite rolls back by itself
    and the rollback that follows fails too: the first error is the one worth showing."""
    while error.__context__ is not None:
        error = error.__context__
    return str(error)


class ValidationError(ValueError):
    """Input that breaks a rule; `field` names where it was typed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
