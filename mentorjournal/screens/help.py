"""Help: every key of the screen underneath, and the keys that work everywhere."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from mentorjournal.screens.base import declared_keys
from mentorjournal.widgets.cells import fit

MOVING = [
    ("↑ ↓  j k", "move in a list"),
    ("pgup pgdn", "a page up or down in a list"),
    ("home end", "the first or last row of a list"),
    ("enter", "open what the cursor is on"),
    ("escape", "leave a text field, so that the letter keys work"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.sections = {
            "This screen": self._rows(screen),
            "Everywhere": self._rows(screen.app),
            "Moving around": MOVING,
        }

    @staticmethod
    def _rows(node: DOMNode) -> list[tuple[str, str]]:
        return [(" ".join(keys), binding.description) for keys, binding in declared_keys(node)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Content.from_markup("[b]Keys[/b]  [dim]escape closes[/dim]"))
            for where, rows in self.sections.items():
                lines = [
                    Content.assemble(("  " + fit(keys, 10), "bold"), what) for keys, what in rows
                ]
                heading = Content.styled(where, "bold $text-accent")
                yield Static(Content("\n").join([heading, *lines]), classes="help-section")
