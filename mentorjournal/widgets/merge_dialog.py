"""Two windows saved the same text (an entry, a step's note): show both versions and let
the user choose."""

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

MINE, THEIRS = "mine", "theirs"  # anything else (m, escape): merge by hand


class MergeScreen(ModalScreen[str]):
    """Returns "merge" (both texts to edit together), MINE or THEIRS. Escape merges:
    nothing is lost either way."""

    BINDINGS = [
        Binding("m,escape", "dismiss('merge')", "Merge by hand"),
        Binding("k", "dismiss('mine')", "Keep mine"),
        Binding("t", "dismiss('theirs')", "Take theirs"),
    ]

    def __init__(
        self, mine: str, theirs: str, saved_at: datetime, revision: int, what: str = "entry"
    ) -> None:
        super().__init__()
        self.mine, self.theirs, self.what = mine, theirs, what
        self.saved_at, self.revision = saved_at, revision

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="merge"):
            yield Static(
                Content.assemble(
                    (f"This {self.what} was changed in another window ", "bold"),
                    f"(saved there at {self.saved_at:%H:%M}, revision "
                    f"{self.revision}). Nothing is lost: choose what to keep.",
                )
            )
            with Horizontal(id="merge-versions"):
                with VerticalScroll(classes="merge-side"):
                    yield Static(Content.styled("Yours, in this window", "bold $text-accent"))
                    yield Static(Content(self.mine))
                with VerticalScroll(classes="merge-side"):
                    yield Static(Content.styled("Theirs, saved in the other", "bold $text-accent"))
                    yield Static(Content(self.theirs))
            yield Static(
                Content.styled(
                    "m merge by hand (both in the editor) · k keep mine · t take theirs", "dim"
                )
            )
