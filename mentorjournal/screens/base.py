"""What every screen shares: the frame, the common keys, undo, and how keys are shown.

The keys that mean the same on every screen (`n e d u [ ] .`) are declared here once,
each with an id that a `[keys]` table in config.toml can remap. Every screen also shows
the journal as it is now: it catches up with changes when it is shown, and (through the
app) when a change arrives while it is on screen.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from mentorjournal.services import StorageError, storage_reason
from mentorjournal.services.weeks import week_start
from mentorjournal.widgets.footer import KeysFooter
from mentorjournal.widgets.keys import key_of, keys_of
from mentorjournal.widgets.nav_bar import NavBar

PERIODS = {
    "day": ("Prev day", "Next day", "Today"),
    "week": ("Prev week", "Next week", "This week"),
}


def shared_keys(
    *names: str,
    period: str = "week",
    hide: Iterable[str] = (),
    labels: Mapping[str, str] | None = None,
    priority: Iterable[str] = (),
) -> list[Binding]:
    """The common bindings `names` (new, edit, delete, undo, periods), in that order.

    `periods` is `[` / `]` / `.`, stepping through `period` ("day" or "week") with the
    actions `step(-1)`, `step(1)` and `today`; `hide` keeps names out of the footer;
    `labels` gives a screen's own words for a binding id ("new": "New entry");
    `priority` names those that reach the screen before the focused widget.
    """
    previous, following, now = PERIODS[period]
    common = {
        "new": [Binding("n", "new", "New", id="new")],
        "edit": [Binding("e", "edit", "Edit", id="edit")],
        "delete": [Binding("d", "delete", "Delete", id="delete")],
        "undo": [Binding("u", "undo", "Undo delete", show=False, id="undo")],
        "periods": [
            Binding("left_square_bracket", "step(-1)", previous, key_display="[", id="previous"),
            Binding("right_square_bracket", "step(1)", following, key_display="]", id="next"),
            Binding("full_stop", "today", now, key_display=".", id="today"),
        ],
    }
    hidden, first = set(hide), set(priority)
    return [
        replace(
            binding,
            show=binding.show and name not in hidden,
            priority=binding.priority or name in first,
            description=(labels or {}).get(binding.id or "", binding.description),
        )
        for name in names
        for binding in common[name]
    ]


class AppScreen(Screen):
    """A screen reached with a number key; subclasses fill `compose_body` and `reload`.

    A screen that deletes or changes something calls `offer_undo` with how to take it
    back; `u` (the `undo` binding) then does, once.
    """

    MODE = ""

    def __init__(self) -> None:
        super().__init__()
        self._undo: tuple[Callable[[], object], Callable[[], object], str] | None = None
        self._seen_changes = self.app.changes  # what the first drawing will show
        self.this_week = self.week_of(self.app.today())
        self.week = self.this_week  # the week on show, on screens that show one

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.compose_body()
        yield KeysFooter()

    def compose_body(self) -> Iterable[Widget]:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo":
            return self._undo is not None
        return True

    def offer_undo(
        self,
        done: str,
        undo: Callable[[], object],
        then: Callable[[], object],
        undone: str = "Restored.",
    ) -> None:
        """Say what was `done` and which key takes it back: the service call `undo`,
        through the app's write path; once it landed, `then` redraws and `undone` is said."""
        self._undo = (undo, then, undone)
        self.refresh_bindings()
        self.notify(f"{done}. Press {key_of(self, 'undo')} to undo.", markup=False)

    def action_undo(self) -> None:
        offered, self._undo = self._undo, None
        if offered is not None:
            undo, then, undone = offered
            self.refresh_bindings()
            self.app.write(undo, lambda _: (then(), self.notify(undone, markup=False)))

    def week_of(self, day: date) -> date:
        """The first day of the week holding `day`, as the configuration counts weeks."""
        return week_start(day, self.app.config.first_weekday)

    def on_screen_resume(self) -> None:
        self.catch_up()

    def catch_up(self) -> None:
        """Redraw if the journal or the day changed since this screen last drew."""
        if self._seen_changes != self.app.changes:
            try:
                self.roll_week()
                self.reload()
            except StorageError as error:  # a server out of reach: the header says so
                self.notify(f"not up to date: {storage_reason(error)}", severity="warning")
                return
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
    the same actions (with the keys as remapped) whatever widget has focus.
    """
    by_action: dict[str, tuple[list[str], Binding]] = {}
    for binding in Binding.make_bindings(type(node).BINDINGS):
        if binding.description:
            keys, _first = by_action.setdefault(binding.action, ([], binding))
            keys.extend(key for key in keys_of(node, binding) if key not in keys)
    return list(by_action.values())
