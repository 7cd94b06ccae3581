"""Dialogs that create or edit a record: same keys everywhere, errors beside the field.

The first field has focus; tab moves between fields; ctrl+s (or enter in a one-line
field) saves; escape cancels. `submit` calls the services: a ValidationError shows
its message under the field it names and keeps the dialog open with what was typed.
"""

from collections.abc import Iterable
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from mentorjournal.services import StorageError, ValidationError, storage_reason

Result = TypeVar("Result")


class FormScreen(ModalScreen[Result], Generic[Result]):
    """Subclasses give `heading`, `fields()` and `submit()`."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]
    heading = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Static(self.heading, classes="form-title")
            for name, label, widget in self.fields():
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    widget.id = name
                    yield widget
                error = Static("", id=f"{name}-error", classes="field-error")
                error.display = False
                yield error
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def fields(self) -> Iterable[tuple[str, str, Widget]]:
        """(name, label, widget) for each field, the main text first."""
        raise NotImplementedError

    def submit(self) -> Result:
        """Save through the services and return the result; raise ValidationError if refused."""
        raise NotImplementedError

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in a field clears the message beside it."""
        for error in self.query(f"#{event.input.id}-error").results(Static):
            error.display = False

    def action_save(self) -> None:
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.display = False
        try:
            result = self.submit()
        except ValidationError as error:
            self._show_error(error)
            return
        except StorageError as error:  # e.g. a read-only journal: the form stays as typed
            self._show_error(ValidationError("form", f"not saved: {storage_reason(error)}"))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _show_error(self, error: ValidationError) -> None:
        targets = self.query(f"#{error.field}-error")
        if not targets:  # a rule about the record as a whole: show it under the first field
            targets = self.query(".field-error")
        target = targets.first(Static)
        target.update(Content(error.message))
        target.display = True
        field = self.query(f"#{error.field}")
        if field:
            field.first().focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value
