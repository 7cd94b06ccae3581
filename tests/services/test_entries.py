"""Entries: writing, tags, days, streaks and 'on this day', on a real journal file."""

from datetime import date, datetime, timedelta

import pytest

from mentorjournal.models import Entry
from mentorjournal.services import ValidationError, entries

from ..conftest import TODAY


def test_create_sets_title_from_first_line_and_keeps_time_of_day(journal) -> None:
    now = datetime(2026, 11, 27, 8, 30)
    entry = entries.create_entry(
        TODAY - timedelta(3),
        "\n# Morning page\nslept well",
        step=2,
        tags=["Rust", "#rust", "x"],
        now=now,
    )
    assert entry.title == "Morning page"
    assert entry.written_at == datetime(2026, 11, 24, 8, 30)
    assert entry.step == 2
    assert entry.tags == ("rust", "x")
    assert entries.get_entry(entry.id) == entry


def test_update_replaces_text_step_and_tags_and_bumps_revision(journal) -> None:
    entry = entries.create_entry(TODAY, "first", tags=["a"])
    updated = entries.update_entry(entry.id, "second line\nmore", step=5, tags=["b", "c"])
    assert (updated.title, updated.step, updated.tags) == ("second line", 5, ("b", "c"))
    assert updated.revision == entry.revision + 1
    assert entries.get_entry(entry.id).tags == ("b", "c")


@pytest.mark.parametrize(
    ("text", "tags"),
    [("work, rust #learning", ["work", "rust", "learning"]), ("  ,, ", []), ("A a", ["a"])],
)
def test_parse_tags(text, tags) -> None:
    assert entries.parse_tags(text) == tags


def test_bad_input_is_refused_and_saved_data_untouched(journal) -> None:
    entry = entries.create_entry(TODAY, "safe", tags=["ok"])
    with pytest.raises(ValidationError, match="at most 40"):
        entries.update_entry(entry.id, "changed", step=None, tags=["x" * 41])
    with pytest.raises(ValidationError, match="1 to 5"):
        entries.update_entry(entry.id, "changed", step=9, tags=[])
    with pytest.raises(ValidationError, match="NUL"):
        entries.update_entry(entry.id, "bad\x00text", step=None, tags=[])
    with pytest.raises(ValidationError, match="at most 20 tags"):
        entries.create_entry(TODAY, "many tags", tags=[f"t{n}" for n in range(21)])
    assert entries.get_entry(entry.id) == entry
    assert entries.entry_count() == 1


def test_parse_day() -> None:
    assert entries.parse_day("2026-02-28") == date(2026, 2, 28)
    for bad in ("2026-02-30", "yesterday", "28/02/2026", ""):
        with pytest.raises(ValidationError, match="YYYY-MM-DD"):
            entries.parse_day(bad)


def test_entries_on_a_day_in_time_order(journal) -> None:
    late = entries.create_entry(TODAY, "late", now=datetime(2026, 11, 27, 22))
    early = entries.create_entry(TODAY, "early", now=datetime(2026, 11, 27, 7))
    entries.create_entry(TODAY - timedelta(1), "other day")
    assert [e.id for e in entries.entries_on(TODAY)] == [early.id, late.id]


def test_days_with_entries_pages_newest_first(journal) -> None:
    for back in range(5):
        entries.create_entry(TODAY - timedelta(back), "x")
    entries.create_entry(TODAY, "second today")
    first = entries.days_with_entries(limit=2)
    assert first == [(TODAY, 2), (TODAY - timedelta(1), 1)]
    rest = entries.days_with_entries(before=first[-1][0], limit=10)
    assert [day for day, _ in rest] == [TODAY - timedelta(n) for n in (2, 3, 4)]


def test_streak_counts_back_from_today_or_yesterday(journal) -> None:
    assert entries.streak(TODAY) == 0
    for back in (1, 2, 3, 5):
        entries.create_entry(TODAY - timedelta(back), "x")
    assert entries.streak(TODAY) == 3  # today still blank: counted to yesterday
    entries.create_entry(TODAY, "today")
    assert entries.streak(TODAY) == 4


def test_on_this_day_finds_earlier_years_and_survives_29_february(journal) -> None:
    entries.create_entry(date(2025, 11, 27), "a year ago")
    entries.create_entry(date(2020, 11, 27), "six years ago")
    entries.create_entry(date(2025, 11, 26), "not this date")
    assert [e.title for e in entries.on_this_day(TODAY)] == ["a year ago", "six years ago"]
    entries.create_entry(date(2024, 2, 29), "leap day")
    assert [e.title for e in entries.on_this_day(date(2028, 2, 29))] == ["leap day"]


def test_delete_removes_entry_and_tags(journal) -> None:
    entry = entries.create_entry(TODAY, "gone soon", tags=["t"])
    entries.delete_entry(entry.id)
    assert entries.get_entry(entry.id) is None
    assert Entry.select().count() == 0
