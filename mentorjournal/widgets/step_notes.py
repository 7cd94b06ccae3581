"""A step's notes (strengths, purpose, what I can offer…), saved as they are typed."""

from collections.abc import Callable
from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static, TextArea

from mentorjournal.services import StorageError, ValidationError, steps, storage_reason
from mentorjournal.services.journal import is_read_only
from mentorjournal.services.steps import STEP_TOPICS, NoteState, StaleNote
from mentorjournal.widgets.autosave import RETRY_DELAY, Autosave
from mentorjournal.widgets.drafts import Snapshot
from mentorjournal.widgets.merge_dialog import MINE, THEIRS, MergeScreen
from mentorjournal.widgets.read_only import swallow_typing

SLOTS = max(len(topics) for topics in STEP_TOPICS.values())


class StepNotes(Vertical):
    """Up to SLOTS note fields; `show(step)` fills them with that step's topics."""

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        self.step: int | None = None
        self._saved: dict[str, NoteState] = {}  # each topic as last loaded or saved here
        self._merging = False
        self._autosave = Autosave(self, self._write, self._snapshot)

    def compose(self) -> ComposeResult:
        for slot in range(SLOTS):
            yield Label(id=f"note-label-{slot}", classes="note-label")
            yield TextArea(id=f"note-{slot}", classes="note", soft_wrap=True, tab_behavior="focus")
        yield Static(id="notes-status")

    def on_mount(self) -> None:
        self.app.add_saver(self.save_now)
        self._autosave.start()
        if is_read_only():  # nothing typed here could be saved: take no typing
            for area in self.query(TextArea):
                area.read_only = True

    def on_unmount(self) -> None:
        self.app.remove_saver(self.save_now)
        self._autosave.stop()

    def _snapshot(self) -> Snapshot:
        """The notes that differ from what is saved, for the drafts store."""
        changed = {
            topic: area.text
            for topic, area in self._slots()
            if area.text != self._saved.get(topic, NoteState("")).text
        }
        if self.step is None or not changed:
            return None
        data = {"kind": "notes", "step": self.step, "notes": changed}
        return f"notes:{self.step}", f"step {self.step} notes", data

    def restore(self, notes: dict[str, str], replaces: str) -> None:
        """Put a draft's notes back in the fields of the step on show, as if just typed."""
        for topic, area in self._slots():
            if topic in notes:
                area.load_text(notes[topic])
        self._autosave.restored(replaces)

    def _slots(self) -> list[tuple[str, TextArea]]:
        topics = STEP_TOPICS.get(self.step or 0, ())
        return [
            (topic, self.query_one(f"#note-{n}", TextArea)) for n, (topic, _) in enumerate(topics)
        ]

    def first_field(self) -> TextArea:
        return self.query_one("#note-0", TextArea)

    def show(self, step: int) -> bool:
        """Show `step`'s notes, after saving the ones on screen (False if they could not be)."""
        if step == self.step:
            return True
        if not self.save_now():
            return False
        self.step = step
        self._saved = {}
        topics = STEP_TOPICS[step]
        for slot in range(SLOTS):
            label = self.query_one(f"#note-label-{slot}", Label)
            area = self.query_one(f"#note-{slot}", TextArea)
            used = slot < len(topics)
            label.display = area.display = used
            if used:
                topic, title = topics[slot]
                label.update(title)
                self._saved[topic] = steps.note_state(step, topic)
                area.load_text(self._saved[topic].text)
        self._status("")
        return True

    def on_key(self, event: events.Key) -> None:
        swallow_typing(self, event)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._autosave.changed()

    def save_now(self) -> bool:
        """Write the notes that changed; True when nothing is left unsaved (what is left
        stays in the drafts store meanwhile)."""
        return self._autosave.save()

    def _write(self) -> bool:
        if self.step is None or self._merging:
            return self.step is None
        try:
            for topic, area in self._slots():
                loaded = self._saved.get(topic, NoteState(""))
                if area.text != loaded.text:
                    before = self.app.changes
                    self._saved[topic] = steps.save_note(
                        self.step, topic, area.text, self._now(), loaded
                    )
                    self.app.shown_own_change(self.screen, before)  # nothing else shows notes
                    self._status(f"notes saved {self._now():%H:%M:%S}")
        except StaleNote as stale:
            self._conflict(topic, area, stale.current)
            return False
        except ValidationError as error:
            self._status(f"not saved: {error.message}", error=True)
            return False
        except StorageError as error:
            self._status(f"not saved ({storage_reason(error)}); retrying", error=True)
            self._autosave.retry_in(RETRY_DELAY)
            return False
        return True

    def _conflict(self, topic: str, area: TextArea, theirs: NoteState) -> None:
        """Another window saved this note since it was loaded: never overwrite, never lose.
        Closing, both texts are kept together; otherwise the user sees both and chooses."""
        step, mine = self.step, area.text
        self._saved[topic] = theirs  # what is saved from now on goes over their version
        if self.app.closing:
            area.load_text(_both(mine, theirs.text))
            self.save_now()
            return
        self._merging = True
        self._status("changed in another window", error=True)
        screen = MergeScreen(mine, theirs.text, theirs.saved_at, theirs.revision, what="note")
        self.app.push_screen(screen, lambda choice: self._resolve(choice, step, topic, area, mine))

    def _resolve(self, choice: str | None, step: int | None, topic: str, area: TextArea, mine: str):
        self._merging = False
        if step != self.step:
            return
        theirs = self._saved[topic]
        if choice == THEIRS:
            area.load_text(theirs.text)
        elif choice != MINE:
            area.load_text(_both(mine, theirs.text))
        self.save_now()

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#notes-status", Static)
        status.update(Content(text))
        status.set_class(error, "-error")


def _both(mine: str, theirs: str) -> str:
    return f"{mine}\n\n--- from the other window ---\n{theirs}"
