"""A journal on a PostgreSQL server: what only PostgreSQL has stays in this module.

`mentorjournal.db` calls it for a `postgresql://` URL. psycopg (3) is imported only
then: `mentorjournal/__init__.py` keeps peewee from importing it for a SQLite journal.
The password never appears in a message: libpq finds it (`~/.pgpass`, `PGPASSWORD`, a
service file) and `masked()` hides one written into the URL.
"""

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from types import ModuleType
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from peewee import DatabaseError, OperationalError, PostgresqlDatabase, Psycopg3Adapter

from mentorjournal.models import database

SCHEMES = ("postgresql://", "postgres://")
VERSION_TABLE = "mentorjournal_schema"
CHANNEL = "mentorjournal_changes"
WRITE_LOCK_KEY = 7_206_553  # the advisory lock every write takes: one writer at a time
CONNECT_TIMEOUT = 10  # seconds, unless the URL or PGCONNECT_TIMEOUT says otherwise
# Names compared without case (NOCASE in SQLite) and the plain order LIKE searches use.
COLLATIONS = (
    "CREATE COLLATION IF NOT EXISTS nocase "
    "(provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
    'CREATE COLLATION IF NOT EXISTS "BINARY" FROM "C"',
)


def is_url(location: object) -> bool:
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


def masked(url: str) -> str:
    """`url` with its password (if one is written in it) replaced by `***`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


def scrubbed(url: str, message: str) -> str:
    """`message` (the server's or libpq's words) in one line, without the password that
    `url` may hold, even a part of it quoted back."""
    password = urlsplit(url).password
    words = " ".join(message.split())
    if password:
        words = words.replace(password, "***").replace(unquote(password), "***")
    return words


def connect(url: str, **params: Any) -> Any:
    """A psycopg connection that gives up after CONNECT_TIMEOUT on a server that does
    not answer (libpq would wait for ever), unless the user chose a timeout."""
    if "connect_timeout" not in url and "PGCONNECT_TIMEOUT" not in os.environ:
        params.setdefault("connect_timeout", CONNECT_TIMEOUT)
    return driver().connect(url, **params)


@cache
def driver() -> ModuleType:
    """psycopg, imported on first use (see the module's docstring)."""
    if sys.modules.get("psycopg", False) is None:
        del sys.modules["psycopg"]
    try:
        import psycopg
    except ImportError:
        raise OperationalError(
            "journals on a PostgreSQL server need psycopg: pip install 'psycopg[binary]'"
        ) from None
    return psycopg


class _Adapter(Psycopg3Adapter):
    """peewee's psycopg 3 adapter, with psycopg imported when a connection is made."""

    def __init__(self) -> None:
        super().__init__()
        status = driver().pq.TransactionStatus
        self.txn_idle, self.txn_inerror = status.IDLE, status.INERROR
        self.txn_unknown = status.UNKNOWN

    def check_driver(self) -> None:
        driver()

    def get_binary_type(self) -> Any:
        return driver().Binary

    def connect(self, db: "ServerDatabase", **params: Any) -> Any:
        return connect(db.database, **params)

    def server_side_cursor(self, conn: Any) -> Any:
        return conn.cursor(name=f"mj{id(conn)}", withhold=True)


class ServerDatabase(PostgresqlDatabase):
    """SQLite's storage classes on PostgreSQL: 64-bit integers, double floats."""

    field_types = {
        **PostgresqlDatabase.field_types,
        "AUTO": "BIGSERIAL",
        "INT": "BIGINT",
        "FLOAT": "DOUBLE PRECISION",
    }
    psycopg2_adapter = psycopg3_adapter = _Adapter


def engine(url: str) -> ServerDatabase:
    return ServerDatabase(url)


def is_server() -> bool:
    return isinstance(database.obj, ServerDatabase)


def prepare_schema() -> None:
    """What the tables need before they are made: the collations, the version table."""
    for statement in COLLATIONS:
        database.execute_sql(statement)
    database.execute_sql(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version integer NOT NULL)")


def unlimited_text() -> None:
    """Every VARCHAR(n) becomes text: SQLite never cut a title at 255 characters."""
    columns = database.execute_sql(
        "SELECT table_name, column_name, collation_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying'"
    ).fetchall()
    for table, column, collation in columns:
        kept = f' COLLATE "{collation}"' if collation else ""
        database.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE text{kept}')


def schema_version() -> int:
    """0 for an empty database; the journal's schema otherwise."""
    exists = database.execute_sql("SELECT to_regclass(%s)", (VERSION_TABLE,)).fetchone()[0]
    if exists is None:
        return 0
    row = database.execute_sql(f"SELECT version FROM {VERSION_TABLE}").fetchone()
    return row[0] if row else 0


def set_schema_version(version: int) -> None:
    database.execute_sql(f"DELETE FROM {VERSION_TABLE}")
    database.execute_sql(f"INSERT INTO {VERSION_TABLE} (version) VALUES (%s)", (version,))


def tables() -> set[str]:
    return set(database.get_tables())


def begin_write() -> None:
    """Inside a write transaction, first: wait for the other writers (as SQLite's
    `BEGIN IMMEDIATE` does), and tell the listeners once it commits."""
    database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
    database.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, _token()))


def begin_snapshot() -> None:
    """First in a transaction: its reads see one moment of the journal, and it writes
    nothing."""
    database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _token() -> str:
    """Who writes: this process and thread (each thread has its own connection)."""
    return f"{os.getpid()}:{threading.get_ident()}"


@contextmanager
def lock_timeout(milliseconds: int) -> Iterator[None]:
    """Inside, a write waits at most `milliseconds` for another's lock. Setting it never
    fails on a lost connection: the write inside says what is wrong."""
    _quietly(f"SET lock_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        _quietly("SET lock_timeout = 0")


def _quietly(statement: str) -> None:
    try:
        database.execute_sql(statement)
    except DatabaseError:
        return


class Listener:
    """A connection of its own that LISTENs: counts other connections' commits."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.heard = 0
        self._connection: Any = None

    def version(self) -> int:
        """The count of commits heard from other connections; raises OperationalError
        when the server cannot be reached."""
        psycopg = driver()
        try:
            if self._connection is None or self._connection.closed:
                self._connection = connect(self.url, autocommit=True)
                self._connection.execute(f"LISTEN {CHANNEL}")
            own = _token()
            for notice in self._connection.notifies(timeout=0):
                self.heard += notice.payload != own
        except psycopg.Error as error:
            self.close()
            raise OperationalError(str(error)) from error
        return self.heard

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def consistency_problems() -> list[str]:
    """What PostgreSQL's own checks cannot see: index rows without their entry, entries
    without their index row, references to rows that are gone."""
    checks = {
        "entries missing from the search index": (
            "SELECT count(*) FROM entry e LEFT JOIN entry_index i ON i.rowid = e.id "
            "WHERE i.rowid IS NULL"
        ),
        "duplicate uids across entries": ("SELECT count(*) - count(DISTINCT uid) FROM entry"),
    }
    problems = []
    for what, query in checks.items():
        count = database.execute_sql(query).fetchone()[0]
        if count:
            problems.append(f"{what}: {count}")
    return problems


def fix_sequences(tables_: list[str]) -> None:
    """After rows were inserted with their ids given: each id sequence continues past them."""
    for table in tables_:
        database.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'coalesce(max(id), 0) + 1, false) FROM "{table}"'
        )
