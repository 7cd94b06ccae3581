"""People: relationship stages, the last time you were in touch, and when to be again."""

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from peewee import fn

from mentorjournal import clock
from mentorjournal.db import write
from mentorjournal.models import STAGES, LedgerEntry, Person
from mentorjournal.services import ValidationError, check_text
from mentorjournal.services.attended import done_meetings
from mentorjournal.words import amount

__all__ = ["STAGES"]

NAME_LENGTH = 120
TEXT_LENGTH = 2_000
SORTS = ("name", "last contact", "overdue")

# Asking too early: a mentor is someone you have known for a while and dealt with often.
MENTOR_MIN_INTERACTIONS = 3
MENTOR_MIN_KNOWN = timedelta(days=30)


@dataclass(frozen=True)
class PersonForm:
    """A person as typed in a form."""

    name: str
    organisation: str = ""
    role: str = ""
    stage: str = "acquaintance"
    met_on: date | None = None
    met_how: str = ""
    notes: str = ""
    touch_every_days: int | None = None


@dataclass(frozen=True)
class PersonRow:
    """A person with what the list shows about them."""

    id: int
    details: PersonForm
    last_contact: date | None
    given: int
    received: int
    overdue_days: int | None  # days past the stay-in-touch interval, or None

    @property
    def name(self) -> str:
        return self.details.name


def _clean_name(name: str) -> str:
    return " ".join(name.split())


def _check(form: PersonForm, person_id: int | None = None) -> dict:
    for field in ("name", "organisation", "role", "met_how", "notes"):
        check_text(field, getattr(form, field), TEXT_LENGTH)
    name = _clean_name(form.name)
    if not name:
        raise ValidationError("name", "a person needs a name")
    if len(name) > NAME_LENGTH:
        raise ValidationError("name", f"a name has at most {NAME_LENGTH} characters")
    same = Person.get_or_none(Person.name == name)  # NOCASE: Ana and ana are one person
    if same is not None and same.id != person_id:
        raise ValidationError("name", f"there is already someone called {same.name}")
    if form.stage not in STAGES:
        raise ValidationError("stage", f"the stage is one of: {', '.join(STAGES)}")
    if form.met_on and form.met_on > clock.today() + timedelta(days=1):
        raise ValidationError("met_on", "you cannot have met on a day still to come")
    if form.touch_every_days is not None and not 1 <= form.touch_every_days <= 3650:
        raise ValidationError("touch_every_days", "stay in touch every 1 to 3650 days")
    return {field.name: getattr(form, field.name) for field in fields(form)} | {"name": name}


def create_person(form: PersonForm, today: date) -> int:
    values = _check(form)
    with write():
        return Person.create(**values, created_at=datetime.combine(today, time())).id


def update_person(person_id: int, form: PersonForm) -> None:
    values = _check(form, person_id)
    with write():
        Person.update(**values).where(Person.id == person_id).execute()


def get_person(person_id: int) -> PersonForm:
    return _form_of(Person.get_by_id(person_id))


def _form_of(person: Person) -> PersonForm:
    return PersonForm(**{field.name: getattr(person, field.name) for field in fields(PersonForm)})


def person_named(name: str) -> int | None:
    """The id of the person called `name` (any case), created if new; None for no name."""
    name = _clean_name(check_text("person", name, TEXT_LENGTH))
    if not name:
        return None
    if len(name) > NAME_LENGTH:
        raise ValidationError("person", f"a name has at most {NAME_LENGTH} characters")
    person = Person.get_or_none(Person.name == name)
    return person.id if person else Person.create(name=name).id


def name_of(person_id: int | None) -> str:
    if person_id is None:
        return ""
    person = Person.get_or_none(Person.id == person_id)
    return person.name if person else ""


def names() -> list[str]:
    """Every person's name, for suggestions as you type."""
    return [row.name for row in Person.select(Person.name).order_by(Person.name)]


