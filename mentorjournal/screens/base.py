"""The frame every screen shares: the nav bar on top, the footer with its keys below."""

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from mentorjournal.widgets.nav_bar import NavBar


class AppScreen(Screen):
    """A screen reached with a number key; subclasses fill `compose_body`."""

    MODE = ""

    def compose(self) -> ComposeResult:
        yield NavBar(self.MODE)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> Iterable[Widget]:
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
