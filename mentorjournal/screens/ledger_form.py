"""The form for a ledger entry: what was given or received, with whom, and a follow-up."""

from collections.abc import Iterable
from datetime import date
from typing import Any, Self

from textual.suggester import SuggestFromList

from mentorjournal import clock
from mentorjournal.services import ledger, people
from mentorjournal.services.ledger import DIRECTIONS, LEDGER_KINDS, EntryForm, Row
from mentorjournal.services.parsing import optional_date, parse_date
from mentorjournal.widgets.form import Field, FormScreen, choice_field, text_field


class LedgerForm(FormScreen[int]):
    """New entry (give or receive), or edit `row`; returns the entry's id."""

    draft_kind = draft_mode = "ledger"

    def __init__(self, today: date, direction: str = "give", row: Row | None = None) -> None:
        super().__init__()
        self.today = today
        self.row = row
        self.direction = row.direction if row else direction
        self.heading = "Edit ledger entry" if row else f"New: something you {self.direction}"

    def draft_origin(self) -> dict[str, Any]:
        return {"direction": self.direction, "row": self.row.id if self.row else None}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        row = ledger.find(origin["row"]) if origin.get("row") else None
        return cls(clock.today(), origin.get("direction", "give"), row)

    def fields(self) -> Iterable[Field]:
        row = self.row
        names = SuggestFromList(people.names(), case_sensitive=False)
        kind = row.kind if row else "advice" if self.direction == "receive" else "other"
        yield text_field("person", "Person", row.person if row else "", suggester=names)
        yield choice_field("direction", "Direction", DIRECTIONS, self.direction)
        yield choice_field("kind", "Kind", LEDGER_KINDS, kind)
        yield text_field("note", "What", row.note if row else "", "the advice, the resource…")
        yield text_field(
            "other_person",
            "Introduced",
            row.other_person if row else "",
            "for an introduction: the other person",
            suggester=names,
        )
        yield text_field("day", "Date", row.day if row else self.today)
        yield text_field("follow_up", "Follow up", row and row.follow_up, "YYYY-MM-DD, or empty")

    def submit(self) -> int:
        known = {name.lower() for name in people.names()}
        new = [
            name
            for name in (self.value("person"), self.value("other_person"))
            if name.strip() and " ".join(name.split()).lower() not in known
        ]
        entry_id = self._save()
        if new:
            self.app.notify(f"Added to People: {', '.join(new)}.", markup=False)
        return entry_id

    def _save(self) -> int:
        form = EntryForm(
            day=parse_date(self.value("day"), "day"),
            person=self.value("person"),
            direction=self.value("direction"),
            kind=self.value("kind"),
            note=self.value("note"),
            other_person=self.value("other_person"),
            follow_up=optional_date(self.value("follow_up"), "follow_up"),
        )
        if self.row:
            ledger.update(self.row.id, form)
            return self.row.id
        return ledger.add(form)
