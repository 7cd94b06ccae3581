"""Full-text search on a PostgreSQL server: the twin of the FTS5 index in `search`.

`entry_index` holds each entry's title, body and tags beside a generated `tsvector`
column with a GIN index; accents are ignored (the `unaccent` dictionary), words are
not stemmed, as in FTS5's `unicode61 remove_diacritics 2`. User text only ever reaches
`websearch_to_tsquery` as a bound parameter.
"""

from datetime import date

from mentorjournal.models import database

TABLE = "entry_index"
CONFIG = "mentorjournal"
SETUP = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
    "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    f"""CREATE TABLE {TABLE} (
        rowid bigint PRIMARY KEY REFERENCES entry (id) ON DELETE CASCADE,
        title text NOT NULL,
        body text NOT NULL,
        tags text NOT NULL,
        document tsvector GENERATED ALWAYS AS (
            to_tsvector('{CONFIG}', title || ' ' || body || ' ' || tags)
        ) STORED
    )""",
    f"CREATE INDEX {TABLE}_document ON {TABLE} USING GIN (document)",
)
SEARCH = f"""
    SELECT i.rowid, e.day, e.title,
           ts_headline('{CONFIG}', i.body, q, %s), count(*) OVER ()
    FROM {TABLE} AS i JOIN entry AS e ON e.id = i.rowid,
         websearch_to_tsquery('{CONFIG}', %s) AS q
    WHERE i.document @@ q
    ORDER BY ts_rank(i.document, q) DESC, i.rowid
    LIMIT %s
"""


def create_index() -> None:
    for statement in SETUP:
        database.execute_sql(statement)


def index_many(rows: list[tuple[int, str, str, str]]) -> None:
    """(entry id, title, body, tags as one text) each."""
    cursor = database.cursor()
    cursor.executemany(
        f"INSERT INTO {TABLE} (rowid, title, body, tags) VALUES (%s, %s, %s, %s)", rows
    )


def unindex(entry_id: int) -> int:
    return database.execute_sql(f"DELETE FROM {TABLE} WHERE rowid = %s", (entry_id,)).rowcount


def search(
    text: str, limit: int, marks: tuple[str, str]
) -> tuple[list[tuple[int, date, str, str]], int]:
    """The best `limit` (id, day, title, snippet) matching `text`, and the total."""
    start, end = marks
    options = f'StartSel="{start}", StopSel="{end}", MaxWords=24, MinWords=12, MaxFragments=1'
    rows = database.execute_sql(SEARCH, (options, text, limit)).fetchall()
    total = rows[0][4] if rows else 0  # the window counts every match, before LIMIT
    return [row[:4] for row in rows], total
