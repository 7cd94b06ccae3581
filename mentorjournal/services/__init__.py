"""The domain: plain functions over the models, with no user interface."""

from peewee import DatabaseError as StorageError

__all__ = ["StorageError", "ValidationError"]


class ValidationError(ValueError):
    """Input that breaks a rule; `field` names where it was typed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
