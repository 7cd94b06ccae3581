"""Help: every key of the screen underneath, and the keys that work everywhere."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

MOVING = [
    ("↑ ↓  j k", "move in a list"),
    ("enter", "open what the cursor is on"),
    ("escape", "leave a text field, so that the letter keys work"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.sections = {"This screen": [], "Everywhere": [], "Moving around": MOVING}
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            where = "Everywhere" if node is self.app else "This screen" if node is screen else ""
            if not where or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            self.sections[where].append((self.app.get_key_display(binding), binding.description))

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Content.from_markup("[b]Keys[/b]  [dim]escape closes[/dim]"))
            for where, rows in self.sections.items():
                lines = [Content.assemble((f"  {keys:<10}", "bold"), what) for keys, what in rows]
                heading = Content.styled(where, "bold $text-accent")
                yield Static(Content("\n").join([heading, *lines]), classes="help-section")
