"""The top bar: the six screens by key, the current one lit."""

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.markup import escape
from textual.widgets import Label

from mentorjournal.services.journal import is_read_only
from mentorjournal.widgets.keys import key_of

SCREENS = (
    ("journal", "1", "Journal"),
    ("checklist", "2", "Checklist"),
    ("week", "3", "Week"),
    ("ledger", "4", "Ledger"),
    ("people", "5", "People"),
    ("review", "6", "Review"),
)


LOST = "server out of reach · typing is kept"


class NavBar(Horizontal):
    """Where you are and where the number keys go."""

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        yield Label("mentorjournal", id="brand")
        self._read_only = is_read_only()  # read once: the journal may be opening meanwhile
        if self._read_only:
            yield Label("read-only", id="read-only")
        lost = Label(LOST, id="connection-lost")
        lost.display = False
        yield lost
        for mode, _key, name in SCREENS:
            key = escape(key_of(self.app, f"go-{mode}"))
            label = Label(f"[@click=app.go('{mode}')]{key} {name}[/]", classes="nav-item")
            label.set_class(mode == self.current, "-current")
            yield label
        search, help_ = (escape(key_of(self.app, name)) for name in ("search", "help"))
        hints = f"[@click=app.search]{search} search[/]  [@click=app.help]{help_} help[/]"
        yield Label(hints, id="nav-hints")

    def journal_opened(self) -> None:
        """Say "read-only" if the journal opened since (after its passphrase) is."""
        if is_read_only() != self._read_only:
            self.call_after_refresh(self.recompose)

    def on_mount(self) -> None:
        self.show_lost(getattr(self.app, "connection_lost", None))

    def show_lost(self, reason: str | None) -> None:
        """One line while a server journal cannot be reached; `reason` as its tooltip."""
        label = self.query_one("#connection-lost", Label)
        label.display = reason is not None
        label.tooltip = reason
