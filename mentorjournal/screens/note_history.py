"""Earlier versions of a step's note, each with its date."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mentorjournal.services.steps import NoteVersion


class NoteHistoryScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,v,q", "dismiss", "Close", id="dialog.close")]

    def __init__(self, heading: str, versions: list[tuple[str, NoteVersion]]) -> None:
        """`versions`: (label of the note, version), newest first."""
        super().__init__()
        self.heading = heading
        self.labels = [label for label, _version in versions]
        self.versions = [version for _label, version in versions]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="history"):
            yield Static(Content.styled(f"{self.heading}: notes, every version", "bold"))
            if not self.versions:
                yield Static(Content.styled("Nothing written yet.", "dim"))
                return
            with Horizontal():
                yield OptionList(
                    *(
                        Option(
                            Content.assemble(f"{version.day:%d %b %Y}  ", (label, "dim")),
                            id=str(index),
                        )
                        for index, (label, version) in enumerate(
                            zip(self.labels, self.versions, strict=True)
                        )
                    ),
                    id="versions",
                )
                with VerticalScroll(id="version-text"):
                    yield Static(Content(self.versions[0].text), id="version")

    @on(OptionList.OptionHighlighted)
    def _show(self, event: OptionList.OptionHighlighted) -> None:
        text = self.versions[int(event.option.id or 0)].text
        self.query_one("#version", Static).update(Content(text or "(empty)"))
