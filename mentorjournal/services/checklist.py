"""Checklist actions: ticked once, or every week, and the progress they add up to.

A weekly action is done per week (one completion row per week). A once action is
done from the week it was ticked onwards. Functions take the week as shown (its
configured first day); ticks are stored by ISO week (`weeks.tick_week`).
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import fn

from mentorjournal.db import write
from mentorjournal.models import CADENCES, Action, ActionCompletion, CarriedOver
from mentorjournal.services import ValidationError, check_text
from mentorjournal.services.removal import Removed, put_back, remove
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.services.weeks import tick_week

TEXT_LENGTH = 500
STREAK_WEEKS = 520  # looked back at most ten years

STARTER_ACTIONS = {
    1: (
        ("Write down three strengths, with one example of each", "once"),
        ("Write your purpose in two sentences: where you want to be in three years", "once"),
        ("Ask one colleague what they come to you for", "once"),
        ("Re-read your strengths and purpose on Friday and change one line", "weekly"),
    ),
    2: (
        ("Block two hours for a course this week", "weekly"),
        ("Read for thirty minutes before opening email, twice", "weekly"),
        ("Pick one conference or workshop for this year and put it in the calendar", "once"),
        ("Choose a podcast for the commute and listen to an episode", "once"),
    ),
    3: (
        ("List three professional groups worth trying", "once"),
        ("Go to a meeting of one group on your list", "once"),
        ("Introduce yourself to one new person in a group", "weekly"),
        ("Rate the groups you tried: keep the best two, drop the rest", "once"),
    ),
    4: (
        ("Write down what you can offer: ideas, people you can introduce, skills", "once"),
        ("Give something: a review, an introduction, a useful link", "weekly"),
        ("Log what you gave and received in the ledger", "weekly"),
    ),
    5: (
        ("Write the agenda before the next mentor meeting", "weekly"),
        ("Act on one piece of advice you were given", "weekly"),
        ("Report back to someone who advised you on what came of it", "once"),
        ("Send a thank-you note within a day of a meeting", "once"),
    ),
}


@dataclass(frozen=True)
class ActionData:
    """An action as it stood in one week."""

    id: int
    step: int
    text: str
    cadence: str
    position: int
    done: bool
    done_on: date | None


@dataclass(frozen=True)
class Progress:
    """A step's (or all steps') progress in one week."""

    weekly_done: int = 0
    weekly_due: int = 0
    once_done: int = 0
    once_total: int = 0
    streak: int = 0

    def __add__(self, other: "Progress") -> "Progress":
        return Progress(
            self.weekly_done + other.weekly_done,
            self.weekly_due + other.weekly_due,
            self.once_done + other.once_done,
            self.once_total + other.once_total,
            max(self.streak, other.streak),
        )

    @property
    def week_counts(self) -> tuple[int, int]:
        return self.weekly_done, self.weekly_due

    @property
    def all_time_counts(self) -> tuple[int, int]:
        return self.once_done, self.once_total

    @property
    def week_ratio(self) -> float:
        return self.weekly_done / self.weekly_due if self.weekly_due else 0.0

    @property
    def all_time_ratio(self) -> float:
        return self.once_done / self.once_total if self.once_total else 0.0


def check_action(step: int, text: str, cadence: str) -> str:
    """The action's text, tidied, or a ValidationError naming the field at fault."""
    text = check_text("text", text, TEXT_LENGTH * 4).strip()
    if step not in STEP_TITLES:
        raise ValidationError("step", "the step is a number from 1 to 5")
    if not text:
        raise ValidationError("text", "the action needs a text")
    if len(text) > TEXT_LENGTH:
        raise ValidationError("text", f"at most {TEXT_LENGTH} characters ({len(text)} typed)")
    if cadence not in CADENCES:
        raise ValidationError("cadence", f"the cadence is one of: {', '.join(CADENCES)}")
    return text


