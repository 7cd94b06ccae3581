"""Each section of an interchange file read into the open journal (see `merge`).

Records go through the services' own checks (entries, blocks, tags) and their
limits; people, groups, blocks and ledger lines may name people and groups.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from mentorjournal import clock
from mentorjournal.io.merge import (
    KEPT_TWICE,
    Known,
    References,
    Summary,
    complete,
    file_uid,
    name_key,
    settle,
)
from mentorjournal.io.records import Record
from mentorjournal.models import (
    BLOCK_STATUSES,
    CADENCES,
    DIRECTIONS,
    GROUP_KINDS,
    GROUP_STATUSES,
    LEDGER_KINDS,
    STAGES,
    Action,
    ActionCompletion,
    BlockOccurrence,
    DayNote,
    Group,
    LedgerEntry,
    Person,
    Step,
    StepNote,
    TimeBlock,
)
from mentorjournal.services import (
    ValidationError,
    blocks,
    checklist,
    day_notes,
    people,
    steps,
    zones,
)
from mentorjournal.services.weeks import week_start

STEPS = (1, 2, 3, 4, 5)
REPEAT_FORMS = {None: "none", "none": "none", "weekly": "weekly"}


def refusing(r: Record, check, *args):
    """`check(*args)`, a service's validation, with its complaint naming the record."""
    try:
        return check(*args)
    except ValidationError as error:
        raise r.refuse(f"{error.field}: {error.message}") from None


