"""The top bar: the six screens by key, the current one lit."""

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from mentorjournal.services.journal import is_read_only

SCREENS = (
    ("journal", "1", "Journal"),
    ("checklist", "2", "Checklist"),
    ("week", "3", "Week"),
    ("ledger", "4", "Ledger"),
    ("people", "5", "People"),
    ("review", "6", "Review"),
)


class NavBar(Horizontal):
    """Where you are and where the number keys go."""

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        yield Label("mentorjournal", id="brand")
        if is_read_only():
            yield Label("read-only", id="read-only")
        for mode, key, name in SCREENS:
            label = Label(f"[@click=app.go('{mode}')]{key} {name}[/]", classes="nav-item")
            label.set_class(mode == self.current, "-current")
            yield label
        yield Label("[@click=app.search]/ search[/]  [@click=app.help]? help[/]", id="nav-hints")
