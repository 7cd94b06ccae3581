"""Dialogs that create or edit a record: same keys everywhere, errors beside the field.

The first field has focus; tab moves between fields; ctrl+s (or enter in a one-line
field) saves; escape cancels. `submit` calls the services (through the app's one
write path): a ValidationError shows its message under the field it names and keeps the
dialog open with what was typed. Fields are made with `text_field` and `choice_field`;
labels get a column as wide as the widest label, so that no label runs into its value.

What is typed is kept in the drafts store until it is saved or cancelled; a form whose
class names a `draft_kind` can be opened again from its draft (`from_draft`).
"""

import contextlib
import json
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, Self, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static
from textual.widgets.select import InvalidSelectValueError

from mentorjournal.services import StorageError, ValidationError, storage_reason
from mentorjournal.widgets.cells import widest
from mentorjournal.widgets.drafts import DraftKeeper, Snapshot

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
    draft_kind: ClassVar[str] = ""  # set: its drafts can open the form again
    draft_mode: ClassVar[str] = ""  # the screen (mode) the form belongs to
    kinds: ClassVar[dict[str, type["FormScreen"]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.draft_kind:
            FormScreen.kinds[cls.draft_kind] = cls

    def __init__(self) -> None:
        super().__init__()
        self._keeper = DraftKeeper(self, self._snapshot)
        self._initial: dict[str, Any] | None = None
        self._restored: dict[str, Any] = {}
        self._after_save: Callable[[], object] | None = None

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

    def on_mount(self) -> None:
        self._initial = self.values()
        for name, value in self._restored.items():
            for field in self.query(f"#{name}").results(Input | Select):
                with contextlib.suppress(InvalidSelectValueError):  # a choice no longer offered
                    field.value = value if value is not None else Select.NULL
        self._keeper.start()
        if self._restored:
            self._keeper.keep_now()

    def on_unmount(self) -> None:
        self._keeper.stop()  # the draft stays: only saving or cancelling clears it

    # Drafts

    def values(self) -> dict[str, Any]:
        """What the fields hold now, by name."""
        return {
            field.id: None if field.value == Select.NULL else field.value
            for field in self.query("Input, Select").results(Input | Select)
            if field.id
        }

    @property
    def dirty(self) -> bool:
        """Whether something was typed or chosen since the form opened."""
        return self._initial is not None and self.values() != self._initial

    def draft_origin(self) -> dict[str, Any]:
        """What `from_draft` needs to open this form again (ids, not records)."""
        return {}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        """This form opened again from `draft_origin()` (as a new record if its own is gone)."""
        raise NotImplementedError

    def restore(self, values: dict[str, Any], replaces: str) -> Self:
        """Fill the fields with `values` once mounted: the draft kept under `replaces`."""
        self._restored = values
        self._keeper.take_over(replaces)
        return self

    def when_saved(self, then: Callable[[], object]) -> None:
        """Call `then` once this form has saved and closed (quitting waits for it)."""
        self._after_save = then

    def _snapshot(self) -> Snapshot:
        if not self.draft_kind or not self.dirty:
            return None
        origin = self.draft_origin()
        data = {
            "kind": "form",
            "form": self.draft_kind,
            "mode": self.draft_mode,
            "origin": origin,
            "values": self.values(),
        }
        key = f"form:{self.draft_kind}:{json.dumps(origin, sort_keys=True)}"
        return key, self.heading, data

    def on_select_changed(self) -> None:
        self._keeper.changed()

    def on_input_submitted(self) -> None:
        self.action_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing in a field clears the message beside it."""
        for error in self.query(f"#{event.input.id}-error").results(Static):
            error.display = False
        self._keeper.changed()

    def action_save(self) -> None:
        """Save through the app's write path; the form closes once it is saved."""
        if self.app.writes_waiting():
            self.notify("Still waiting to save: another window is writing to the journal.")
            return
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.display = False
        self.app.write(self.submit, self._saved, self._refused)

    def _saved(self, result: Result) -> None:
        """Saved (perhaps after waiting for another window, the form closed meanwhile)."""
        if not self.is_attached:
            return
        self._keeper.clear()
        self.dismiss(result)
        if self._after_save is not None:
            self._after_save()

    def _refused(self, error: ValidationError | StorageError) -> None:
        """Refused input, or storage that failed (a read-only journal): the form stays
        open as typed, and says why."""
        if isinstance(error, StorageError):
            error = ValidationError("form", f"not saved: {storage_reason(error)}")
        if self.is_attached:
            self._show_error(error)
        else:
            self.app.notify(error.message, severity="warning", markup=False)

    def discard(self) -> None:
        """Close without saving, and forget what was typed."""
        self._keeper.clear()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.discard()

    def _show_error(self, error: ValidationError) -> None:
        self._after_save = None  # not saved: whoever waited for it (quitting) stops waiting
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
