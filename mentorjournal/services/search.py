"""Full-text search over journal entries (SQLite FTS5).

The index is a separate FTS5 table whose rowid is the entry id; the entries
service keeps it in step inside the same transaction as every write.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from peewee import fn
from playhouse.sqlite_ext import FTS5Model, SearchField

from mentorjournal.models import Entry, database

MARK_START, MARK_END = "\x02", "\x03"
EMPTY_QUERY = '""'


class EntryIndex(FTS5Model):
    title = SearchField()
    body = SearchField()
    tags = SearchField()

    class Meta:
        database = database
        table_name = "entry_index"
        options = {"tokenize": "unicode61 remove_diacritics 2"}


@dataclass(frozen=True)
class Hit:
    """One search result; `snippet` marks matches with MARK_START / MARK_END."""

    entry_id: int
    day: date
    title: str
    snippet: str


def create_index() -> None:
    EntryIndex.create_table()


def index_entry(entry_id: int, title: str, body: str, tags: list[str]) -> None:
    unindex_entry(entry_id)
    EntryIndex.insert(rowid=entry_id, title=title, body=body, tags=" ".join(tags)).execute()


def index_many(rows: list[tuple[int, str, str, list[str]]]) -> None:
    """Index new entries in bulk: (id, title, body, tags) each."""
    values = [{"rowid": i, "title": t, "body": b, "tags": " ".join(g)} for i, t, b, g in rows]
    for start in range(0, len(values), 500):
        EntryIndex.insert_many(values[start : start + 500]).execute()


def unindex_entry(entry_id: int) -> None:
    EntryIndex.delete().where(EntryIndex.rowid == entry_id).execute()


def forget_entry(entry_id: int) -> None:
    """Take a deleted entry out of the index for good: FTS5 keeps deleted words in its
    segments until they are merged, so merge them now (milliseconds, deletes are rare)."""
    unindex_entry(entry_id)
    EntryIndex.optimize()


def search_entries(text: str, limit: int = 200) -> tuple[list[Hit], int]:
    """The best `limit` entries matching `text` (typed as in a search box), and the total.

    Quotes, apostrophes and hyphens in `text` are safe: it goes through
    `web_query`, never straight into MATCH.
    """
    text = "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in text)
    query = EntryIndex.web_query(text)
    if query == EMPTY_QUERY:
        return [], 0
    matching = EntryIndex.match(query)
    total = EntryIndex.select().where(matching).count()
    body_column = 1
    snippet = fn.snippet(EntryIndex._meta.entity, body_column, MARK_START, MARK_END, "…", 24)
    rows = (
        EntryIndex.select(EntryIndex.rowid, Entry.day, Entry.title, snippet.alias("snippet"))
        .join(Entry, on=(Entry.id == EntryIndex.rowid))
        .where(matching)
        .order_by(EntryIndex.rank())
        .limit(limit)
        .tuples()
    )
    hits = [
        Hit(entry_id, day, title, " ".join(snip.split())) for entry_id, day, title, snip in rows
    ]
    return hits, total