def _visible_in(week: date):
    """Actions that exist in `week` and were not archived before it ended."""
    end = week + timedelta(7)
    return (Action.created_on < end) & (Action.archived_on.is_null() | (Action.archived_on >= end))


def starter_uid(step: int, text: str) -> str:
    """A starter action is the same record in every journal: merging two journals
    keeps one of each."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mentorjournal:starter:{step}:{text}"))


def create_starter_actions(today: date, only_missing: bool = False) -> None:
    """The actions a fresh journal starts with; ordinary, editable actions. `only_missing`:
    those not there yet (after an import that brought some)."""
    rows = [
        {
            "uid": starter_uid(step, text),
            "step": step,
            "text": text,
            "cadence": cadence,
            "position": position,
            "created_on": today,
        }
        for step, actions in STARTER_ACTIONS.items()
        for position, (text, cadence) in enumerate(actions)
    ]
    if only_missing:
        there = {uid for (uid,) in Action.select(Action.uid).tuples()}
        rows = [row for row in rows if row["uid"] not in there]
    if rows:
        Action.insert_many(rows).execute()


def actions_in_week(week: date) -> dict[int, list[ActionData]]:
    """Each step's actions as they stood in `week`, in order."""
    ticked_in = tick_week(week)
    done = {
        row.action_id: row.done_at.date()
        for row in ActionCompletion.select()
        .join(Action)
        .where(
            ((Action.cadence == "weekly") & (ActionCompletion.week == ticked_in))
            | ((Action.cadence == "once") & (ActionCompletion.week <= ticked_in))
        )
    }
    by_step: dict[int, list[ActionData]] = {step: [] for step in STEP_TITLES}
    query = Action.select().where(_visible_in(week)).order_by(Action.step, Action.position)
    for action in query:
        by_step[action.step_id].append(
            ActionData(
                id=action.id,
                step=action.step_id,
                text=action.text,
                cadence=action.cadence,
                position=action.position,
                done=action.id in done,
                done_on=done.get(action.id),
            )
        )
    return by_step


def progress_in_week(
    week: date, this_week: date, by_step: dict[int, list[ActionData]] | None = None
) -> dict[int, Progress]:
    """Per step: weekly actions done / due in `week`, once actions done / total by then,
    and the streak of full weeks up to `this_week`. `by_step`: the week's actions, when
    the caller has already read them (`actions_in_week(week)`)."""
    by_step = actions_in_week(week) if by_step is None else by_step
    result = {}
    for step, actions in by_step.items():
        weekly = [a for a in actions if a.cadence == "weekly"]
        once = [a for a in actions if a.cadence == "once"]
        result[step] = Progress(
            weekly_done=sum(a.done for a in weekly),
            weekly_due=len(weekly),
            once_done=sum(a.done for a in once),
            once_total=len(once),
            streak=_streak(step, this_week),
        )
    return result


def _streak(step: int, this_week: date) -> int:
    """Weeks in a row in which every weekly action of `step` was done.

    The current week counts once it is complete; until then the streak runs to last week.
    """
    actions = list(
        Action.select(Action.id, Action.created_on, Action.archived_on).where(
            (Action.step == step) & (Action.cadence == "weekly")
        )
    )
    if not actions:
        return 0
    ticks = set(  # as stored (ISO text): years of ticks are read without making dates
        ActionCompletion.select(
            ActionCompletion.action.cast("INTEGER"), ActionCompletion.week.cast("TEXT")
        )
        .where(ActionCompletion.action.in_([a.id for a in actions]))
        .tuples()
    )

    def complete(week: date) -> bool | None:
        end = week + timedelta(7)
        due = [
            a.id
            for a in actions
            if a.created_on < end and (a.archived_on is None or a.archived_on >= end)
        ]
        ticked_in = tick_week(week).isoformat()
        return all((a, ticked_in) in ticks for a in due) if due else None

    week = this_week if complete(this_week) else this_week - timedelta(7)
    length = 0
    for _ in range(STREAK_WEEKS):
        if not complete(week):
            break
        length += 1
        week -= timedelta(7)
    return length


