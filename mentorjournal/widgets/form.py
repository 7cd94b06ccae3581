"""Dialogs that create or edit a record: same keys everywhere, errors beside the field.

The first field has focus; tab moves between fields; ctrl+s (or enter in a one-line
field) saves; escape cancels. `submit` calls the services: a ValidationError shows
its message under the field it names and keeps the dialog open with what was typed.
Fields are made with `text_field` and `choice_field`; labels get a column as wide as
the widest label, so that no label runs into its value.
"""

from collections.abc import Iterable
from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from mentorjournal.services import StorageError, ValidationError, storage_reason
from mentorjournal.widgets.cells import widest

Result = TypeVar("Result")
Field = tuple[str, str, Widget]  # (name, label, widget)


def text_field(
    name: str,
    label: str,
    value: object = "",
    placeholder: str = "",
    suggester: Suggester | None = None,
) -> Field:
    """A one-line text field; `value` None is shown empty."""
    shown = "" if value is None else str(value)
    return name, label, Input(shown, placeholder=placeholder, suggester=suggester, compact=True)


def choice_field(
    name: str, label: str, choices: Iterable[str | tuple[str, str]], value: str
) -> Field:
    """A drop-down of `choices` (values, or (label, value) pairs), one always chosen."""
    options = [choice if isinstance(choice, tuple) else (choice, choice) for choice in choices]
    return name, label, Select(options, value=value, allow_blank=False, compact=True)


class FormScreen(ModalScreen[Result], Generic[Result]):
    """Subclasses give `heading`, `fields()` and `submit()`."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    heading = ""

    def compose(self) -> ComposeResult:
        fields = list(self.fields())
        label_width = widest([label for _name, label, _widget in fields]) + 2
        with Vertical(classes="dialog form"):
            yield Static(self.heading, classes="form-title")
            for name, label, widget in fields:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label").set_styles(f"width: {label_width};")
                    widget.id = name
                    yield widget
                error = Static("", id=f"{name}-error", classes="field-error")
                error.styles.margin = (0, 0, 0, label_width)
                error.display = False
                yield error
            yield Static("ctrl+s save · escape cancel · tab next field", classes="form-hint")

    def fields(self) -> Iterable[Field]:
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
        """What the field `name` holds: the text typed, or the value chosen."""
        widget = self.query_one(f"#{name}")
        return str(widget.value) if isinstance(widget, Input | Select) else ""
