"""The weekly review: one week in numbers, and what to carry into the next."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import fn

from mentorjournal.db import write
from mentorjournal.models import Action, CarriedOver, Entry, LedgerEntry, Person
from mentorjournal.services import ValidationError, blocks, checklist, entries
from mentorjournal.services.blocks import Hours, Shown
from mentorjournal.services.checklist import ActionData, Progress
from mentorjournal.services.weeks import tick_week

HEATMAP_WEEKS = 53
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class KindHours:
    """Hours of one kind of block in the week: planned (all but skipped) and done."""

    kind: str
    planned: float
    done: float


@dataclass(frozen=True)
class StepChange:
    """A step's weekly actions this week, and how many more were done than the week before."""

    step: int
    progress: Progress
    change: int


@dataclass(frozen=True)
class FollowUp:
    due: date
    person: str
    kind: str
    note: str


@dataclass(frozen=True)
class GroupMeeting:
    start: datetime
    name: str


@dataclass(frozen=True)
class Writing:
    days_written: int
    words: int
    streak: int


@dataclass(frozen=True)
class Carry:
    """What the week left unfinished; what was already carried over is not offered again."""

    open_actions: list[ActionData]
    unfinished_blocks: list[Shown]
    carried: int  # items of this week already copied into the next


@dataclass(frozen=True)
class WeekReview:
    week: date
    hours: Hours
    kinds: list[KindHours]  # most planned first
    steps: list[StepChange]
    gave: int
    received: int
    people: list[str]
    follow_ups_next_week: list[FollowUp]
    groups_attended: list[GroupMeeting]
    writing: Writing
    carry: Carry


def review_week(week: date, this_week: date, now: datetime) -> WeekReview:
    """Everything the review shows for the week starting `week`."""
    shown = blocks.week_blocks(week)
    hours = blocks.hours(shown)
    actions = checklist.actions_in_week(week)
    gave, received, people = _give_and_receive(week)
    return WeekReview(
        week=week,
        hours=hours,
        kinds=_kind_hours(shown, hours),
        steps=_step_changes(week, this_week, actions),
        gave=gave,
        received=received,
        people=people,
        follow_ups_next_week=_follow_ups(week + WEEK, week + 2 * WEEK),
        groups_attended=[
            GroupMeeting(b.start, b.group or b.title)
            for b in shown
            if b.kind == "group meeting" and b.status == "done"
        ],
        writing=_writing(week, now.date()),
        carry=_carry(week, shown, actions, now),
    )


def _kind_hours(shown: list[Shown], summary: Hours) -> list[KindHours]:
    done: dict[str, float] = {}
    for block in shown:
        if block.status == "done":
            done[block.kind] = done.get(block.kind, 0) + block.minutes / 60
    kinds = sorted(summary.per_kind.items(), key=lambda item: -item[1])
    return [KindHours(kind, planned, done.get(kind, 0.0)) for kind, planned in kinds]


def _step_changes(
    week: date, this_week: date, actions: dict[int, list[ActionData]]
) -> list[StepChange]:
    now = checklist.progress_in_week(week, this_week, actions)
    before = {  # the week before: its weekly ticks only (no streaks to count again)
        step: sum(a.done for a in actions if a.cadence == "weekly")
        for step, actions in checklist.actions_in_week(week - WEEK).items()
    }
    return [
        StepChange(step, progress, progress.weekly_done - before[step])
        for step, progress in now.items()
    ]


def _give_and_receive(week: date) -> tuple[int, int, list[str]]:
    """Entries given and received in the week, and the people they were with, by name."""
    in_week = (LedgerEntry.date >= week) & (LedgerEntry.date < week + WEEK)
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
    return directions.get("give", 0), directions.get("receive", 0), people


def _follow_ups(start: date, end: date) -> list[FollowUp]:
    """Follow-ups not yet done that fall due from `start` until before `end`."""
    due = (
        LedgerEntry.select(LedgerEntry, Person)
        .join(Person, on=(LedgerEntry.person == Person.id))
        .where(
            (LedgerEntry.follow_up >= start)
            & (LedgerEntry.follow_up < end)
            & LedgerEntry.followed_up.is_null()
        )
        .order_by(LedgerEntry.follow_up)
    )
    return [FollowUp(e.follow_up, e.person.name, e.kind, e.note) for e in due]


def _writing(week: date, today: date) -> Writing:
    rows = list(
        Entry.select(Entry.day, Entry.body)
        .where((Entry.day >= week) & (Entry.day < week + WEEK))
        .tuples()
    )
    words = sum(len(body.split()) for _day, body in rows)
    return Writing(len({day for day, _body in rows}), words, entries.streak(today))


def _carry(
    week: date, shown: list[Shown], actions: dict[int, list[ActionData]], now: datetime
) -> Carry:
    """Weekly actions left open and planned blocks that are over, less what was carried."""
    carried = CarriedOver.select().where(CarriedOver.week == tick_week(week))
    actions_carried = {row.action_id for row in carried if row.action_id}
    blocks_carried = {(row.block_id, row.block_start) for row in carried if row.block_id}
    open_actions = [
        action
        for step_actions in actions.values()
        for action in step_actions
        if action.cadence == "weekly" and not action.done
    ]
    unfinished = [b for b in shown if b.status == "planned" and b.end <= now]
    return Carry(
        open_actions=[a for a in open_actions if a.id not in actions_carried],
        unfinished_blocks=[b for b in unfinished if _block_key(b) not in blocks_carried],
        carried=len(actions_carried) + len(blocks_carried),
    )


def _block_key(block: Shown) -> tuple[int, datetime]:
    """Which block, or which occurrence of a series."""
    return block.id, block.original_start or block.start


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


def carry_over(action_ids: list[int], chosen: list[Shown], week: date) -> int:
    """Copy chosen open actions (as once actions) and unfinished blocks of the week starting
    `week` into the next, marking them carried. Returns how many were copied: an item
    already carried is not copied again."""
    next_week = week + WEEK
    with write():
        already = CarriedOver.select().where(CarriedOver.week == tick_week(week))
        done_actions = {row.action_id for row in already}
        done_blocks = {(row.block_id, row.block_start) for row in already}
        count = 0
        for action in Action.select().where(Action.id.in_(action_ids)):
            if action.id not in done_actions:
                text = f"{action.text} (carried over)"
                checklist.add_action(action.step_id, text, "once", today=next_week)
                CarriedOver.create(week=tick_week(week), action=action.id)
                count += 1
        for block in chosen:
            block_id, start = _block_key(block)
            if (block_id, start) not in done_blocks:
                blocks.duplicate_next_week(block)
                CarriedOver.create(week=tick_week(week), block=block_id, block_start=start)
                count += 1
    return count


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
