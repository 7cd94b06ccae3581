"""People: the names blocks and ledger entries point to."""

from mentorjournal.models import Person
from mentorjournal.services import ValidationError

NAME_LENGTH = 120


def person_named(name: str) -> int | None:
    """The id of the person called `name` (any case), created if new; None for no name."""
    name = " ".join(name.split())
    if not name:
        return None
    if len(name) > NAME_LENGTH:
        raise ValidationError("person", f"a name has at most {NAME_LENGTH} characters")
    person = Person.get_or_none(Person.name == name)  # the column collates NOCASE
    return person.id if person else Person.create(name=name).id


def name_of(person_id: int | None) -> str:
    if person_id is None:
        return ""
    person = Person.get_or_none(Person.id == person_id)
    return person.name if person else ""
