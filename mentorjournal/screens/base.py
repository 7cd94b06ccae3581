"""The frame every screen shares: the nav bar on top, the footer with its keys below.

Every screen also shows the journal as it is now: it catches up with changes when it
is shown, and (through the app) when a change arrives while it is on screen.
"""

from collections.abc import Iterable
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from mentorjournal.services.weeks import week_start
from mentorjournal.widgets.nav_bar import NavBar


class AppScreen(Screen):
    """A screen reached with a number key; subclasses fill `compose_body` and `reload`."""

    MODE = ""

    def __init__(self) -> None:
        super().__init__()
        self._seen_changes = self.app.changes  # what the first drawing will show
        self.this_week = self.week_of(self.app.today())
        self.week = self.this_week  # the week on show, on screens that show one

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
        raise NotImplementedError

    def week_of(self, day: date) -> date:
        """The first day of the week holding `day`, as the configuration counts weeks."""
        return week_start(day, self.app.config.first_weekday)

    def on_screen_resume(self) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Redraw if the journal or the day changed since this screen last drew."""
        if self._seen_changes != self.app.changes:
            self.roll_week()
            self.reload()
            self.drawn()

    def drawn(self, was: int | None = None) -> None:
        """This screen shows every change so far (if `was` is given: if it showed every
        change up to `was`)."""
        if was is None or self._seen_changes == was:
            self._seen_changes = self.app.changes

    def roll_week(self) -> None:
        """After midnight: 'this week' is the new one, and a screen on it follows."""
        this_week = self.week_of(self.app.today())
        if this_week != self.this_week:
            if self.week == self.this_week:
                self.week = this_week
            self.this_week = this_week

    def reload(self) -> None:
        """Show the journal as it is now, keeping the cursor and anything being typed."""
        raise NotImplementedError


def declared_keys(node: DOMNode) -> list[tuple[list[str], Binding]]:
    """The bindings `node`'s class declares, one per action with all its keys.

    The one source for the help screen and the command palette, so that both list
    the same actions whatever widget has focus.
    """
    by_action: dict[str, tuple[list[str], Binding]] = {}
    for binding in Binding.make_bindings(type(node).BINDINGS):
        if binding.description:
            keys, _first = by_action.setdefault(binding.action, ([], binding))
            keys.append(node.app.get_key_display(binding))
    return list(by_action.values())
