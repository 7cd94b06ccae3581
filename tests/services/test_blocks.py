"""Time blocks: week boundaries, recurrence, per-occurrence changes, hours, bad input."""

from datetime import date, datetime, timedelta

import pytest

from mentorjournal.models import TimeBlock
from mentorjournal.services import ValidationError, blocks
from mentorjournal.services.blocks import Draft

MONDAY = date(2026, 11, 23)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def make(title="Course", day=MONDAY, hour=9, hours=1.0, tz="Europe/Berlin", **more) -> int:
    start = at(day, hour)
    draft = Draft(title, more.pop("kind", "course"), start, start + timedelta(hours=hours), **more)
    return blocks.create_block(draft, tz)


def titles(first_day: date) -> list[str]:
    return [block.title for block in blocks.week_blocks(first_day)]


def test_week_boundaries_and_a_block_across_midnight(journal) -> None:
    make("Sunday late", day=MONDAY - timedelta(1), hour=23, hours=2)  # ends Monday 01:00
    make("Monday first", day=MONDAY, hour=0, hours=0.5)
    make("Sunday last", day=MONDAY + timedelta(6), hour=23, hours=0.5)
    make("Next Monday", day=MONDAY + timedelta(7), hour=0, hours=0.5)
    assert titles(MONDAY) == ["Sunday late", "Monday first", "Sunday last"]
    assert titles(MONDAY - timedelta(7)) == ["Sunday late"]
    assert titles(MONDAY - timedelta(1)) == ["Sunday late", "Monday first"]  # a Sunday week


def test_weekly_series_is_computed_per_week_and_stops_at_its_end(journal) -> None:
    series = make("Rust course", repeat="weekly", repeat_until=MONDAY + timedelta(14))
    assert titles(MONDAY - timedelta(7)) == []
    for weeks in (0, 1, 2):
        [shown] = blocks.week_blocks(MONDAY + timedelta(7 * weeks))
        assert shown.start == at(MONDAY + timedelta(7 * weeks), 9)
        assert shown.original_start == shown.start and shown.id == series
    assert titles(MONDAY + timedelta(21)) == []
    assert TimeBlock.select().count() == 1  # nothing stored ahead


def test_one_occurrence_changes_alone(journal) -> None:
    make("Reading", kind="reading", repeat="weekly")
    [this_week] = blocks.week_blocks(MONDAY)
    blocks.set_status(this_week, "done")
    moved = blocks.shift(blocks.week_blocks(MONDAY + timedelta(7))[0], timedelta(days=1))
    assert moved.start == at(MONDAY + timedelta(8), 9)
    assert blocks.week_blocks(MONDAY)[0].status == "done"
    next_week = blocks.week_blocks(MONDAY + timedelta(7))[0]
    assert (next_week.start, next_week.status) == (at(MONDAY + timedelta(8), 9), "planned")
    assert blocks.week_blocks(MONDAY + timedelta(14))[0].start == at(MONDAY + timedelta(14), 9)


def test_an_occurrence_moved_into_the_next_week_shows_there(journal) -> None:
    make("Podcast", kind="podcast", day=MONDAY + timedelta(6), repeat="weekly")
    [sunday] = blocks.week_blocks(MONDAY)
    blocks.shift(sunday, timedelta(days=1))
    assert titles(MONDAY) == []
    assert [b.start for b in blocks.week_blocks(MONDAY + timedelta(7))] == [
        at(MONDAY + timedelta(7), 9),
        at(MONDAY + timedelta(13), 9),
    ]


def test_cancel_one_occurrence_and_undo(journal) -> None:
    make("Mentor call", kind="mentor meeting", repeat="weekly")
    [occurrence] = blocks.week_blocks(MONDAY)
    undo = blocks.delete(occurrence, whole_series=False)
    assert titles(MONDAY) == []
    assert titles(MONDAY + timedelta(7)) == ["Mentor call"]
    blocks.restore(undo)
    assert titles(MONDAY) == ["Mentor call"]


def test_delete_a_whole_series_and_undo_keeps_its_changes(journal) -> None:
    make("Course", repeat="weekly")
    blocks.set_status(blocks.week_blocks(MONDAY)[0], "done")
    undo = blocks.delete(blocks.week_blocks(MONDAY)[0], whole_series=True)
    assert titles(MONDAY) == [] and titles(MONDAY + timedelta(7)) == []
    blocks.restore(undo)
    assert blocks.week_blocks(MONDAY)[0].status == "done"


def test_detach_edits_one_occurrence_only(journal) -> None:
    make("Course", repeat="weekly")
    occurrence = blocks.week_blocks(MONDAY + timedelta(7))[0]
    blocks.detach(
        occurrence, Draft("Conference talk", "conference", occurrence.start, occurrence.end)
    )
    assert titles(MONDAY + timedelta(7)) == ["Conference talk"]
    assert titles(MONDAY) == ["Course"] and titles(MONDAY + timedelta(14)) == ["Course"]


def test_editing_the_series_start_keeps_occurrence_changes(journal) -> None:
    series = make("Course", repeat="weekly")
    blocks.set_status(blocks.week_blocks(MONDAY + timedelta(7))[0], "done")
    start = at(MONDAY, 10)
    blocks.update_block(
        series, Draft("Course", "course", start, start + timedelta(hours=1), repeat="weekly")
    )
    moved = blocks.week_blocks(MONDAY + timedelta(7))[0]
    assert (moved.start.hour, moved.status) == (10, "done")


