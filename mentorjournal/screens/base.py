"""The frame every screen shares: the nav bar on top, the footer with its keys below."""

from collections.abc import Iterable

from textual.app import ComposeResult
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
