"""What every screen shares: the frame, the common keys, undo, and how keys are shown.

The keys that mean the same on every screen (`n e d u [ ] .`) are declared here once,
each with an id that a `[keys]` table in config.toml can remap.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

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
    """A screen reached with a number key; subclasses fill `compose_body`.

    A screen that deletes something calls `offer_undo` with how to put it back;
    `u` (the `undo` binding) then restores it, once.
    """

    MODE = ""

    def __init__(self) -> None:
        super().__init__()
        self._undo: Callable[[], object] | None = None

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

    def offer_undo(self, deleted: str, restore: Callable[[], object]) -> None:
        """Say what was deleted and which key brings it back; `restore` does."""
        self._undo = restore
        self.refresh_bindings()
        key = key_of(self, "undo")
        self.notify(f"Deleted {deleted}. Press {key} to undo.", markup=False)

    def action_undo(self) -> None:
        restore, self._undo = self._undo, None
        if restore is not None:
            restore()
            self.refresh_bindings()
            self.notify("Restored.")


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
