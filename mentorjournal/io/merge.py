"""Merging records from another journal into the open one (docs/format.md, "Merging").

A record is the same record when its `uid` is known here, or failing that when its
natural key matches (a person by name, an entry by time and text…). The same record
keeps the newer version by `updated_at`; an entry whose text changed on both sides
is kept twice. The file's integer ids only map references inside the file.

Fast on a ten-year journal: the local keys are read once into dictionaries and new
rows go in with one prepared `executemany`, their ids given here.
"""

import uuid
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from peewee import DateField, DateTimeField, fn

from mentorjournal import db
from mentorjournal.io.records import Record
from mentorjournal.models import new_uid
from mentorjournal.words import amount

CHUNK = 500  # ids in one `IN (...)`, under SQLite's limit on parameters
KEPT_TWICE = "Kept twice, the other journal's version"
NOUNS = {  # one record of each section, for the summary
    "steps": "step",
    "actions": "action",
    "entries": "entry",
    "time_blocks": "time block",
    "people": "person",
    "ledger": "ledger entry",
    "groups": "group",
    "day notes": "day note",
    "time blocks": "time block",
    "block weeks": "block week",
    "ticks": "tick",
    "step notes": "step note",
}


def name_key(name: str) -> str:
    """People and groups are the same when their names differ only in case and spaces."""
    return " ".join(name.split()).casefold()


