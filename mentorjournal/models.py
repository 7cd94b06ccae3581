"""The peewee models: the journal's tables and nothing else.

The database object is created unbound here and opened by `mentorjournal.db`.
Choices (kinds, stages, statuses) are plain tuples so services, forms and the
JSON export share one spelling.
"""

import uuid

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from mentorjournal import clock

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "busy_timeout": 5_000,
    "secure_delete": "on",
    "cache_size": -16_000,
}

# `mentorjournal.db` points this at the plain or the encrypted (SQLCipher) engine.
database = DatabaseProxy()
database.initialize(SqliteDatabase(None, pragmas=PRAGMAS))

CADENCES = ("once", "weekly")
BLOCK_KINDS = (
    "conference",
    "workshop",
    "reading",
    "course",
    "podcast",
    "app",
    "mentor meeting",
    "group meeting",
    "other",
)
BLOCK_STATUSES = ("planned", "done", "skipped")
REPEATS = ("none", "weekly")
STAGES = ("acquaintance", "contact", "ally", "mentor", "mentee")
DIRECTIONS = ("give", "receive")
LEDGER_KINDS = (
    "advice",
    "introduction",
    "referral",
    "opportunity",
    "feedback",
    "resource",
    "other",
)
GROUP_KINDS = ("professional association", "meetup", "online community", "board", "other")
GROUP_STATUSES = ("trying", "committed", "dropped")


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


def new_uid() -> str:
    """A record's identity across journals: given at creation, never changed."""
    return str(uuid.uuid4())


class NameField(CharField):
    """A name compared without case (Ana and ana are one person). A search inside it
    uses the plain order: PostgreSQL's case-blind order cannot do LIKE."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=120, unique=True, collation="NOCASE", **kwargs)

    def contains(self, rhs):
        return self.collate('"BINARY"').contains(rhs)


class BaseModel(Model):
    class Meta:
        database = database


class Travelling(BaseModel):
    """A record that can leave the journal: a `uid` that never changes, and `updated_at`,
    stamped by every save or update that does not set it itself (an import does)."""

    uid = CharField(unique=True, default=new_uid)
    updated_at = DateTimeField(default=clock.now)

    @classmethod
    def update(cls, __data=None, **update):
        given = {**(__data or {}), **update}
        if not any(getattr(key, "name", key) == "updated_at" for key in given):
            given[cls.updated_at] = clock.now()
        return super().update(given)

    def save(self, *args, **kwargs):
        if "updated_at" not in self._dirty:
            self.updated_at = clock.now()
        return super().save(*args, **kwargs)


class Step(BaseModel):
    """One of the five steps of the method; `number` is 1–5."""

    number = IntegerField(primary_key=True)
    title = CharField()


class StepNote(BaseModel):
    """One version of a step's note on a topic (e.g. step 1, "purpose"): one row per day.

    `revision` counts the saves of the day's version, so that a window saving over
    another window's newer text is refused instead of winning silently."""

    uid = CharField(unique=True, default=new_uid)
    step = ForeignKeyField(Step, backref="notes", on_delete="CASCADE")
    topic = CharField()
    day = DateField()
    text = TextField(default="")
    saved_at = DateTimeField(default=clock.now)
    revision = IntegerField(default=1)

    class Meta:
        indexes = ((("step", "topic", "day"), True),)


class Entry(Travelling):
    """A journal entry. Its title is the first line of its body.

    `revision` counts saves; `merged_revision` is the revision at which it last came
    in from another journal (0: never), the common ground a merge compares against."""

    day = DateField(index=True)
    written_at = DateTimeField(default=clock.now)
    title = CharField(default="")
    body = TextField(default="")
    step = ForeignKeyField(Step, null=True, backref="entries", on_delete="SET NULL")
    revision = IntegerField(default=1)
    merged_revision = IntegerField(default=0)


class EntryTag(BaseModel):
    entry = ForeignKeyField(Entry, backref="tag_rows", on_delete="CASCADE")
    name = CharField(index=True)

    class Meta:
        indexes = ((("entry", "name"), True),)


class Action(Travelling):
    """A checklist item under a step, done once or every week."""

    step = ForeignKeyField(Step, backref="actions", on_delete="CASCADE")
    text = CharField()
    cadence = CharField(default="once", choices=_choices(CADENCES))
    position = IntegerField(default=0)
    created_on = DateField()
    archived_on = DateField(null=True)


class ActionCompletion(BaseModel):
    """An action ticked in an ISO week; `week` is its Monday, whatever the configured first
    day of the week (a once action has one row)."""

    uid = CharField(unique=True, default=new_uid)
    action = ForeignKeyField(Action, backref="completions", on_delete="CASCADE")
    week = DateField()
    done_at = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("action", "week"), True),)


