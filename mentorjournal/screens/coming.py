"""A screen whose issue has not landed yet: it says so, and nothing pretends to work."""

from collections.abc import Iterable

from textual.widget import Widget
from textual.widgets import Static

from mentorjournal.screens.base import AppScreen

COMING = {
    "review": ("Review", "the week in numbers and pictures", 6),
}


class ComingScreen(AppScreen):
    def __init__(self, mode: str) -> None:
        self.MODE = mode
        super().__init__(name=mode)

    def compose_body(self) -> Iterable[Widget]:
        title, what, issue = COMING[self.MODE]
        yield Static(
            f"[b]{title}[/b] — {what} — is not built yet (issue #{issue}). "
            "Press [b]1[/b] for the Journal.",
            classes="coming",
        )
