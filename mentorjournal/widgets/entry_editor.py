"""One journal entry's text, step and tags, saved as they are typed."""

import gc
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from mentorjournal.services import StorageError, ValidationError, entries, storage_reason
from mentorjournal.services.entries import EntryData, StaleEntry
from mentorjournal.services.journal import is_read_only
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.widgets.autosave import RETRY_DELAY, Autosave
from mentorjournal.widgets.drafts import Snapshot
from mentorjournal.widgets.read_only import swallow_typing
from mentorjournal.words import amount

OPENING = "opening the journal…"
PLACEHOLDER = (
    "Write the day's page. What did you learn? Who helped you, and whom did you help?\n"
    "The first line is the title. Escape leaves the editor; ? lists the keys."
)


class PageArea(TextArea):
    """The page's text. While it is blank, `[`, `]` and `.` are left to the screen's
    bindings (browsing days); once anything is written they are typed like any key."""

    BROWSE_KEYS = ("[", "]", ".")

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if not self.text and character in self.BROWSE_KEYS:
            return False
        return super().check_consume_key(key, character)


@dataclass(frozen=True)
class Draft:
    """What the fields hold, to compare with what was last saved."""

    body: str
    step: int | None
    tags: str


class EntryEditor(Vertical):
    """Edits one entry of one day; an empty page becomes an entry once typed into."""

    class Saved(Message):
        """An entry was written to the database."""

        def __init__(self, entry: EntryData) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._now = now
        self.day: date | None = None
        self.entry: EntryData | None = None
        self._saved = Draft("", None, "")
        self._autosave = Autosave(self, self._write, self._snapshot)
        self._merging = False
        self._said: dict[str, str] = {}  # what the lines under the page say

    def compose(self) -> ComposeResult:
        yield PageArea(id="body", soft_wrap=True, tab_behavior="focus")
        with Horizontal(id="meta"):
            yield Label("Step", classes="field-label")
            yield Select(
                [(f"{number} {title}", number) for number, title in STEP_TITLES.items()],
                prompt="none",
                id="step",
                compact=True,
            )
            yield Label("Tags", classes="field-label")
            yield Input(placeholder="comma-separated", id="tags", compact=True)
        with Horizontal(id="status-row"):
            yield Static(id="field-error")
            yield Static(OPENING, id="save-status")

    def on_mount(self) -> None:
        self.app.add_saver(self.save_now)
        self._autosave.start()

    def journal_opened(self) -> None:
        """The journal is open: the page takes typing, unless it is read-only."""
        self.text_area.placeholder = PLACEHOLDER
        self.app.after_frame(self._ready_for_typing)  # once the page is on screen
        if is_read_only():  # nothing typed here could be saved: take no typing
            self.text_area.read_only = True
            self.query_one("#step", Select).disabled = True
            self.query_one("#tags", Input).disabled = True

    def _ready_for_typing(self) -> None:
        """Once the page is drawn: markdown highlighting (loading it takes a while), then
        what start-up allocated (all of it lives as long as the app) is moved out of the
        garbage collector's sight: a full collection while typing then walks only what
        was made since, not the whole heap (it was 0.1 s or more, delaying a key)."""
        self._highlight_markdown()
        gc.freeze()

    def _highlight_markdown(self) -> None:
        """The cursor stays where it is (keys may have been typed already)."""
        text_area = self.text_area
        if "markdown" in text_area.available_languages:
            selection = text_area.selection
            text_area.language = "markdown"
            text_area.selection = selection

    def on_unmount(self) -> None:
        self.app.remove_saver(self.save_now)
        self._autosave.stop()
        gc.unfreeze()  # what was frozen may be garbage now (an app run in tests, closed)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#body", TextArea)

    def draft(self) -> Draft:
        step = self.query_one("#step", Select).value
        return Draft(
            body=self.text_area.text,
            step=step if isinstance(step, int) else None,
            tags=self.query_one("#tags", Input).value,
        )

    def load(self, day: date, entry: EntryData | None) -> bool:
        """Show `entry` (or a blank page for `day`); call only once `save_now()` said True.

        Returns True when the page left was blank and its entry was dropped.
        """
        dropped = self._drop_if_blank()
        self.day, self.entry = day, entry
        self._saved = Draft(
            body=entry.body if entry else "",
            step=entry.step if entry else None,
            tags=", ".join(entry.tags) if entry else "",
        )
        self.text_area.load_text(self._saved.body)
        self._cursor_to_end()
        self.query_one("#step", Select).value = (
            self._saved.step if self._saved.step else Select.NULL
        )
        self.query_one("#tags", Input).value = self._saved.tags
        self._show_error("")
        self._show_status(self._describe(entry))
        return dropped

    def has_unsaved(self) -> bool:
        """Whether the fields hold something not yet written to the journal."""
        return self.day is not None and self.draft() != self._saved

    def _cursor_to_end(self) -> None:
        """Ready to carry on writing where the page left off (at once: keys typed while
        the page loaded land there)."""
        self.text_area.move_cursor(self.text_area.document.end)
        self.call_after_refresh(self._cursor_in_view)

    def _cursor_in_view(self) -> None:
        """Where the cursor is (it may have moved since), measured on the laid out page."""
        self.text_area.move_cursor(self.text_area.cursor_location)
        self.text_area.scroll_cursor_visible()

    def discard(self) -> None:
        """Forget the page without saving it (its entry is being deleted)."""
        self._autosave.discard()
        self.day, self.entry = None, None

    def _snapshot(self) -> Snapshot:
        """What the page holds that is not saved, for the drafts store."""
        draft = self.draft()
        if self.day is None or draft == self._saved:
            return None
        if self.entry is None and not draft.body.strip():
            return None
        entry = self.entry
        title = entries.title_of(draft.body) or "(untitled)"
        data = {
            "kind": "entry",
            "day": self.day.isoformat(),
            "entry": entry.id if entry else None,
            "revision": entry.revision if entry else None,
            **draft.__dict__,
        }
        key = f"entry:{entry.id}" if entry else f"entry:new:{self.day}"
        return key, f"“{title}” of {self.day:%d %b %Y}", data

    def restore(self, data: dict, replaces: str) -> None:
        """Put a draft's text back on the page loaded for it, as if just typed. If its
        entry was saved elsewhere since, saving shows both versions to merge."""
        if self.entry is not None and data.get("revision") is not None:
            self.entry = replace(self.entry, revision=data["revision"])
        self.text_area.load_text(data.get("body", ""))
        step = data.get("step")
        self.query_one("#step", Select).value = step if step in STEP_TITLES else Select.NULL
        self.query_one("#tags", Input).value = data.get("tags", "")
        self._cursor_to_end()
        self._autosave.restored(replaces)

    def replace_text(self, body: str) -> None:
        """Put `body` in the editor (from $EDITOR) and save it."""
        self.text_area.load_text(body)
        self.save_now()

    def _drop_if_blank(self) -> bool:
        """An entry emptied of everything (text, step and tags) is not kept."""
        draft = self.draft()
        if self.entry is None or draft.body.strip() or draft.step or draft.tags.strip():
            return False
        try:
            entries.delete_entry(self.entry.id)
        except StorageError:
            return False  # another window holds the journal: an empty entry stays, harmless
        self.entry = None
        return True

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()  # nothing above listens: each step up would wake one more widget
        self._changed()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        event.stop()  # (sent on every key too)

    def on_key(self, event: events.Key) -> None:
        swallow_typing(self, event)

    def on_select_changed(self) -> None:
        self._changed()

    def on_input_changed(self) -> None:
        self._changed()

    def _changed(self) -> None:
        if self.day is not None:
            self._autosave.changed()

    def save_now(self) -> bool:
        """Write what the fields hold, if it changed; True when nothing is left unsaved
        (what is left stays in the drafts store meanwhile)."""
        return self._autosave.save()

    def _write(self) -> bool:
        """`save_now`'s write. Says 'saved' only after the commit. Refused tags do not
        hold back the text: it is saved with the tags last saved, and the tags' message
        stays beside them."""
        if self.day is None:
            return True
        draft = self.draft()
        if draft == self._saved or (self.entry is None and not draft.body.strip()):
            return True
        try:
            tags, tag_error = entries.parse_tags(draft.tags), None
        except ValidationError as error:
            tags, tag_error = entries.parse_tags(self._saved.tags), error
        before = self.app.changes
        try:
            if self.entry is None:
                self.entry = entries.create_entry(
                    self.day, draft.body, step=draft.step, tags=tags, now=self._now()
                )
            else:
                self.entry = entries.update_entry(
                    self.entry.id,
                    draft.body,
                    step=draft.step,
                    tags=tags,
                    now=self._now(),
                    revision=self.entry.revision,
                )
        except StaleEntry as stale:
            self._conflict(stale.current, draft)
            return False
        except ValidationError as error:
            self._show_error(error.message)
            self._show_status("not saved", error=True)
            return False
        except StorageError as error:
            self._show_status(f"not saved ({storage_reason(error)}); retrying", error=True)
            self._autosave.retry_in(RETRY_DELAY)
            return False
        self._saved = Draft(draft.body, draft.step, self._saved.tags if tag_error else draft.tags)
        self.app.shown_own_change(self.screen, before)  # the screen hears of it below
        self.post_message(self.Saved(self.entry))
        saved = f"{self._describe(self.entry)} · saved {self._now():%H:%M:%S}"
        if tag_error:
            self._show_error(f"tags not saved: {tag_error.message}")
            self._show_status(f"{saved}, tags not", error=True)
            return False
        self._show_error("")
        self._show_status(saved)
        return True

    def _conflict(self, theirs: EntryData | None, draft: Draft) -> None:
        """Another window saved this entry since it was loaded: never overwrite, never lose.

        If it was deleted there, or the app is closing, this text becomes an entry of its
        own; otherwise the user sees both versions and chooses.
        """
        if self._merging:
            return
        if theirs is None or self.app.closing:
            self.entry = None
            self.notify("Saved your text as a separate entry: the other window changed this one.")
            self.save_now()
            return
        from mentorjournal.widgets.merge_dialog import MergeScreen  # on a conflict only

        self._merging = True
        self._show_status("changed in another window", error=True)
        self.app.push_screen(
            MergeScreen(draft.body, theirs.body, theirs.written_at, theirs.revision),
            lambda choice: self._resolve(choice, theirs, draft),
        )

    def _resolve(self, choice: str | None, theirs: EntryData, draft: Draft) -> None:
        from mentorjournal.widgets.merge_dialog import MINE, THEIRS

        self._merging = False
        if choice == THEIRS:
            self.load(self.day, theirs)
            return
        self.entry = theirs  # save on top of their version, now that it has been seen
        self._saved = Draft(theirs.body, theirs.step, ", ".join(theirs.tags))
        if choice != MINE:
            self.text_area.load_text(
                f"{draft.body}\n\n--- from the other window ---\n{theirs.body}"
            )
        self.save_now()

    def _describe(self, entry: EntryData | None) -> str:
        if is_read_only():
            return "read-only journal: nothing can be written or saved"
        if entry is None:
            return "new page · saved as you type"
        return amount(entry.words, "word")

    def _show_status(self, text: str, error: bool = False) -> None:
        self._say("#save-status", text).set_class(error, "-error")

    def _show_error(self, text: str) -> None:
        self._say("#field-error", text)

    def _say(self, selector: str, text: str) -> Static:
        """Show `text` in a line under the page; the screen is laid out again only when
        its width changed (an autosave's "saved 10:41:07" keeps it)."""
        line = self.query_one(selector, Static)
        before = self._said.get(selector)
        if text != before:
            self._said[selector] = text
            line.update(Content(text), layout=before is None or cell_len(before) != cell_len(text))
        return line
