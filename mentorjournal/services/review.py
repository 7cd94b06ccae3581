"""The weekly review: one week in numbers, and what to carry into the next."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import fn

from mentorjournal.db import write
from mentorjournal.models import Action, Entry, LedgerEntry, Person
from mentorjournal.services import ValidationError, blocks, checklist, entries
from mentorjournal.services.blocks import Hours, Shown
from mentorjournal.services.checklist import ActionData, Progress

HEATMAP_WEEKS = 53
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class WeekReview:
    week: date
    hours: Hours
    done_per_kind: dict[str, float]
    steps: dict[int, Progress]
    steps_last_week: dict[int, Progress]
    gave: int
    received: int
    people: list[str]
    follow_ups_next_week: list[str]
    days_written: int
    words: int
    streak: int
    groups_attended: list[str]
    open_actions: list[ActionData]
    unfinished_blocks: list[Shown]


def review_week(week: date, this_week: date, now: datetime) -> WeekReview:
    """Everything the review shows for the week starting `week`."""
    end = week + WEEK
    shown = blocks.week_blocks(week)
    done_per_kind: dict[str, float] = {}
    for block in shown:
        if block.status == "done":
            done_per_kind[block.kind] = done_per_kind.get(block.kind, 0) + block.minutes / 60
    in_week = (LedgerEntry.date >= week) & (LedgerEntry.date < end)
    directions = dict(
        LedgerEntry.select(LedgerEntry.direction, fn.COUNT(LedgerEntry.id))
        .where(in_week)
        .group_by(LedgerEntry.direction)
        .tuples()
    )
    people = [
        name
        for (name,) in Person.select(Person.name)
        .join(LedgerEntry, on=(LedgerEntry.person == Person.id))
        .where(in_week)
        .distinct()
        .order_by(Person.name)
        .tuples()
    ]
    follow_ups = [
        f"{entry.follow_up:%a %d %b}: {entry.person.name}, {entry.kind} {entry.note}".strip()
        for entry in LedgerEntry.select(LedgerEntry, Person)
        .join(Person, on=(LedgerEntry.person == Person.id))
        .where(
            (LedgerEntry.follow_up >= end)
            & (LedgerEntry.follow_up < end + WEEK)
            & LedgerEntry.followed_up.is_null()
        )
        .order_by(LedgerEntry.follow_up)
    ]
    written = Entry.select(Entry.day, Entry.body).where((Entry.day >= week) & (Entry.day < end))
    rows = list(written.tuples())
    actions = checklist.actions_in_week(week)
    return WeekReview(
        week=week,
        hours=blocks.hours(shown),
        done_per_kind=done_per_kind,
        steps=checklist.progress_in_week(week, this_week),
        steps_last_week=checklist.progress_in_week(week - WEEK, this_week),
        gave=directions.get("give", 0),
        received=directions.get("receive", 0),
        people=people,
        follow_ups_next_week=follow_ups,
        days_written=len({day for day, _body in rows}),
        words=sum(len(body.split()) for _day, body in rows),
        streak=entries.streak(now.date()),
        groups_attended=[
            f"{b.start:%a} {b.group or b.title}"
            for b in shown
            if b.kind == "group meeting" and b.status != "skipped"
        ],
        open_actions=[
            action
            for step_actions in actions.values()
            for action in step_actions
            if action.cadence == "weekly" and not action.done
        ],
        unfinished_blocks=[b for b in shown if b.status == "planned" and b.end <= now],
    )


def words_per_day(last_day: date, weeks: int = HEATMAP_WEEKS) -> dict[date, int]:
    """Words written per day over the `weeks` weeks up to `last_day`, for the heatmap.

    Counted in the database (spaces plus one per entry), so a year of pages never
    travels to Python.
    """
    first = last_day - timedelta(days=weeks * 7 - 1)
    spaces = fn.LENGTH(Entry.body) - fn.LENGTH(fn.REPLACE(Entry.body, " ", ""))
    rows = (
        Entry.select(Entry.day, fn.SUM(spaces + 1))
        .where((Entry.day >= first) & (Entry.day <= last_day))
        .group_by(Entry.day)
        .tuples()
    )
    return {day: int(words) for day, words in rows}


def carry_over(action_ids: list[int], block_keys: list[Shown], next_week: date) -> int:
    """Copy chosen open actions (as once actions) and unfinished blocks into next week."""
    with write():
        for action in Action.select().where(Action.id.in_(action_ids)):
            checklist.add_action(
                action.step_id, f"{action.text} (carried over)", "once", today=next_week
            )
        for block in block_keys:
            blocks.duplicate_next_week(block)
    return len(action_ids) + len(block_keys)


PROMPTS = ("What went well", "What did not", "What I will change")


def review_title(week: date) -> str:
    return f"Weekly review: week of {week:%d %B %Y}"


def existing_review(week: date) -> entries.EntryData | None:
    """The review already written for `week`, if any."""
    for entry in entries.entries_for_step(1, week, week + WEEK):
        if entries.REVIEW_TAG in entry.tags and entry.title == review_title(week):
            return entry
    return None


def answers_of(body: str) -> list[str]:
    """The three answers in a review written by `write_review`, to edit them again."""
    answers = []
    for prompt in PROMPTS:
        _before, _heading, rest = body.partition(f"## {prompt}\n\n")
        answer = rest.split("\n\n## ", 1)[0].strip()
        answers.append("" if answer == "-" else answer)
    return answers


def write_review(week: date, answers: list[str], now: datetime) -> int:
    """The week's written review as a journal entry (written again, it replaces the week's
    earlier one); tagged as a review, it counts for every step on the Checklist."""
    if not any(answer.strip() for answer in answers):
        raise ValidationError("prompt-0", "write at least one of the three answers")
    day = min(week + timedelta(days=6), now.date())
    parts = [f"# {review_title(week)}"]
    for prompt, answer in zip(PROMPTS, answers, strict=True):
        parts.append(f"## {prompt}\n\n{answer.strip() or '-'}")
    at = datetime.combine(day, now.time() if day == now.date() else time(18))
    body = "\n\n".join(parts) + "\n"
    earlier = existing_review(week)
    if earlier is not None:
        return entries.update_entry(earlier.id, body, step=None, tags=earlier.tags, now=now).id
    return entries.create_entry(day, body, tags=[entries.REVIEW_TAG], now=at).id
