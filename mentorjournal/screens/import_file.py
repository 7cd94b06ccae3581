"""Import a file from inside the app (command palette: "Import file…")."""

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from mentorjournal.services import ValidationError
from mentorjournal.widgets.form import Field, FormScreen, text_field


class ImportForm(FormScreen[Path]):
    """Asks for the file; returns its path once it exists."""

    heading = "Import a file: a mentorjournal JSON export, an .ics calendar, or jrnl's JSON"

    def fields(self) -> Iterable[Field]:
        yield text_field("path", "File", placeholder="~/Downloads/calendar.ics")

    def submit(self) -> Path:
        path = Path(self.value("path").strip()).expanduser()
        if not self.value("path").strip():
            raise ValidationError("path", "type the path of the file to import")
        if not path.is_file():
            raise ValidationError("path", f"there is no file at {path}")
        return path


class ImportProgress(ModalScreen[None]):
    """Shown while the import runs in the background; the app closes it when done."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.assemble("Importing ", (str(self.path), "bold"), "…"))
            yield ProgressBar(total=None, show_eta=False)
