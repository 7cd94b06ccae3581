"""The first screen of an encrypted journal: its passphrase, three tries."""

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from mentorjournal.services.journal import JournalError, WrongPassphrase, open_journal
from mentorjournal.words import amount

TRIES = 3


class PassphraseScreen(Screen[bool]):
    """Opens the journal with the passphrase typed; returns True once it is open.

    After the third wrong passphrase, or a journal that cannot be used at all, the
    app ends with the reason in one line.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.tries = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="passphrase"):
            yield Static(
                Content.assemble((str(self.path), "bold"), " is encrypted."),
                classes="dialog-text",
            )
            yield Input(placeholder="passphrase", password=True, compact=True)
            yield Static("", id="passphrase-error", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            return
        try:
            open_journal(self.path, create=False, passphrase=event.value, check_later=True)
        except WrongPassphrase as error:
            self.tries += 1
            event.input.clear()
            if self.tries >= TRIES:
                self.app.refuse(error)
                return
            left = TRIES - self.tries
            message = f"Wrong passphrase, try again ({amount(left, 'try')} left)"
            self.query_one("#passphrase-error", Static).update(message)
        except JournalError as error:
            self.app.refuse(error)
        else:
            self.dismiss(True)