def copy_uid(of: str, revision: int, body: str) -> str:
    """The uid of an entry's other version kept by a merge: the same in both journals."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mentorjournal:{of}:{revision}:{body}"))


@dataclass
class Summary:
    """What an import did, per section: added, updated, already there, kept twice."""

    added: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    twice: Counter = field(default_factory=Counter)

    def line(self) -> str:
        def counts(what: Counter) -> str:
            said = (amount(n, NOUNS.get(name, name)) for name, n in what.items() if n)
            return ", ".join(said) or "nothing"

        parts = [f"added {counts(self.added)}", f"updated {counts(self.updated)}"]
        parts.append(f"already there {counts(self.present)}")
        if sum(self.twice.values()):
            parts.append(f"kept twice (both sides changed) {counts(self.twice)}")
        return "; ".join(parts)


@dataclass
class Found:
    id: int
    updated_at: datetime | None


class Known:
    """One kind of local record, prefetched: by uid, by natural key, and the next free id."""

    def __init__(
        self, model, key: Callable[..., Hashable], key_fields: tuple, stamp=None, unique=True
    ) -> None:
        """`unique`: no two records share the natural key here (a name, a week…), so it
        matches even a record that has a uid; otherwise only records without one."""
        self.model, self.key, self.unique = model, key, unique
        self.by_uid: dict[str, Found] = {}
        self.by_key: dict[Hashable, Found] = {}
        stamp = stamp or model.updated_at
        query = model.select(model.id, model.uid, stamp, *key_fields).tuples()
        for row_id, uid, updated_at, *rest in query:
            self.remember(row_id, uid, key(*rest), updated_at)
        self.next_id = self.first_pending = (model.select(fn.MAX(model.id)).scalar() or 0) + 1
        self.pending: list[dict] = []
        self.changes: dict[int, tuple[dict, Summary, str]] = {}

    def remember(self, row_id: int, uid: str, key: Hashable, updated_at) -> Found:
        found = Found(row_id, updated_at if isinstance(updated_at, datetime) else None)
        self.by_uid[uid] = found
        if key is not None:
            self.by_key.setdefault(key, found)
        return found

    def find(self, uid: str | None, key: Hashable) -> Found | None:
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        return self.by_key.get(key) if self.unique or not uid else None

    def is_pending(self, found: Found) -> bool:
        """Whether the record came earlier in this same file and is not written yet."""
        return found.id >= self.first_pending

    def add(self, row: dict, key: Hashable) -> int:
        """Queue a new row (its id given here) and return its id."""
        row_id = self.next_id
        self.next_id += 1
        uid = row.get("uid") or new_uid()
        if uid in self.by_uid:  # the file's uid names another record here: a new identity
            uid = new_uid()
        row.update(id=row_id, uid=uid)
        self.pending.append(row)
        self.remember(row_id, uid, key, row.get("updated_at"))
        return row_id

    def change(self, row_id: int, values: dict, summary: Summary, section: str) -> None:
        """Update the row to `values` at the next flush if they say anything it does not
        (counted then as updated, else as already there): the rows compared are read
        together, not one query per record."""
        if row_id in self.changes:  # the file has the record twice: the first one first
            self._apply_changes()
        self.changes[row_id] = (values, summary, section)

    def flush(self) -> None:
        insert_rows(self.model, self.pending)
        self.pending.clear()
        self.first_pending = self.next_id
        self._apply_changes()

    def _apply_changes(self) -> None:
        if not self.changes:
            return
        names = {name for values, _, _ in self.changes.values() for name in values}
        names.discard("updated_at")
        current = self._current(sorted(names))
        for row_id, (values, summary, section) in self.changes.items():
            if _differs(current[row_id], values):
                self.model.update(values).where(self.model.id == row_id).execute()
                summary.updated[section] += 1
            else:
                summary.present[section] += 1
        self.changes.clear()

    def _current(self, names: list[str]) -> dict[int, dict]:
        """The named columns of the rows waiting for a change, by id."""
        model, ids = self.model, list(self.changes)
        columns = [getattr(model, name) for name in names]
        current = {}
        for begin in range(0, len(ids), CHUNK):
            chosen = model.id.in_(ids[begin : begin + CHUNK])
            for row_id, *values in model.select(model.id, *columns).where(chosen).tuples():
                current[row_id] = dict(zip(names, values, strict=True))
        return current


def _differs(current: dict, values: dict) -> bool:
    """Whether the newer version says anything the local one does not."""
    return any(current[name] != value for name, value in values.items() if name != "updated_at")


def insert_rows(model, rows: list[dict]) -> None:
    """Insert complete rows (every column given) with one prepared statement: a plain
    `executemany`, as building peewee's query for 20,000 rows costs seconds. Dates and
    times are given as ISO text, as peewee stores them in SQLite."""
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.fields[name] for name in names]
    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    database = model._meta.database
    marks = ", ".join(database.param for _ in fields)
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    dated = [i for i, field in enumerate(fields) if isinstance(field, DateField | DateTimeField)]
    values = []
    for row in rows:
        value = [row[name] for name in names]
        for i in dated:
            if isinstance(value[i], date):
                value[i] = str(value[i])
        values.append(value)
    database.cursor().executemany(sql, values)
    if "id" in names:
        db.ids_given([model._meta.table_name])


def settle(
    known: Known, summary: Summary, section: str, r: Record, key: Hashable, values: dict
) -> int:
    """Add the record, update the local one if the file's is newer, or count it as there.
    Returns the local id."""
    uid = file_uid(r)
    found = known.find(uid, key)
    updated_at = values.get("updated_at")
    if found is None:
        summary.added[section] += 1
        return known.add(complete(known.model, {**values, "uid": uid}), key)
    newer = updated_at and found.updated_at and updated_at > found.updated_at
    if newer and not known.is_pending(found):
        found.updated_at = updated_at
        known.change(found.id, values, summary, section)
        return found.id
    summary.present[section] += 1
    return found.id


def file_uid(r: Record) -> str | None:
    uid = r.text("uid", 300).strip()
    return uid or None


class References:
    """The file's ids mapped to local ids, per kind; a person or group may also be
    given by name, and a name not known yet adds one."""

    def __init__(self, people: Known, groups: Known, summary: Summary) -> None:
        self.known = {"people": people, "groups": groups}
        self.ids: dict[str, dict[int, int]] = {"people": {}, "groups": {}, "actions": {}}
        self.summary = summary

    def map(self, kind: str, r: Record, local_id: int) -> None:
        """The record's `id` in the file (if it has one) stands for `local_id` here."""
        file_id = r.get("id", int, required=False)
        if file_id is not None:
            self.ids[kind][file_id] = local_id

    def follow(self, r: Record, key: str, kind: str) -> int | None:
        value = r.raw.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            if value not in self.ids[kind]:
                raise r.refuse(f"{key!r} points to {value}, which is not among the file's {kind}")
            return self.ids[kind][value]
        if isinstance(value, str):
            return self._by_name(r, key, kind, value)
        raise r.refuse(f"{key!r} must be an id from the file or a name")

    def _by_name(self, r: Record, key: str, kind: str, value: str) -> int:
        name = " ".join(r.text(key, 120).split())
        if not name:
            raise r.refuse(f"{key!r} is an empty name")
        known = self.known[kind]
        found = known.by_key.get(name_key(name))
        if found:
            return found.id
        self.summary.added[kind] += 1
        row_id = known.add(complete(known.model, {"name": name}), name_key(name))
        known.flush()  # before anything that points to it is written
        return row_id


def complete(model, row: dict) -> dict:
    """`row` completed with the model's defaults, so that every queued row has every
    column, in the model's order."""
    full = {}
    for name, null, default in _columns(model):
        value = row.get(name)
        if value is None and not (null and name in row):
            value = default() if callable(default) else default
        full[name] = value
    return full


_COLUMNS: dict = {}


def _columns(model) -> list[tuple[str, bool, Any]]:
    if model not in _COLUMNS:
        fields = model._meta.fields.items()
        _COLUMNS[model] = [(n, f.null, f.default) for n, f in fields if n != "id"]
    return _COLUMNS[model]
