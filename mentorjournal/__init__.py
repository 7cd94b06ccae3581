"""mentorjournal: a keyboard-driven terminal journal for deliberate career growth."""

import sys

__version__ = "0.1.0"

# peewee imports psycopg, when it is installed, as peewee itself is imported: a third of a
# second that a SQLite journal never needs. `db_postgres.driver()` imports it for a server.
if "peewee" not in sys.modules:
    sys.modules.setdefault("psycopg", None)  # type: ignore[arg-type]
