"""Full-text search: user text is safe, results are ranked, the index follows every write."""

import sqlite3

import pytest
from peewee import OperationalError

from mentorjournal.services import entries, search
from mentorjournal.services.search import MARK_END, MARK_START, search_entries

from ..conftest import TODAY


@pytest.fixture
def written(journal):
    return {
        "obrien": entries.create_entry(TODAY, "Coffee with Pat O'Brien about the platform team"),
        "covid": entries.create_entry(TODAY, "Notes on covid-19 remote onboarding"),
        "rust": entries.create_entry(TODAY, "Rust course\nRust ownership, rust borrowing"),
        "tagged": entries.create_entry(TODAY, "A quiet day", tags=["mentoring"]),
        "accent": entries.create_entry(TODAY, "Lunch at the café"),
    }


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("o'brien", "obrien"),
        ("O'BRIEN", "obrien"),
        ("covid-19", "covid"),
        ('"remote onboarding', "covid"),  # an unclosed quote is a phrase
        ("mentoring", "tagged"),
        ("cafe", "accent"),
    ],
)
def test_user_text_just_works(written, query, key) -> None:
    hits, total = search_entries(query)
    assert total == 1
    assert hits[0].entry_id == written[key].id


@pytest.mark.parametrize("query", ["", "   ", "(", "*", "AND", "-", '"'])
def test_queries_with_nothing_to_search_find_nothing(written, query) -> None:
    assert search_entries(query) == ([], 0)


def test_snippet_marks_the_match_and_results_carry_the_day(written) -> None:
    hits, _ = search_entries("ownership")
    assert hits[0].day == TODAY
    assert hits[0].title == "Rust course"
    assert f"{MARK_START}ownership{MARK_END}" in hits[0].snippet


def test_total_counts_beyond_the_limit(journal) -> None:
    for number in range(30):
        entries.create_entry(TODAY, f"standup number {number}")
    hits, total = search_entries("standup", limit=10)
    assert (len(hits), total) == (10, 30)


def test_index_follows_updates_and_deletes(written) -> None:
    rust = written["rust"]
    entries.update_entry(rust.id, "Go course instead", step=None, tags=[])
    assert search_entries("ownership") == ([], 0)
    assert search_entries("go")[1] == 1
    entries.delete_entry(rust.id)
    assert search_entries("go") == ([], 0)


@pytest.mark.sqlite_only  # FTS5's merge
def test_the_merge_of_erased_words_runs_after_the_save_has_committed(journal, monkeypatch) -> None:
    """Every PURGE_EVERY replaced rows the index is merged (where FTS5 lacks secure-delete):
    in a transaction of its own once the save is on disk, never inside the save; a journal
    busy at that moment puts the merge off, never the save."""
    monkeypatch.setattr(search, "PURGE_EVERY", 3)
    monkeypatch.setitem(search._replaced, "rows", 0)
    monkeypatch.setattr(search, "has_secure_delete", lambda: False)
    page = entries.create_entry(TODAY, "Today")
    merges, optimize = [], search.EntryIndex.optimize

    def seen_from_another_window() -> None:
        other = sqlite3.connect(journal)
        merges.append(other.execute("SELECT body FROM entry WHERE id = ?", (page.id,)).fetchone())
        other.close()
        if len(merges) == 1:
            raise OperationalError("database is locked")  # another window, just then
        optimize()

    monkeypatch.setattr(search.EntryIndex, "optimize", seen_from_another_window)
    for text in ("Today I", "Today I met", "Today I met Sam", "Today I met Sam and Ana"):
        page = entries.update_entry(page.id, text, step=None, tags=[], revision=page.revision)
    # the third save made it due, the fourth ran it: each time the text was committed first
    assert merges == [("Today I met Sam",), ("Today I met Sam and Ana",)]
    assert search._replaced["rows"] == 0
    assert entries.get_entry(page.id).body == "Today I met Sam and Ana"
