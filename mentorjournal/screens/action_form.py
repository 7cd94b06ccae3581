"""The form for a checklist action: its text and cadence."""

from collections.abc import Iterable
from datetime import date
from typing import Any, Self

from mentorjournal import clock
from mentorjournal.services import checklist
from mentorjournal.services.checklist import CADENCES, ActionData
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.widgets.form import Field, FormScreen, choice_field, text_field


class ActionForm(FormScreen[int]):
    """New action under `step`, or edit `action`; returns the action's id."""

    draft_kind, draft_mode = "action", "checklist"

    def __init__(self, step: int, today: date, action: ActionData | None = None) -> None:
        super().__init__()
        self.step = step
        self.today = today
        self.action = action
        verb = "Edit action" if action else "New action"
        self.heading = f"{verb} · step {step}: {STEP_TITLES[step]}"

    def draft_origin(self) -> dict[str, Any]:
        return {"step": self.step, "action": self.action.id if self.action else None}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        today = clock.today()
        actions = checklist.actions_in_week(today).get(origin["step"], [])
        action = next((a for a in actions if a.id == origin.get("action")), None)
        return cls(origin["step"], today, action)

    def fields(self) -> Iterable[Field]:
        yield text_field("text", "What to do", self.action.text if self.action else "")
        cadence = self.action.cadence if self.action else "once"
        yield choice_field("cadence", "How often", CADENCES, cadence)

    def submit(self) -> int:
        text = self.value("text")
        cadence = self.value("cadence")
        if self.action:
            checklist.update_action(self.action.id, text, cadence)
            return self.action.id
        return checklist.add_action(self.step, text, cadence, today=self.today)
