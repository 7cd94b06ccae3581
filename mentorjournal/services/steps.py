"""The five steps of the method, and the notes a person keeps on each."""

from dataclasses import dataclass
from datetime import date, datetime

from mentorjournal.db import write
from mentorjournal.models import Step, StepNote
from mentorjournal.services import ValidationError, check_text

STEP_TITLES = {
    1: "Commit to your own development",
    2: "Block out time to invest in yourself",
    3: "Join professional groups",
    4: "Know what you bring",
    5: "Do your homework",
}

STEP_EXPLANATIONS = {
    1: "Growth is a habit, not an event. Write down what you are good at and what you "
    "are working towards, and come back to it: a mentor can only help someone who "
    "knows where they are going.",
    2: "Learning that is not in the calendar does not happen. Give it blocks of time "
    "like any meeting: a course, a book, a talk, a podcast on the way in, and count "
    "the hours.",
    3: "Groups are where you meet people who are a few steps ahead. Try several, keep "
    "the two or three that give you the most, and leave the rest without guilt.",
    4: "You are not only asking. Ideas, introductions, reviews, your own skills: "
    "know what you can offer, and keep track of what you give as well as what you get.",
    5: "Respect the time people give you. Prepare an agenda, act on the advice, and "
    "report back on what happened. That loop is how acquaintances become mentors.",
}

# The notes each step keeps: (topic, label). Step 1 holds strengths and purpose,
# step 4 what you can offer, the others free notes.
STEP_TOPICS = {
    1: (("strengths", "My strengths"), ("purpose", "My purpose")),
    2: (("notes", "Notes"),),
    3: (("notes", "Notes"),),
    4: (("offer", "What I can offer: ideas, people I can introduce, skills"),),
    5: (("notes", "Notes"),),
}
NOTE_LENGTH = 20_000


@dataclass(frozen=True)
class NoteVersion:
    day: date
    text: str
    saved_at: datetime


def create_steps() -> None:
    """Insert the five fixed steps (part of creating a fresh journal)."""
    Step.insert_many(
        [{"number": number, "title": title} for number, title in STEP_TITLES.items()]
    ).execute()


def check_topic(step: int, topic: str) -> None:
    if topic not in dict(STEP_TOPICS.get(step, ())):
        raise ValidationError("topic", f"step {step} has no note called {topic!r}")


@dataclass(frozen=True)
class NoteState:
    """A note as a window loaded it: its text and which version that was (the day and that
    day's revision; day None for a note never written)."""

    text: str
    day: date | None = None
    revision: int = 0
    saved_at: datetime | None = None


class StaleNote(Exception):
    """The note was saved in another window since this one loaded it; `current` is that
    version. Nothing was saved."""

    def __init__(self, current: NoteState) -> None:
        super().__init__("the note was changed in another window")
        self.current = current


def note_state(step: int, topic: str) -> NoteState:
    """The latest version of a step's note."""
    latest = (
        StepNote.select(StepNote.text, StepNote.day, StepNote.revision, StepNote.saved_at)
        .where((StepNote.step == step) & (StepNote.topic == topic))
        .order_by(StepNote.day.desc())
        .first()
    )
    if latest is None:
        return NoteState("")
    return NoteState(latest.text, latest.day, latest.revision, latest.saved_at)


def note(step: int, topic: str) -> str:
    """The latest text of a step's note, or '' if never written."""
    return note_state(step, topic).text


def save_note(
    step: int, topic: str, text: str, now: datetime, loaded: NoteState | None = None
) -> NoteState:
    """Save a note; the day's version is replaced, earlier days' versions are kept.

    With `loaded` (the version the text was typed over), a save over a newer version
    written by another window is refused with StaleNote instead of overwriting it.
    """
    check_topic(step, topic)
    check_text("note", text, NOTE_LENGTH)
    with write():
        latest = note_state(step, topic)
        if loaded is not None and (latest.day, latest.revision) != (loaded.day, loaded.revision):
            raise StaleNote(latest)
        revision = latest.revision + 1 if latest.day == now.date() else 1
        (
            StepNote.insert(
                step=step, topic=topic, day=now.date(), text=text, saved_at=now, revision=revision
            )
            .on_conflict(
                conflict_target=[StepNote.step, StepNote.topic, StepNote.day],
                update={StepNote.text: text, StepNote.saved_at: now, StepNote.revision: revision},
            )
            .execute()
        )
    return NoteState(text, now.date(), revision, now)


def note_history(step: int, topic: str) -> list[NoteVersion]:
    """Every saved version of a note, newest first."""
    rows = (
        StepNote.select()
        .where((StepNote.step == step) & (StepNote.topic == topic))
        .order_by(StepNote.day.desc())
    )
    return [NoteVersion(row.day, row.text, row.saved_at) for row in rows]
