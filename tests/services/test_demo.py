"""The demo journal: rich, deterministic for a date, and it shows every part of the screen."""

from datetime import timedelta

from mentorjournal import demo
from mentorjournal.services import checklist, entries, steps
from mentorjournal.services.checklist import Progress
from mentorjournal.services.weeks import week_start

from ..conftest import TODAY


def all_entries() -> list[tuple]:
    days = entries.days_with_entries(limit=1000)
    return [(e.day, e.body) for day, _ in days for e in entries.entries_on(day)]


def test_demo_is_rich_and_believable(tmp_path) -> None:
    count = demo.create(tmp_path / "demo.db", TODAY)
    assert count > 150
    assert entries.streak(TODAY) > demo.STREAK
    assert entries.on_this_day(TODAY)
    days = entries.days_with_entries(limit=1000)
    assert (TODAY - days[-1][0]).days >= 2 * 365
    steps_written = {e.step for day, _ in days[:60] for e in entries.entries_on(day)}
    assert steps_written >= {1, 2, 3, 4, 5}
    week = week_start(TODAY)
    weeks = [
        sum(checklist.progress_in_week(week - timedelta(7 * back), week).values(), Progress())
        for back in range(1, 11)
    ]
    assert 0.5 < sum(w.week_ratio for w in weeks) / len(weeks) < 0.95  # mostly done, not all
    assert len(steps.note_history(1, "purpose")) == 2


def test_demo_is_the_same_for_the_same_date(tmp_path) -> None:
    demo.create(tmp_path / "one.db", TODAY)
    first = all_entries()
    demo.create(tmp_path / "two.db", TODAY)
    assert all_entries() == first
