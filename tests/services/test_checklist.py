"""Checklist actions: per-week ticks, progress, streaks, order and archive."""

from datetime import date, datetime, timedelta

import pytest

from mentorjournal.models import Action
from mentorjournal.services import ValidationError, checklist
from mentorjournal.services.checklist import STARTER_ACTIONS, Progress
from mentorjournal.services.weeks import week_start

from ..conftest import TODAY

WEEK = week_start(TODAY)  # Monday 23 November 2026
NOW = datetime(2026, 11, 27, 9)


def clear_starters() -> None:
    Action.delete().execute()


def texts(week: date, step: int) -> list[str]:
    return [a.text for a in checklist.actions_in_week(week)[step]]


def done(week: date, action_id: int) -> bool:
    return next(
        a.done
        for step in checklist.actions_in_week(week).values()
        for a in step
        if a.id == action_id
    )


def test_week_start_honours_the_configured_first_day() -> None:
    assert week_start(TODAY) == date(2026, 11, 23)  # Monday
    assert week_start(TODAY, first_weekday=6) == date(2026, 11, 22)  # Sunday
    assert week_start(date(2026, 11, 22), first_weekday=6) == date(2026, 11, 22)
    assert week_start(date(2026, 11, 21), first_weekday=6) == date(2026, 11, 15)


def test_a_fresh_journal_has_at_least_three_starter_actions_per_step(journal) -> None:
    by_step = checklist.actions_in_week(WEEK)
    for step in range(1, 6):
        assert len(by_step[step]) >= 3
        assert [a.text for a in by_step[step]] == [text for text, _ in STARTER_ACTIONS[step]]
    cadences = {a.cadence for actions in by_step.values() for a in actions}
    assert cadences == {"once", "weekly"}


def test_weekly_ticks_are_per_week(journal) -> None:
    action = checklist.add_action(2, "Course block", "weekly", today=TODAY)
    assert checklist.toggle_action(action, WEEK, NOW) is True
    next_week, last_week = WEEK + timedelta(7), WEEK - timedelta(7)
    assert done(WEEK, action)
    assert not done(next_week, action)  # open again next week
    checklist.toggle_action(action, next_week, NOW + timedelta(7))
    assert checklist.toggle_action(action, next_week, NOW) is False  # untick next week
    assert done(WEEK, action)  # this week's record untouched
    assert action not in [a.id for a in checklist.actions_in_week(last_week)[2]]


def test_a_once_action_stays_done_with_its_date(journal) -> None:
    action = checklist.add_action(1, "Write my purpose", "once", today=TODAY - timedelta(30))
    checklist.toggle_action(action, WEEK, NOW)
    later = checklist.actions_in_week(WEEK + timedelta(21))[1]
    ticked = next(a for a in later if a.id == action)
    assert ticked.done and ticked.done_on == NOW.date()
    assert not done(WEEK - timedelta(7), action)  # history: not yet done the week before
    assert checklist.toggle_action(action, WEEK + timedelta(21), NOW) is False
    assert not done(WEEK, action)


def test_progress_per_step_including_a_step_with_no_actions(journal) -> None:
    clear_starters()
    weekly = [checklist.add_action(2, f"weekly {n}", "weekly", today=TODAY) for n in range(3)]
    once = [checklist.add_action(2, f"once {n}", "once", today=TODAY) for n in range(2)]
    checklist.toggle_action(weekly[0], WEEK, NOW)
    checklist.toggle_action(once[1], WEEK, NOW)
    progress = checklist.progress_in_week(WEEK, WEEK)
    assert progress[2] == Progress(weekly_done=1, weekly_due=3, once_done=1, once_total=2)
    assert progress[2].week_ratio == pytest.approx(1 / 3)
    assert progress[2].all_time_ratio == 0.5
    assert progress[4] == Progress()
    assert progress[4].week_ratio == 0.0 and progress[4].all_time_ratio == 0.0
    overall = sum(progress.values(), Progress())
    assert (overall.weekly_done, overall.weekly_due) == (1, 3)


def test_streak_counts_full_weeks(journal) -> None:
    clear_starters()
    start = WEEK - timedelta(28)
    first = checklist.add_action(5, "agenda", "weekly", today=start)
    second = checklist.add_action(5, "act on advice", "weekly", today=start)
    for back in (1, 2, 3):  # the last three weeks complete; four weeks ago only half
        for action in (first, second):
            checklist.toggle_action(action, WEEK - timedelta(7 * back), NOW)
    checklist.toggle_action(first, WEEK - timedelta(28), NOW)
    assert checklist.progress_in_week(WEEK, WEEK)[5].streak == 3  # this week not done yet
    checklist.toggle_action(first, WEEK, NOW)
    checklist.toggle_action(second, WEEK, NOW)
    assert checklist.progress_in_week(WEEK, WEEK)[5].streak == 4


def test_move_within_a_step(journal) -> None:
    clear_starters()
    ids = [checklist.add_action(3, name, today=TODAY) for name in "abc"]
    assert checklist.move_action(ids[2], -1, WEEK)
    assert texts(WEEK, 3) == ["a", "c", "b"]
    assert not checklist.move_action(ids[0], -1, WEEK)  # already first
    assert checklist.move_action(ids[0], 1, WEEK)
    assert texts(WEEK, 3) == ["c", "a", "b"]


def test_archive_hides_from_now_and_keeps_history(journal) -> None:
    clear_starters()
    action = checklist.add_action(3, "Old meetup", "weekly", today=TODAY - timedelta(14))
    checklist.toggle_action(action, WEEK - timedelta(7), NOW)
    checklist.archive_action(action, TODAY)
    assert texts(WEEK, 3) == []
    assert texts(WEEK - timedelta(7), 3) == ["Old meetup"]
    assert checklist.progress_in_week(WEEK - timedelta(7), WEEK)[3].weekly_done == 1


def test_delete_and_restore_bring_back_the_ticks(journal) -> None:
    action = checklist.add_action(4, "Give a review", "weekly", today=TODAY)
    checklist.toggle_action(action, WEEK, NOW)
    deleted = checklist.delete_action(action)
    assert "Give a review" not in texts(WEEK, 4)
    checklist.restore_action(deleted)
    assert done(WEEK, action)


@pytest.mark.parametrize(
    ("step", "text", "cadence", "field"),
    [
        (1, "   ", "once", "text"),
        (1, "x" * 501, "once", "text"),
        (1, "fine", "monthly", "cadence"),
        (9, "fine", "once", "step"),
    ],
)
def test_bad_actions_are_refused_and_nothing_saved(journal, step, text, cadence, field) -> None:
    before = Action.select().count()
    with pytest.raises(ValidationError) as refused:
        checklist.add_action(step, text, cadence, today=TODAY)
    assert refused.value.field == field
    assert Action.select().count() == before


def test_update_validates_too(journal) -> None:
    action = checklist.add_action(1, "original", today=TODAY)
    with pytest.raises(ValidationError):
        checklist.update_action(action, "", "once")
    checklist.update_action(action, "  edited  ", "weekly")
    edited = next(a for a in checklist.actions_in_week(WEEK)[1] if a.id == action)
    assert (edited.text, edited.cadence) == ("edited", "weekly")


def test_report_back_action_for_the_ledger(journal) -> None:
    action = checklist.add_report_back("Ana", "writing the decision first", today=TODAY)
    assert texts(WEEK, 5)[-1] == "Act on writing the decision first and report back to Ana"
    assert action