class Sections:
    """The readers of one import; local records prefetched once."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.people = Known(Person, name_key, (Person.name,))
        self.groups = Known(Group, name_key, (Group.name,))
        self.refs = References(self.people, self.groups, summary)
        self.actions = Known(
            Action, lambda s, t: (s, " ".join(t.split())), (Action.step, Action.text)
        )
        self.ticks = Known(
            ActionCompletion,
            lambda a, w: (a, w),
            (ActionCompletion.action, ActionCompletion.week),
            stamp=ActionCompletion.done_at,
        )
        self.notes = Known(
            StepNote,
            lambda s, t, d: (s, t, d),
            (StepNote.step, StepNote.topic, StepNote.day),
            stamp=StepNote.saved_at,
        )
        self.blocks = Known(
            TimeBlock,
            lambda *key: key,
            (TimeBlock.start, TimeBlock.end, TimeBlock.title),
            unique=False,
        )
        self.occurrences = Known(
            BlockOccurrence,
            lambda b, o: (b, o),
            (BlockOccurrence.block, BlockOccurrence.original_start),
        )
        ledger_key = (LedgerEntry.date, LedgerEntry.person, LedgerEntry.direction)
        ledger_key += (LedgerEntry.kind, LedgerEntry.note)
        self.ledger = Known(LedgerEntry, lambda *key: key, ledger_key, unique=False)
        note_key = (DayNote.day, DayNote.last_day, DayNote.text)
        self.day_notes = Known(DayNote, lambda *key: key, note_key, unique=False)

    # Steps and their notes

    def step(self, r: Record) -> None:
        number = r.choice("number", STEPS)
        if Step.get_or_none(Step.number == number) is None:
            raise r.refuse(f"there is no step {number}")
        history = r.items("note_history", "")
        for note in history:
            self._note_version(number, note)
        if not history and r.has("notes"):
            self._latest_notes(r, number)
        self.notes.flush()

    def _note_version(self, number: int, r: Record) -> None:
        topic = r.text("topic", 40, required=True)
        refusing(r, steps.check_topic, number, topic)
        day = r.day("day", required=True)
        saved_at = r.moment("saved_at", required=False) or datetime.combine(
            day, datetime.min.time()
        )
        values = {"step": number, "topic": topic, "day": day, "saved_at": saved_at}
        values |= {
            "text": r.text("text", steps.NOTE_LENGTH),
            "revision": r.get("revision", int, False) or 1,
        }
        self._settle_note(r, (number, topic, day), values)

    def _settle_note(self, r: Record, key: tuple, values: dict) -> None:
        found = self.notes.find(file_uid(r), key)
        if found is None:
            self.summary.added["step notes"] += 1
            self.notes.add(complete(StepNote, {**values, "uid": file_uid(r)}), key)
        elif self.notes.is_pending(found):
            self.summary.present["step notes"] += 1
        else:
            outcome, merged = merge_note(StepNote.get_by_id(found.id), values)
            if merged:
                StepNote.update(merged).where(StepNote.id == found.id).execute()
            getattr(self.summary, outcome)["step notes"] += 1

    def _latest_notes(self, r: Record, number: int) -> None:
        """`notes` as a text (the step's first topic) or {topic: text}: kept as today's
        version unless the latest version already says it."""
        notes = r.raw["notes"]
        if isinstance(notes, str):
            notes = {steps.STEP_TOPICS[number][0][0]: notes}
        if not isinstance(notes, dict):
            raise r.refuse("'notes' must be a text or an object of texts by topic")
        now = clock.now()
        for topic, text in notes.items():
            refusing(r, steps.check_topic, number, topic)
            text = Record(r.where, 0, {"text": text}).text("text", steps.NOTE_LENGTH)
            if steps.note(number, topic) == text:
                self.summary.present["step notes"] += 1
                continue
            values = {"step": number, "topic": topic, "day": now.date(), "text": text}
            self._settle_note(
                Record(r.where, 0, {}), (number, topic, now.date()), values | {"saved_at": now}
            )

    # People and groups

    def person(self, r: Record) -> None:
        name = " ".join(r.text("name", people.NAME_LENGTH, required=True).split())
        if not name:
            raise r.refuse("a person needs a name")
        every = r.get("touch_every_days", int, required=False)
        if every is not None and not 1 <= every <= 3650:
            raise r.refuse("'touch_every_days' must be from 1 to 3650")
        values = {"name": name, "stage": r.choice("stage", STAGES, "acquaintance")}
        for key in ("organisation", "role", "met_how", "notes"):
            values[key] = r.text(key, people.TEXT_LENGTH)
        values |= {"met_on": r.day("met"), "touch_every_days": every}
        values |= {"created_at": r.moment("created_at", required=False) or clock.now()}
        values["updated_at"] = r.moment("updated_at", required=False)
        self._settle_named(r, "people", self.people, name, values)

    def group(self, r: Record) -> None:
        name = " ".join(r.text("name", 120, required=True).split())
        if not name:
            raise r.refuse("a group needs a name")
        rating = r.get("rating", int, required=False)
        if rating is not None and not 1 <= rating <= 5:
            raise r.refuse("'rating' must be from 1 to 5")
        values = {"name": name, "kind": r.choice("kind", GROUP_KINDS, "other")}
        values |= {"status": r.choice("status", GROUP_STATUSES, "trying"), "rating": rating}
        values |= {"joined": r.day("joined"), "dropped": r.day("dropped")}
        values |= {"cost_per_year": r.get("cost_per_year", (int, float), required=False)}
        values |= {"notes": r.text("notes", 2000)}
        values["updated_at"] = r.moment("updated_at", required=False)
        self._settle_named(r, "groups", self.groups, name, values)

    def _settle_named(self, r: Record, kind: str, known: Known, name: str, values: dict) -> None:
        holder = known.by_key.get(name_key(name))
        same = known.by_uid.get(file_uid(r) or "")
        if holder and (same is None or holder.id != same.id):
            del values["name"]  # another's record, or renamed to someone else's name: keep it
        if values.get("updated_at") is None:
            del values["updated_at"]
        self.refs.map(kind, r, settle(known, self.summary, kind, r, name_key(name), values))
        known.flush()

    # Checklist actions and their ticks

    def action(self, r: Record) -> None:
        step = r.choice("step", STEPS)
        cadence = r.choice("cadence", CADENCES, "once")
        text = refusing(r, checklist.check_action, step, r.text("text", 2000, True), cadence)
        created_on = r.day("created_on") or clock.today()
        archived_on = r.day("archived_on")
        if archived_on is None and r.raw.get("archived") is True:
            archived_on = clock.today()
        values = {"step": step, "text": text, "cadence": cadence}
        values |= {"position": r.get("position", int, default=0), "created_on": created_on}
        values |= {"archived_on": archived_on}
        if stamp := r.moment("updated_at", required=False):
            values["updated_at"] = stamp
        action_id = settle(self.actions, self.summary, "actions", r, (step, text), values)
        self.refs.map("actions", r, action_id)
        self.actions.flush()
        for index, raw in enumerate(r.get("done", list, required=False) or []):
            self._tick(
                Record(f"{r.where}.done", index, raw if isinstance(raw, dict) else {"week": raw}),
                action_id,
            )
        self.ticks.flush()

    def _tick(self, r: Record, action_id: int) -> None:
        """A tick given as {"week", "done_at"} or as a plain date: the week it falls in."""
        week = week_start(r.day("week", required=True))
        done_at = r.moment("done_at", required=False) or datetime.combine(week, datetime.min.time())
        key, uid = (action_id, week), file_uid(r)
        if self.ticks.find(uid, key):
            self.summary.present["ticks"] += 1
            return
        row = {"action": action_id, "week": week, "done_at": done_at, "uid": uid}
        self.ticks.add(complete(ActionCompletion, row), key)
        self.summary.added["ticks"] += 1

    # Time blocks and their weeks

    def block(self, r: Record) -> None:
        zone = r.text("tz", 64) or zones.viewer()
        try:
            ZoneInfo(zone)
        except (ValueError, KeyError, OSError):
            raise r.refuse(f"unknown time zone {zone[:64]!r}") from None
        repeat = r.raw.get("repeat")
        if repeat not in REPEAT_FORMS:
            raise r.refuse('\'repeat\' must be null, "none" or "weekly"')
        draft = blocks.Draft(
            title=r.text("title", 2000, required=True),
            kind=r.raw.get("kind", "other"),
            start=r.moment("start", zone),
            end=r.moment("end", zone),
            notes=r.text("notes", 2000),
            repeat=REPEAT_FORMS[repeat],
            repeat_until=r.day("repeat_until"),
            status=r.raw.get("status", "planned"),
        )
        if not isinstance(draft.kind, str) or not isinstance(draft.status, str):
            raise r.refuse("'kind' and 'status' must be texts")
        draft = refusing(r, blocks.check, draft)
        values = {
            "start": draft.start,
            "end": draft.end,
            "tz": zone,
            "title": draft.title,
            "kind": draft.kind,
            "status": draft.status,
            "notes": draft.notes,
            "repeat": draft.repeat,
            "repeat_until": draft.repeat_until,
            "person": self.refs.follow(r, "person", "people"),
            "group": self.refs.follow(r, "group", "groups"),
        }
        if stamp := r.moment("updated_at", required=False):
            values["updated_at"] = stamp
        key = (draft.start, draft.end, draft.title)
        block_id = settle(self.blocks, self.summary, "time blocks", r, key, values)
        for occurrence in r.items("occurrences", ""):
            self._occurrence(occurrence, block_id, zone)

    def _occurrence(self, r: Record, block_id: int, zone: str) -> None:
        values = {"block": block_id, "original_start": r.moment("original_start", zone)}
        values |= {"start": r.moment("start", zone), "end": r.moment("end", zone)}
        values |= {"status": r.choice("status", BLOCK_STATUSES, "planned")}
        values |= {"cancelled": bool(r.raw.get("cancelled"))}
        if values["end"] <= values["start"]:
            raise r.refuse("the end must be after the start")
        if stamp := r.moment("updated_at", required=False):
            values["updated_at"] = stamp
        settle(
            self.occurrences,
            self.summary,
            "block weeks",
            r,
            (block_id, values["original_start"]),
            values,
        )

    # The ledger

    def ledger_line(self, r: Record) -> None:
        day = r.day("date", required=True)
        follow_up = r.day("follow_up")
        if follow_up and follow_up < day:
            raise r.refuse("the follow-up is before the entry's date")
        person = self.refs.follow(r, "person", "people")
        if person is None:
            raise r.refuse("'person' is missing")
        other = self.refs.follow(r, "other_person", "people")
        if other == person:
            raise r.refuse("an introduction is between two different people")
        values = {"date": day, "person": person, "other_person": other}
        values |= {"direction": r.choice("direction", DIRECTIONS)}
        values |= {
            "kind": r.choice("kind", LEDGER_KINDS, "other"),
            "note": r.text("note", 2000).strip(),
        }
        values |= {"follow_up": follow_up, "followed_up": r.day("followed_up")}
        if stamp := r.moment("updated_at", required=False):
            values["updated_at"] = stamp
        key = (day, person, values["direction"], values["kind"], values["note"])
        settle(self.ledger, self.summary, "ledger", r, key, values)

    # Day notes

    def day_note(self, r: Record) -> None:
        first = r.day("day", required=True)
        text = r.text("text", day_notes.TEXT_LENGTH, required=True)
        first, last, text = refusing(r, day_notes.check, first, r.day("last_day") or first, text)
        values = {"day": first, "last_day": last, "text": text}
        if stamp := r.moment("updated_at", required=False):
            values["updated_at"] = stamp
        settle(self.day_notes, self.summary, "day notes", r, (first, last, text), values)

    def flush(self) -> None:
        """Write the queued rows, referenced tables first."""
        known = (self.people, self.groups, self.blocks, self.occurrences, self.ledger)
        for each in (*known, self.day_notes):
            each.flush()


def merge_note(mine: StepNote, theirs: dict) -> tuple[str, dict | None]:
    """One day's version of a note in two journals: what to keep, never losing text.

    A text the other already holds changes nothing; the newer by both revision and time
    wins; otherwise both are kept, the newer first. Returns the summary's column and the
    values to save (None: nothing)."""
    text, revision = theirs["text"], theirs.get("revision", 1)
    if text in mine.text:
        return "present", None
    if mine.text in text or (revision > mine.revision and theirs["saved_at"] > mine.saved_at):
        return "updated", {"text": text, "saved_at": theirs["saved_at"], "revision": revision}
    if mine.revision > revision and mine.saved_at > theirs["saved_at"]:
        return "present", None
    versions = [(mine.saved_at, mine.revision, mine.text), (theirs["saved_at"], revision, text)]
    older, newer = sorted(versions)
    both = f"{newer[2]}\n\n--- {KEPT_TWICE} ---\n{older[2]}"
    return "twice", {
        "text": both,
        "saved_at": newer[0],
        "revision": max(revision, mine.revision) + 1,
    }
