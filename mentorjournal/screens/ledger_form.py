"""The form for a ledger entry: what was given or received, with whom, and a follow-up."""

from collections.abc import Iterable
from datetime import date
from typing import Any, Self

from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Select

from mentorjournal import clock
from mentorjournal.services import ledger, people
from mentorjournal.services.ledger import DIRECTIONS, LEDGER_KINDS, EntryForm, Row
from mentorjournal.services.parsing import optional_date, parse_date
from mentorjournal.widgets.form import FormScreen


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

    def fields(self) -> Iterable[tuple[str, str, Widget]]:
        row = self.row
        names = SuggestFromList(people.names(), case_sensitive=False)
        yield "person", "Person", Input(row.person if row else "", suggester=names, compact=True)
        yield (
            "direction",
            "Direction",
            Select(
                [(d, d) for d in DIRECTIONS], value=self.direction, allow_blank=False, compact=True
            ),
        )
        yield (
            "kind",
            "Kind",
            Select(
                [(kind, kind) for kind in LEDGER_KINDS],
                value=row.kind if row else "advice" if self.direction == "receive" else "other",
                allow_blank=False,
                compact=True,
            ),
        )
        yield (
            "note",
            "What",
            Input(row.note if row else "", placeholder="the advice, the resource…", compact=True),
        )
        yield (
            "other_person",
            "Introduced",
            Input(
                row.other_person if row else "",
                placeholder="for an introduction: the other person",
                suggester=names,
                compact=True,
            ),
        )
        yield "day", "Date", Input(f"{row.day if row else self.today}", compact=True)
        follow_up = f"{row.follow_up}" if row and row.follow_up else ""
        yield (
            "follow_up",
            "Follow up",
            Input(follow_up, placeholder="YYYY-MM-DD, or empty", compact=True),
        )

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
            direction=str(self.query_one("#direction", Select).value),
            kind=str(self.query_one("#kind", Select).value),
            note=self.value("note"),
            other_person=self.value("other_person"),
            follow_up=optional_date(self.value("follow_up"), "follow_up"),
        )
        if self.row:
            ledger.update(self.row.id, form)
            return self.row.id
        return ledger.add(form)