def ledger_count(person_id: int) -> int:
    """Ledger entries that would go with the person if they were deleted."""
    return LedgerEntry.select().where(LedgerEntry.person == person_id).count()


def delete_person(person_id: int) -> None:
    """Delete a person with their ledger entries; blocks and introductions forget them."""
    with write():
        Person.delete().where(Person.id == person_id).execute()


def _last_contacts(now: datetime) -> dict[int, date]:
    """The last day of any logged interaction per person: ledger entries and meetings."""
    last: dict[int, date] = {}
    ledger = (
        LedgerEntry.select(LedgerEntry.person, fn.MAX(LedgerEntry.date))
        .where(LedgerEntry.date <= now.date())
        .group_by(LedgerEntry.person)
        .tuples()
    )
    meetings = [(person, met.last) for person, met in done_meetings("person", now).items()]
    for person_id, when in [*ledger, *meetings]:
        day = when.date() if isinstance(when, datetime) else when
        if isinstance(day, str):  # MAX() hands back the stored text
            day = date.fromisoformat(day[:10])
        last[person_id] = max(last.get(person_id, day), day)
    return last


def interactions(person_id: int, now: datetime) -> int:
    ledger = LedgerEntry.select().where(
        (LedgerEntry.person == person_id) & (LedgerEntry.date <= now.date())
    )
    met = done_meetings("person", now).get(person_id)
    return ledger.count() + (met.count if met else 0)


def too_early_for_mentor(person_id: int | None, met_on: date | None, now: datetime) -> str | None:
    """Why asking this person to be a mentor may be too early, or None if it is not."""
    count = interactions(person_id, now) if person_id else 0
    known_since = met_on
    if person_id and known_since is None:
        known_since = Person.get_by_id(person_id).created_at.date()
    reasons = []
    if count < MENTOR_MIN_INTERACTIONS:
        reasons.append(f"only {amount(count, 'logged interaction')}")
    if known_since is None or now.date() - known_since < MENTOR_MIN_KNOWN:
        days = (now.date() - known_since).days if known_since else 0
        reasons.append(f"known for {amount(days, 'day')}")
    if not reasons:
        return None
    return (
        f"{' and '.join(reasons)}. Relationships grow over time: asking someone you "
        "barely know to be your mentor rarely works."
    )


def people(now: datetime, sort: str = "name", text: str = "") -> list[PersonRow]:
    """Everyone, narrowed to names, organisations or roles containing `text`, sorted."""
    query = Person.select()
    for word in text.split():
        query = query.where(
            Person.name.contains(word)
            | Person.organisation.contains(word)
            | Person.role.contains(word)
            | (Person.stage == word.lower())
        )
    counts: dict[tuple[int, str], int] = {
        (person, direction): count
        for person, direction, count in LedgerEntry.select(
            LedgerEntry.person, LedgerEntry.direction, fn.COUNT(LedgerEntry.id)
        )
        .group_by(LedgerEntry.person, LedgerEntry.direction)
        .tuples()
    }
    last = _last_contacts(now)
    rows = []
    for person in query:
        contact = last.get(person.id)
        overdue = None
        if person.touch_every_days:
            since = contact or person.created_at.date()
            overdue = (now.date() - since).days - person.touch_every_days
        rows.append(
            PersonRow(
                id=person.id,
                details=_form_of(person),
                last_contact=contact,
                given=counts.get((person.id, "give"), 0),
                received=counts.get((person.id, "receive"), 0),
                overdue_days=overdue,
            )
        )
    if sort == "last contact":
        rows.sort(
            key=lambda row: (row.last_contact is None, -(row.last_contact or date.min).toordinal())
        )
    elif sort == "overdue":
        rows.sort(key=lambda row: (row.overdue_days is None, -(row.overdue_days or 0)))
    else:
        rows.sort(key=lambda row: row.name.lower())
    return rows