def toggle_action(action_id: int, week: date, now: datetime) -> bool:
    """Tick or untick an action in `week`; returns whether it is done now."""
    week = tick_week(week)
    with write():
        action = Action.get_by_id(action_id)
        if action.cadence == "weekly":
            existing = ActionCompletion.select().where(
                (ActionCompletion.action == action_id) & (ActionCompletion.week == week)
            )
        else:
            existing = ActionCompletion.select().where(
                (ActionCompletion.action == action_id) & (ActionCompletion.week <= week)
            )
        if existing.exists():
            ActionCompletion.delete().where(
                ActionCompletion.id.in_([row.id for row in existing])
            ).execute()
            return False
        ActionCompletion.create(action=action_id, week=week, done_at=now)
        return True


def add_action(step: int, text: str, cadence: str = "once", *, today: date) -> int:
    """A new action at the end of its step; returns its id."""
    text = check_action(step, text, cadence)
    with write():
        last = Action.select(fn.MAX(Action.position)).where(Action.step == step).scalar()
        action = Action.create(
            step=step,
            text=text,
            cadence=cadence,
            position=(last + 1) if last is not None else 0,
            created_on=today,
        )
    return action.id


def _report_back_text(person: str, advice: str) -> str:
    return f"Act on {advice.strip()} and report back to {person.strip()}"[:TEXT_LENGTH]


def add_report_back(person: str, advice: str, *, today: date) -> int:
    """The step-5 action for advice received (from the ledger): act on it, report back."""
    return add_action(5, _report_back_text(person, advice), "once", today=today)


def tick_report_back(person: str, advice: str, week: date, now: datetime) -> int | None:
    """Tick the open step-5 action to act on this advice and report back, if there is one
    (the newest, if several); returns its id."""
    with write():
        candidates = (
            Action.select(Action.id)
            .where(
                (Action.step == 5)
                & (Action.text == _report_back_text(person, advice))
                & Action.archived_on.is_null()
            )
            .order_by(Action.id.desc())
        )
        for (action_id,) in candidates.tuples():
            if not ActionCompletion.select().where(ActionCompletion.action == action_id).exists():
                toggle_action(action_id, week, now)
                return action_id
    return None


def untick(action_id: int, week: date) -> None:
    """Undo a tick made in `week` (an action already unticked stays so)."""
    with write():
        ActionCompletion.delete().where(
            (ActionCompletion.action == action_id) & (ActionCompletion.week == tick_week(week))
        ).execute()


def update_action(action_id: int, text: str, cadence: str) -> None:
    action = Action.get_by_id(action_id)
    text = check_action(action.step_id, text, cadence)
    with write():
        Action.update(text=text, cadence=cadence).where(Action.id == action_id).execute()


def delete_action(action_id: int) -> Removed:
    """Delete an action and its ticks; the result can be given to `restore_action`."""
    return remove(Action, action_id, children=[ActionCompletion.action, CarriedOver.action])


def restore_action(deleted: Removed) -> None:
    put_back(deleted)


def archive_action(action_id: int, today: date) -> None:
    """Hide an action from today on; earlier weeks still count it."""
    with write():
        Action.update(archived_on=today).where(Action.id == action_id).execute()


def move_action(action_id: int, delta: int, week: date) -> bool:
    """Swap an action with its neighbour (-1 up, +1 down) among its step's visible
    actions; returns False at either end."""
    with write():
        action = Action.get_by_id(action_id)
        siblings = list(
            Action.select()
            .where((Action.step == action.step_id) & _visible_in(week))
            .order_by(Action.position, Action.id)
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.id == action_id)
        other = index + delta
        if not 0 <= other < len(siblings):
            return False
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                Action.update(position=position).where(Action.id == sibling.id).execute()
    return True