class Person(Travelling):
    name = NameField()
    organisation = CharField(default="")
    role = CharField(default="")
    stage = CharField(default="acquaintance", choices=_choices(STAGES))
    met_on = DateField(null=True)
    met_how = TextField(default="")
    notes = TextField(default="")
    touch_every_days = IntegerField(null=True)
    created_at = DateTimeField(default=clock.now)


class Group(Travelling):
    name = NameField()
    kind = CharField(default="other", choices=_choices(GROUP_KINDS))
    status = CharField(default="trying", choices=_choices(GROUP_STATUSES))
    joined = DateField(null=True)
    dropped = DateField(null=True)
    rating = IntegerField(null=True)
    cost_per_year = FloatField(null=True)
    notes = TextField(default="")


class TimeBlock(Travelling):
    """A block of time in the week; `repeat` weekly makes it a series.

    `start` and `end` are wall-clock times in the zone `tz` (the local zone when the
    block was made), so that 09:00 stays 09:00 across a change to summer time.
    """

    start = DateTimeField(index=True)
    end = DateTimeField()
    tz = CharField(default="UTC")
    title = CharField()
    kind = CharField(default="other", choices=_choices(BLOCK_KINDS))
    status = CharField(default="planned", choices=_choices(BLOCK_STATUSES))
    notes = TextField(default="")
    person = ForeignKeyField(Person, null=True, backref="blocks", on_delete="SET NULL")
    group = ForeignKeyField(Group, null=True, backref="blocks", on_delete="SET NULL")
    repeat = CharField(default="none", choices=_choices(REPEATS))
    repeat_until = DateField(null=True)

    class Meta:
        indexes = ((("repeat", "start"), False),)  # a week's series without a full scan


class BlockOccurrence(Travelling):
    """One occurrence of a weekly series that differs from the series: moved, done,
    skipped, or cancelled (deleted from the series alone)."""

    block = ForeignKeyField(TimeBlock, backref="occurrences", on_delete="CASCADE")
    original_start = DateTimeField()
    start = DateTimeField()
    end = DateTimeField()
    status = CharField(default="planned", choices=_choices(BLOCK_STATUSES))
    cancelled = BooleanField(default=False)

    class Meta:
        indexes = ((("block", "original_start"), True),)


class DayNote(Travelling):
    """A note on whole days (an all-day calendar event: a holiday, a conference's days),
    shown on the Week screen's day header; never hours. `last_day` is inclusive."""

    day = DateField(index=True)
    last_day = DateField()
    text = CharField()


class LedgerEntry(Travelling):
    """Something given to or received from a person."""

    date = DateField()
    person = ForeignKeyField(Person, backref="ledger", on_delete="CASCADE")
    other_person = ForeignKeyField(Person, null=True, backref="introductions", on_delete="SET NULL")
    direction = CharField(choices=_choices(DIRECTIONS))
    kind = CharField(default="other", choices=_choices(LEDGER_KINDS))
    note = TextField(default="")
    follow_up = DateField(null=True)
    followed_up = DateField(null=True)

    class Meta:
        indexes = (
            (("person", "date"), False),
            (("follow_up",), False),
            (("date",), False),  # pages newest first
            (("person", "direction"), False),  # the balance per person, from the index alone
        )


class CarriedOver(BaseModel):
    """An open action or an unfinished block of one week that the review copied into the
    next: it is not offered again. `week` is the Monday of the ISO week it came from."""

    week = DateField()
    action = ForeignKeyField(Action, null=True, backref="carried", on_delete="CASCADE")
    block = ForeignKeyField(TimeBlock, null=True, backref="carried", on_delete="CASCADE")
    block_start = DateTimeField(null=True)  # which occurrence of a series, or the block's start

    class Meta:
        indexes = ((("week",), False),)


class BlockNote(BaseModel):
    """The journal entry written about a block (or one occurrence of a series)."""

    block = ForeignKeyField(TimeBlock, backref="written_up", on_delete="CASCADE")
    block_start = DateTimeField()  # the occurrence's start in its series, or the block's start
    entry = ForeignKeyField(Entry, backref="about_block", on_delete="CASCADE")

    class Meta:
        indexes = ((("block", "block_start"), False),)


MODELS = (
    Step,
    StepNote,
    Entry,
    EntryTag,
    Action,
    ActionCompletion,
    Person,
    Group,
    TimeBlock,
    BlockOccurrence,
    LedgerEntry,
    CarriedOver,
    BlockNote,
    DayNote,
)
