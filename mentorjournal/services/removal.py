"""Delete a record so that undo can put it back exactly as it was.

What the delete takes with it comes back too: rows that cascade away with the record
(`children`, e.g. an action's ticks) and references that the delete set to NULL
(`unlinks`, e.g. the meetings of a deleted group).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from peewee import ForeignKeyField, Model

from mentorjournal.db import write


@dataclass(frozen=True)
class Removed:
    """What `put_back` needs: the record's row, its children's rows, and who pointed at it."""

    model: type[Model]
    row: dict
    children: tuple[tuple[type[Model], tuple[dict, ...]], ...] = ()
    unlinked: tuple[tuple[ForeignKeyField, tuple[int, ...]], ...] = ()


def remove(
    model: type[Model],
    record_id: int,
    children: Iterable[ForeignKeyField] = (),
    unlinks: Iterable[ForeignKeyField] = (),
) -> Removed:
    """Delete the record `record_id` of `model`, remembering what `put_back` restores."""
    with write():
        row = model.select().where(model.id == record_id).dicts().get()
        kept = tuple(
            (field.model, tuple(field.model.select().where(field == record_id).dicts()))
            for field in children
        )
        pointing = tuple((field, _ids_pointing(field, record_id)) for field in unlinks)
        model.delete().where(model.id == record_id).execute()
    return Removed(model, row, kept, pointing)


def _ids_pointing(field: ForeignKeyField, record_id: int) -> tuple[int, ...]:
    rows = field.model.select(field.model.id).where(field == record_id).tuples()
    return tuple(row_id for (row_id,) in rows)


def put_back(removed: Removed) -> None:
    """Undo `remove`: the record, its children and the links to it, in one transaction."""
    with write():
        removed.model.insert(removed.row).execute()
        for child, rows in removed.children:
            if rows:
                child.insert_many(rows).execute()
        for field, ids in removed.unlinked:
            if ids:
                field.model.update({field: removed.row["id"]}).where(
                    field.model.id.in_(ids)
                ).execute()
