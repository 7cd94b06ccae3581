"""A question with a few answers, each on its own key."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ChoiceScreen(ModalScreen[str | None]):
    """Returns the value of the answer chosen, or None on escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel")]

    def __init__(self, question: str | Content, answers: list[tuple[str, str, str]]) -> None:
        """`answers`: (key, label, value) each."""
        super().__init__()
        self.question = question
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                for key, label, value in self.answers:
                    yield Button(f"{label} ({key})", id=f"answer-{value.replace(' ', '-')}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()  # callers put the safe answer first

    def on_key(self, event) -> None:
        for key, _label, value in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        index = list(self.query(Button)).index(event.button)
        self.dismiss(self.answers[index][2])
