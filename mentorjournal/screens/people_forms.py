"""Forms for a person and a group."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self

from textual.content import Content

from mentorjournal import clock
from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.services import ValidationError, groups, people
from mentorjournal.services.groups import GROUP_KINDS, GROUP_STATUSES, GroupForm
from mentorjournal.services.parsing import optional_date, optional_number
from mentorjournal.services.people import STAGES, PersonForm
from mentorjournal.widgets.form import Field, FormScreen, choice_field, text_field


def _text(value: object) -> str:
    return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


class PersonFormScreen(FormScreen[int]):
    """New person, or edit one; making someone a mentor too early asks first, and says why."""

    draft_kind, draft_mode = "person", "people"

    def __init__(self, now: datetime, person_id: int | None = None) -> None:
        super().__init__()
        self.now = now
        self.person_id = person_id
        self.person = people.get_person(person_id) if person_id else PersonForm("")
        self.heading = f"Edit {self.person.name}" if person_id else "New person"
        self._mentor_confirmed = False

    def draft_origin(self) -> dict[str, Any]:
        return {"person": self.person_id}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        person_id = origin.get("person")
        return cls(clock.now(), person_id if people.name_of(person_id) else None)

    def fields(self) -> Iterable[Field]:
        person = self.person
        yield text_field("name", "Name", person.name)
        yield text_field("organisation", "Organisation", person.organisation)
        yield text_field("role", "Role", person.role)
        yield choice_field("stage", "Stage", STAGES, person.stage)
        yield text_field("met_on", "Met on", person.met_on, "YYYY-MM-DD")
        yield text_field("met_how", "How", person.met_how, "where and how you met")
        every = _text(person.touch_every_days)
        yield text_field("touch_every_days", "Keep in touch", every, "every N days, or empty")
        yield text_field("notes", "Notes", person.notes)

    def _form(self) -> PersonForm:
        return PersonForm(
            name=self.value("name"),
            organisation=self.value("organisation").strip(),
            role=self.value("role").strip(),
            stage=self.value("stage"),
            met_on=optional_date(self.value("met_on"), "met_on"),
            met_how=self.value("met_how").strip(),
            notes=self.value("notes").strip(),
            touch_every_days=optional_number(self.value("touch_every_days"), "touch_every_days"),
        )

    def action_save(self) -> None:
        """Before making someone a mentor, check the relationship is not too young."""
        try:
            form = self._form()
        except ValidationError:
            super().action_save()  # shows the message beside the field
            return
        newly_mentor = form.stage == "mentor" and self.person.stage != "mentor"
        if newly_mentor and not self._mentor_confirmed:
            reason = people.too_early_for_mentor(self.person_id, form.met_on, self.now)
            if reason:
                who = form.name or "them"
                question = f"Make {who} your mentor already? {reason[0].upper()}{reason[1:]}"
                answers = [("n", "Not yet", "no"), ("y", "Yes, anyway", "yes")]
                self.app.push_screen(ChoiceScreen(Content(question), answers), self._mentor_answer)
                return
        super().action_save()

    def _mentor_answer(self, answer: str | None) -> None:
        if answer == "yes":
            self._mentor_confirmed = True
            self.action_save()

    def submit(self) -> int:
        form = self._form()
        if self.person_id:
            people.update_person(self.person_id, form)
            return self.person_id
        return people.create_person(form, self.now.date())


class GroupFormScreen(FormScreen[int]):
    """New group, or edit one."""

    draft_kind, draft_mode = "group", "people"

    def __init__(self, group_id: int | None = None, group: GroupForm | None = None) -> None:
        super().__init__()
        self.group_id = group_id
        self.group = group or GroupForm("")
        self.heading = f"Edit {self.group.name}" if group_id else "New group"

    def draft_origin(self) -> dict[str, Any]:
        return {"group": self.group_id}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        rows = groups.groups(clock.today())
        row = next((row for row in rows if row.id == origin.get("group")), None)
        return cls(row.id, row.details) if row else cls()

    def fields(self) -> Iterable[Field]:
        group = self.group
        yield text_field("name", "Name", group.name)
        yield choice_field("kind", "Kind", GROUP_KINDS, group.kind)
        yield choice_field("status", "Status", GROUP_STATUSES, group.status)
        yield text_field("joined", "Joined", group.joined, "YYYY-MM-DD")
        yield text_field("dropped", "Dropped", group.dropped, "YYYY-MM-DD")
        yield text_field("rating", "Value 1–5", group.rating)
        yield text_field("cost_per_year", "Cost a year", _text(group.cost_per_year))
        yield text_field("notes", "Notes", group.notes)

    def submit(self) -> int:
        form = GroupForm(
            name=self.value("name"),
            kind=self.value("kind"),
            status=self.value("status"),
            joined=optional_date(self.value("joined"), "joined"),
            dropped=optional_date(self.value("dropped"), "dropped"),
            rating=optional_number(self.value("rating"), "rating"),
            cost_per_year=optional_number(
                self.value("cost_per_year"), "cost_per_year", whole=False
            ),
            notes=self.value("notes").strip(),
        )
        if self.group_id:
            groups.update_group(self.group_id, form)
            return self.group_id
        return groups.create_group(form)
