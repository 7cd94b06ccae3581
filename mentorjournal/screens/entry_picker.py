"""Pick one entry from a short list (a step's entries of the week)."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mentorjournal.services.entries import EntryData


class EntryPickerScreen(ModalScreen[int | None]):
    """Returns the chosen entry's id, or None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="dialog.close")]

    def __init__(self, heading: str, entries: list[EntryData]) -> None:
        super().__init__()
        self.heading = heading
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="picker"):
            yield Static(Content.styled(self.heading, "bold"))
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (f"{entry.day:%a %d %b}  ", "dim"), entry.title or "(untitled)"
                        ),
                        id=str(entry.id),
                    )
                    for entry in self.entries
                ),
                id="picked",
            )

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
