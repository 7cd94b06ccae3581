"""Ledger pages read from the database: balances and follow-ups a slice at a time, the
newest lines from the index on the date (schema 5 adds it to older journals)."""

import sqlite3
from datetime import timedelta

import pytest

from mentorjournal import db
from mentorjournal.models import database
from mentorjournal.services import ledger
from mentorjournal.services.journal import open_journal
from mentorjournal.services.ledger import EntryForm

from ..conftest import TODAY


def add_lines() -> None:
    for n, name in enumerate(["Ana", "Ben", "Ana", "Cai", "Ana", "Ben", "Dee"]):
        direction = "give" if n % 3 else "receive"
        due = TODAY + timedelta(days=7 - n) if n % 2 else None
        ledger.add(EntryForm(TODAY - timedelta(days=n), name, direction, follow_up=due))


def test_balances_are_read_a_slice_at_a_time(journal) -> None:
    add_lines()
    every = ledger.balances()
    assert [(b.person, b.given, b.received) for b in every] == [
        ("Ana", 2, 1),
        ("Ben", 2, 0),
        ("Cai", 0, 1),
        ("Dee", 0, 1),
    ]
    assert ledger.balances(1, 2) == every[1:3]
    assert ledger.balances(3, 10) == every[3:]


def test_follow_ups_are_read_a_slice_at_a_time(journal) -> None:
    add_lines()
    every = ledger.follow_ups_due()
    assert [row.follow_up for row in every] == sorted(row.follow_up for row in every)
    assert len(every) == 3
    assert ledger.follow_ups_due(1, 1) == every[1:2]


@pytest.mark.sqlite_only  # SQLite's query plan
def test_the_ledger_pages_from_its_date_index(journal) -> None:
    add_lines()
    plan = database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM ledgerentry ORDER BY date DESC, id DESC LIMIT 5"
    ).fetchall()
    assert "ledgerentry_date" in str(plan)
    assert [row.day for row in ledger.entries(limit=3)] == [
        TODAY - timedelta(days=n) for n in range(3)
    ]


def test_an_older_journal_gets_the_ledger_indexes(journal_path) -> None:
    open_journal(journal_path, starters=False)
    add_lines()
    db.close_journal()
    connection = sqlite3.connect(journal_path)
    connection.execute("DROP INDEX ledgerentry_date")
    connection.execute("DROP INDEX ledgerentry_person_id_direction")
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()
    open_journal(journal_path)
    assert db.schema_version() == db.SCHEMA_VERSION
    indexes = {
        row[0]
        for row in database.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    assert {"ledgerentry_date", "ledgerentry_person_id_direction"} <= indexes
    assert len(ledger.balances()) == 4
