"""Full-text search: user text is safe, results are ranked, the index follows every write."""

import pytest

from mentorjournal.services import entries
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