def test_move_and_resize_keep_start_and_end_consistent_past_midnight(journal) -> None:
    make("Late reading", kind="reading", hour=23, hours=1)
    block = blocks.week_blocks(MONDAY)[0]
    block = blocks.shift(block, timedelta(minutes=30))
    assert (block.start, block.end) == (at(MONDAY, 23, 30), at(MONDAY + timedelta(1), 0, 30))
    block = blocks.resize(block, timedelta(minutes=30))
    assert block.end == at(MONDAY + timedelta(1), 1)
    with pytest.raises(ValidationError, match="after the start"):
        blocks.resize(block, timedelta(hours=-2))
    assert blocks.week_blocks(MONDAY)[0].end == at(MONDAY + timedelta(1), 1)


def test_hours_per_kind_and_status(journal) -> None:
    make("Course", hours=2)
    make("Reading", kind="reading", hour=12, hours=1.5)
    make("Skipped", kind="podcast", hour=15, hours=1)
    shown = blocks.week_blocks(MONDAY)
    blocks.set_status(shown[0], "done")
    blocks.set_status(shown[2], "skipped")
    summary = blocks.hours(blocks.week_blocks(MONDAY))
    assert (summary.planned, summary.done) == (3.5, 2.0)
    assert summary.per_kind == {"course": 2.0, "reading": 1.5}


def test_hours_and_week_of_a_change_to_summer_time(journal) -> None:
    spring = date(2026, 3, 29)  # clocks go forward at 02:00 in Berlin
    make("Night course", day=spring, hour=1, hours=3)  # 01:00 to 04:00 on the clock: 2 real hours
    make("Weekly", day=spring - timedelta(6), hour=9, repeat="weekly")
    week = blocks.week_blocks(spring - timedelta(6))
    assert [b.title for b in week] == ["Weekly", "Night course"]
    assert blocks.hours(week).per_kind["course"] == 3.0  # 1 h weekly + 2 h on the night
    [after] = [b for b in blocks.week_blocks(spring + timedelta(1)) if b.title == "Weekly"]
    assert after.start.hour == 9  # still 09:00 on the wall after the change


def test_overlaps_are_flagged(journal) -> None:
    make("A", hour=9, hours=1)
    make("B", hour=9, hours=0.5)
    make("C", hour=10, hours=1)
    shown = blocks.week_blocks(MONDAY)
    assert blocks.overlapping(shown) == {shown[0].key, shown[1].key}


def test_duplicate_to_next_week(journal) -> None:
    make("Workshop", kind="workshop", person="Ana Ribeiro")
    copy = blocks.duplicate_next_week(blocks.week_blocks(MONDAY)[0])
    [shown] = blocks.week_blocks(MONDAY + timedelta(7))
    assert (shown.id, shown.title, shown.person) == (copy, "Workshop", "Ana Ribeiro")


@pytest.mark.parametrize(
    ("text", "field"),
    [("2026-02-30", "date"), ("yesterday", "date")],
)
def test_bad_dates(text, field) -> None:
    with pytest.raises(ValidationError) as refused:
        blocks.parse_date(text)
    assert refused.value.field == field


@pytest.mark.parametrize("text", ["25:00", "12:60", "noon", "", "-1"])
def test_bad_times(text) -> None:
    with pytest.raises(ValidationError, match="not a time"):
        blocks.parse_time(text)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("10:30", at(MONDAY, 10, 30)),
        ("90m", at(MONDAY, 10, 30)),
        ("1h30", at(MONDAY, 10, 30)),
        ("1.5h", at(MONDAY, 10, 30)),
        ("+45", at(MONDAY, 9, 45)),
        ("2h", at(MONDAY, 11)),
    ],
)
def test_end_as_time_or_length(text, end) -> None:
    assert blocks.parse_end(text, at(MONDAY, 9)) == end


@pytest.mark.parametrize("text", ["09:00", "08:00", "soon", "", "h"])
def test_bad_ends(text) -> None:
    with pytest.raises(ValidationError) as refused:
        blocks.parse_end(text, at(MONDAY, 9))
    assert refused.value.field == "end"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "nap"}, "kind"),
        ({"end": at(MONDAY, 9)}, "end"),
        ({"end": at(MONDAY + timedelta(2), 9)}, "end"),
        ({"repeat": "weekly", "repeat_until": MONDAY - timedelta(1)}, "until"),
        ({"person": "x" * 121}, "person"),
    ],
)
def test_bad_blocks_are_refused_and_nothing_saved(journal, changes, field) -> None:
    draft = Draft("Course", "course", at(MONDAY, 9), at(MONDAY, 10))
    with pytest.raises(ValidationError) as refused:
        blocks.create_block(Draft(**(draft.__dict__ | changes)), "UTC")
    assert refused.value.field == field
    assert TimeBlock.select().count() == 0


def test_undoing_a_block_delete_keeps_its_carry_over_mark(journal) -> None:
    from mentorjournal.services import review

    make("Course")
    assert review.carry_over([], blocks.week_blocks(MONDAY), MONDAY) == 1
    original = next(b for b in blocks.week_blocks(MONDAY))
    blocks.restore(blocks.delete(original))
    restored = [b for b in blocks.week_blocks(MONDAY) if b.id == original.id]
    assert review.carry_over([], restored, MONDAY) == 0  # still marked as carried
