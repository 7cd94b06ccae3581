"""Ticks belong to ISO weeks; carry-over, notes and follow-ups are done once."""

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

from mentorjournal import db
from mentorjournal.models import database
from mentorjournal.services import blocks, checklist, review
from mentorjournal.services.blocks import Draft
from mentorjournal.services.journal import open_journal
from mentorjournal.services.weeks import tick_week, week_start

from ..conftest import TODAY

WEEK = week_start(TODAY)
SUNDAY = date(2026, 11, 22)


def weekly_action(step: int = 1) -> int:
    return next(a.id for a in checklist.actions_in_week(WEEK)[step] if a.cadence == "weekly")


def done_in(week: date, action_id: int) -> bool:
    return next(
        a for acts in checklist.actions_in_week(week).values() for a in acts if a.id == action_id
    ).done


def test_a_week_ticks_in_the_iso_week_holding_most_of_its_days() -> None:
    assert tick_week(date(2026, 11, 23)) == date(2026, 11, 23)  # Monday: itself
    assert tick_week(SUNDAY) == date(2026, 11, 23)  # Sunday to Saturday: the next Monday
    assert tick_week(date(2026, 11, 21)) == date(2026, 11, 23)  # from Saturday
    assert tick_week(date(2026, 11, 24)) == date(2026, 11, 23)  # from Tuesday


def test_ticks_show_whatever_day_the_week_starts_on(journal) -> None:
    action = weekly_action()
    checklist.toggle_action(action, SUNDAY, datetime(2026, 11, 25, 9))  # a Sunday week
    assert done_in(WEEK, action)  # the Monday week
    assert done_in(week_start(TODAY, 5), action)  # a Saturday week
    assert not done_in(WEEK + timedelta(7), action)
    checklist.toggle_action(action, WEEK, datetime(2026, 11, 25, 9))
    assert not done_in(SUNDAY, action)


def _as_schema_1(path: Path, ticks: list[tuple[int, str]]) -> None:
    """Turn a fresh journal into what version 2 wrote: ticks by the configured first day."""
    db.close_journal()
    old = sqlite3.connect(path)
    old.executescript("DROP TABLE carriedover; DROP TABLE blocknote; PRAGMA user_version = 2;")
    old.executemany(
        "INSERT INTO actioncompletion (action_id, week, done_at, uid)"
        " VALUES (?, ?, '2026-11-25', lower(hex(randomblob(16))))",
        ticks,
    )
    old.commit()
    old.close()


def test_the_upgrade_moves_ticks_to_iso_weeks(journal_path: Path) -> None:
    open_journal(journal_path, today=TODAY - timedelta(30))
    action = weekly_action()
    sundays = [(action, "2026-11-22"), (action, "2026-11-15"), (action + 1, "2026-11-23")]
    _as_schema_1(journal_path, [*sundays, (action, "2026-11-23")])  # two ticks, one ISO week

    open_journal(journal_path)

    assert db.schema_version() == db.SCHEMA_VERSION
    rows = database.execute_sql("SELECT action_id, week FROM actioncompletion ORDER BY week")
    assert sorted(rows.fetchall()) == [
        (action, "2026-11-16"),
        (action, "2026-11-23"),
        (action + 1, "2026-11-23"),
    ]
    assert done_in(SUNDAY, action) and done_in(WEEK, action)
    assert list(journal_path.parent.glob("journal.schema-2-*.bak"))


def test_carrying_over_twice_copies_once(journal) -> None:
    start = datetime(2026, 11, 24, 9)
    blocks.create_block(Draft("Course", "course", start, start + timedelta(hours=2)))
    now = datetime(2026, 11, 27, 18)
    first = review.review_week(WEEK, WEEK, now)
    action = first.carry.open_actions[0].id
    [block] = first.carry.unfinished_blocks
    assert review.carry_over([action], [block], WEEK) == 2
    assert review.carry_over([action], [block], WEEK) == 0
    again = review.review_week(WEEK, WEEK, now)
    assert action not in [a.id for a in again.carry.open_actions]
    assert again.carry.unfinished_blocks == [] and again.carry.carried == 2
    next_week = checklist.actions_in_week(WEEK + timedelta(7))
    copies = [a for acts in next_week.values() for a in acts if a.text.endswith("(carried over)")]
    assert len(copies) == 1
    assert len(blocks.week_blocks(WEEK + timedelta(7))) == 1


def test_notes_on_a_block_are_written_once(journal) -> None:
    start = datetime(2026, 11, 24, 12)
    block_id = blocks.create_block(
        Draft("Chat", "mentor meeting", start, start + timedelta(hours=1))
    )
    [shown] = [b for b in blocks.week_blocks(WEEK) if b.id == block_id]
    now = datetime(2026, 11, 27, 9)
    entry_id, new = blocks.write_up(shown, now)
    assert new
    assert blocks.write_up(shown, now) == (entry_id, False)


def test_notes_written_before_the_link_are_found(journal) -> None:
    from mentorjournal.services import entries

    start = datetime(2026, 11, 24, 12)
    block_id = blocks.create_block(
        Draft("Chat", "mentor meeting", start, start + timedelta(hours=1))
    )
    earlier = entries.create_entry(start.date(), "# Notes: Chat\n\nWhat I learned: a lot\n")
    [shown] = [b for b in blocks.week_blocks(WEEK) if b.id == block_id]
    assert blocks.write_up(shown, datetime(2026, 11, 27, 9)) == (earlier.id, False)


def test_only_group_meetings_marked_done_are_attended(journal) -> None:
    for day, status in ((24, "done"), (25, "planned"), (26, "skipped")):
        start = datetime(2026, 11, day, 18)
        end = start + timedelta(hours=1)
        blocks.create_block(Draft(f"Meetup {day}", "group meeting", start, end, status=status))
    data = review.review_week(WEEK, WEEK, datetime(2026, 11, 27, 20))
    assert [g.name for g in data.groups_attended] == ["Meetup 24"]


def test_the_review_reads_the_weeks_actions_and_sums_its_hours_once(journal, monkeypatch) -> None:
    action = weekly_action()
    checklist.toggle_action(action, WEEK, datetime(2026, 11, 24, 9))
    start = datetime(2026, 11, 24, 18)
    blocks.create_block(Draft("Course", "course", start, start + timedelta(hours=2), status="done"))
    read, summed = [], []
    actions_in_week, hours = checklist.actions_in_week, blocks.hours
    monkeypatch.setattr(
        checklist, "actions_in_week", lambda w: read.append(w) or actions_in_week(w)
    )
    monkeypatch.setattr(blocks, "hours", lambda shown: summed.append(1) or hours(shown))
    data = review.review_week(WEEK, WEEK, datetime(2026, 11, 27, 20))
    assert sorted(read) == [WEEK - timedelta(7), WEEK] and len(summed) == 1
    assert data.hours.done == 2.0 and [(k.kind, k.done) for k in data.kinds] == [("course", 2.0)]
    assert data.steps[0].change == 1 and action not in [a.id for a in data.carry.open_actions]
