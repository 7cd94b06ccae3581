"""Professional groups: try several, keep the few that give the most, drop the rest."""

from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from peewee import fn

from mentorjournal.db import write
from mentorjournal.models import GROUP_KINDS, GROUP_STATUSES, Group, TimeBlock
from mentorjournal.services import ValidationError, check_text
from mentorjournal.services.attended import done_meetings
from mentorjournal.services.removal import Removed, put_back, remove

__all__ = ["GROUP_KINDS", "GROUP_STATUSES"]

NAME_LENGTH = 120
# The pare-down hint: tried for this long and rated this low, consider dropping it.
PARE_DOWN_AFTER = timedelta(days=90)
PARE_DOWN_RATING = 2


@dataclass(frozen=True)
class GroupForm:
    name: str
    kind: str = "other"
    status: str = "trying"
    joined: date | None = None
    dropped: date | None = None
    rating: int | None = None
    cost_per_year: float | None = None
    notes: str = ""


@dataclass(frozen=True)
class GroupRow:
    id: int
    details: GroupForm
    attended: int
    consider_dropping: bool

    @property
    def name(self) -> str:
        return self.details.name


@dataclass(frozen=True)
class Funnel:
    tried: int
    kept: int
    dropped: int


def _check(form: GroupForm, group_id: int | None = None) -> dict:
    check_text("notes", form.notes, 2_000)
    name = " ".join(check_text("name", form.name, 2_000).split())
    if not name:
        raise ValidationError("name", "a group needs a name")
    if len(name) > NAME_LENGTH:
        raise ValidationError("name", f"a name has at most {NAME_LENGTH} characters")
    same = Group.get_or_none(Group.name == name)
    if same is not None and same.id != group_id:
        raise ValidationError("name", f"there is already a group called {same.name}")
    if form.kind not in GROUP_KINDS:
        raise ValidationError("kind", f"the kind is one of: {', '.join(GROUP_KINDS)}")
    if form.status not in GROUP_STATUSES:
        raise ValidationError("status", f"the status is one of: {', '.join(GROUP_STATUSES)}")
    if form.rating is not None and not 1 <= form.rating <= 5:
        raise ValidationError("rating", "the rating is from 1 to 5")
    if form.cost_per_year is not None and not 0 <= form.cost_per_year < 1e9:
        raise ValidationError("cost_per_year", "a cost is a number from 0 up")
    if form.dropped and form.status != "dropped":
        raise ValidationError("dropped", "only a dropped group has a date it was dropped")
    if form.joined and form.dropped and form.dropped < form.joined:
        raise ValidationError("dropped", "a group cannot be dropped before it was joined")
    return {field.name: getattr(form, field.name) for field in fields(form)} | {"name": name}


def create_group(form: GroupForm) -> int:
    values = _check(form)
    with write():
        return Group.create(**values).id


def update_group(group_id: int, form: GroupForm) -> None:
    values = _check(form, group_id)
    with write():
        Group.update(**values).where(Group.id == group_id).execute()


def delete_group(group_id: int) -> Removed:
    """Delete a group (its meetings stay, unlinked); returns what `restore_group` needs."""
    return remove(Group, group_id, unlinks=[TimeBlock.group])


def restore_group(deleted: Removed) -> None:
    """Put the group back, its meetings linked to it again."""
    put_back(deleted)


def group_id_named(name: str) -> int | None:
    """The group called `name` (any case), or None for no name; unknown names are refused."""
    name = " ".join(name.split())
    if not name:
        return None
    group = Group.get_or_none(Group.name == name)
    if group is None:
        raise ValidationError("group", f"there is no group called {name!r} (add it with 5)")
    return group.id


def group_names() -> list[str]:
    return [row.name for row in Group.select(Group.name).order_by(Group.name)]


def name_of(group_id: int | None) -> str:
    group = Group.get_or_none(Group.id == group_id) if group_id else None
    return group.name if group else ""


def groups(today: date) -> list[GroupRow]:
    """Every group, committed first, with meetings attended and the pare-down hint."""
    now = datetime.combine(today, datetime.max.time())
    attended = {
        group: meetings.count
        for group, meetings in done_meetings("group", now, kind="group meeting").items()
    }
    order = {status: n for n, status in enumerate(("committed", "trying", "dropped"))}
    rows = []
    for group in Group.select():
        form = GroupForm(**{field.name: getattr(group, field.name) for field in fields(GroupForm)})
        hint = (
            group.status == "trying"
            and group.joined is not None
            and today - group.joined > PARE_DOWN_AFTER
            and group.rating is not None
            and group.rating <= PARE_DOWN_RATING
        )
        rows.append(GroupRow(group.id, form, attended.get(group.id, 0), hint))
    return sorted(rows, key=lambda row: (order[row.details.status], row.name.lower()))


def funnel() -> Funnel:
    counts = dict(Group.select(Group.status, fn.COUNT(Group.id)).group_by(Group.status).tuples())
    return Funnel(sum(counts.values()), counts.get("committed", 0), counts.get("dropped", 0))
