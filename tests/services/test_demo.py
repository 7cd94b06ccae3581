"""The demo journal: rich, deterministic for a date, and it shows every part of the screen."""

from mentorjournal import demo
from mentorjournal.services import entries

from ..conftest import TODAY


def test_demo_is_rich_and_believable(journal) -> None:
    count = demo.populate(TODAY)
    assert count > 150
    assert entries.streak(TODAY) > demo.STREAK
    assert entries.on_this_day(TODAY)
    days = entries.days_with_entries(limit=1000)
    assert (TODAY - days[-1][0]).days >= 2 * 365
    steps = {entry.step for day, _ in days[:60] for entry in entries.entries_on(day)}
    assert steps >= {1, 2, 3, 4, 5}


def test_demo_is_the_same_for_the_same_date(journal, tmp_path) -> None:
    from mentorjournal import db

    demo.populate(TODAY)
    first = [
        (e.day, e.body)
        for d, _ in entries.days_with_entries(limit=1000)
        for e in entries.entries_on(d)
    ]
    db.open_journal(tmp_path / "again.db")
    demo.populate(TODAY)
    again = [
        (e.day, e.body)
        for d, _ in entries.days_with_entries(limit=1000)
        for e in entries.entries_on(d)
    ]
    assert first == again
