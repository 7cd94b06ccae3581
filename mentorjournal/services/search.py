"""Full-text search over journal entries (SQLite FTS5; PostgreSQL's in `search_postgres`).

The index is a separate FTS5 table whose rowid is the entry id; the entries
service keeps it in step inside the same transaction as every write.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from peewee import OperationalError, fn
from playhouse.sqlite_ext import FTS5Model, SearchField

from mentorjournal.db import is_read_only, is_server, write
from mentorjournal.models import Entry, database
from mentorjournal.services import StorageError, ValidationError, search_postgres

MARK_START, MARK_END = "\x02", "\x03"
EMPTY_QUERY = '""'
# FTS5 keeps an erased word in its index segments until they are merged, unless its
# secure-delete option (SQLite 3.44+) takes each deleted token out at once.
SECURE_DELETE_SINCE = (3, 44, 0)
QUERY_LENGTH = 200  # characters in a search
QUERY_DEPTH = 8  # brackets inside brackets
PURGE_EVERY = 100  # index rows replaced between two merges, where secure-delete is missing
_replaced = {"rows": 0}


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
    if is_server():
        search_postgres.create_index()
        return
    EntryIndex.create_table()
    use_secure_delete()


def has_secure_delete() -> bool:
    """Whether the open journal's SQLite has FTS5's secure-delete: asked of the connection,
    since an encrypted journal runs on the SQLite that SQLCipher bundles, not Python's."""
    version = database.execute_sql("SELECT sqlite_version()").fetchone()[0]
    return tuple(int(part) for part in version.split(".")[:3]) >= SECURE_DELETE_SINCE


def use_secure_delete() -> None:
    """Where SQLite has it, turn on FTS5's secure-delete (kept in the index's own config)."""
    table = EntryIndex._meta.table_name
    if is_read_only() or is_server() or not has_secure_delete():
        return
    on = database.execute_sql(f"SELECT v FROM {table}_config WHERE k = 'secure-delete'")
    if on.fetchone() is None:
        with write():
            database.execute_sql(f"INSERT INTO {table}({table}, rank) VALUES ('secure-delete', 1)")


def index_entry(entry_id: int, title: str, body: str, tags: list[str]) -> None:
    unindex_entry(entry_id)
    index_many([(entry_id, title, body, tags)])


def index_many(rows: list[tuple[int, str, str, list[str]]]) -> None:
    """Index new entries in bulk, (id, title, body, tags) each: on SQLite one prepared
    statement run for every row (peewee's query for thousands of rows costs more)."""
    if is_server():
        search_postgres.index_many([(i, t, b, " ".join(g)) for i, t, b, g in rows])
        return
    table = EntryIndex._meta.table_name
    database.cursor().executemany(
        f'INSERT INTO "{table}" (rowid, title, body, tags) VALUES (?, ?, ?, ?)',
        [(i, title, body, " ".join(tags)) for i, title, body, tags in rows],
    )


def unindex_entry(entry_id: int) -> None:
    """Remove an entry's index row (counted: `purge_if_due` purges every PURGE_EVERY)."""
    if is_server():  # PostgreSQL's VACUUM reclaims the space (the server's to schedule)
        search_postgres.unindex(entry_id)
        return
    if EntryIndex.delete().where(EntryIndex.rowid == entry_id).execute():
        _replaced["rows"] += 1


def purge_if_due() -> None:
    """Once PURGE_EVERY index rows were replaced, purge the erased words: call it after
    the save's commit, so that the merge never lengthens an autosave's transaction. Inside
    a transaction, or when the journal is busy, it waits for the next save (or the close)."""
    if _replaced["rows"] < PURGE_EVERY or database.in_transaction():
        return
    try:
        purge_erased()
    except StorageError:  # the text is saved; the merge is only put off
        return


def forget_entry(entry_id: int) -> None:
    """Take a deleted entry out of the index for good, now (deletes are rare)."""
    unindex_entry(entry_id)
    purge_erased()


def purge_erased() -> None:
    """Make words erased since the last purge leave the file: without secure-delete,
    merge the index (FTS5 `optimize`: ~40 ms on a ten-year journal), which rewrites its
    segments without them; `secure_delete` zeroes the pages it frees."""
    on_file = not database.is_closed() and not is_server()
    if _replaced["rows"] and on_file and not has_secure_delete():
        with write():
            EntryIndex.optimize()
    _replaced["rows"] = 0


def search_entries(text: str, limit: int = 200) -> tuple[list[Hit], int]:
    """The best `limit` entries matching `text` (typed as in a search box), and the total.

    Quotes, apostrophes and hyphens in `text` are safe: it goes through
    `web_query`, never straight into MATCH. A search too long or too deeply bracketed
    for FTS5 is a ValidationError.
    """
    query = _query(text)
    if query == EMPTY_QUERY:
        return [], 0
    if is_server():
        found, total = search_postgres.search(_clean(text), limit, (MARK_START, MARK_END))
        return [Hit(i, day, title, " ".join(snip.split())) for i, day, title, snip in found], total
    matching = EntryIndex.match(query)
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
    try:
        total = EntryIndex.select().where(matching).count()
        found = list(rows)
    except OperationalError:  # FTS5's own limits (its parser's stack)
        raise ValidationError("search", "this search is too complex: use fewer words") from None
    hits = [
        Hit(entry_id, day, title, " ".join(snip.split())) for entry_id, day, title, snip in found
    ]
    return hits, total


def _query(text: str) -> str:
    """`text` as an FTS5 query, within QUERY_LENGTH and QUERY_DEPTH."""
    if len(text) > QUERY_LENGTH:
        raise ValidationError("search", f"a search has at most {QUERY_LENGTH} characters")
    depth = deepest = 0
    for char in text:
        depth = max(depth + (char == "(") - (char == ")"), 0)
        deepest = max(deepest, depth)
    if deepest > QUERY_DEPTH:
        raise ValidationError("search", f"at most {QUERY_DEPTH} brackets inside each other")
    return EntryIndex.web_query(_clean(text))


def _clean(text: str) -> str:
    """Control characters and lone surrogates as spaces."""
    return "".join(" " if unicodedata.category(char) in ("Cc", "Cs") else char for char in text)
