"""Save typed text soon after it changes: a keystroke only schedules, never writes.

The autosave owns its widget's drafts keeper. While saves land, typed text goes to the
journal alone and the drafts file is not touched; a save that leaves text unsaved
(another window's lock, refused input, a conflict to settle) keeps it as a draft at
once, and the draft follows each change until a save lands again and forgets it.
"""

from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

from mentorjournal.services import waiting_at_most
from mentorjournal.services.journal import check_finished
from mentorjournal.widgets.drafts import DraftKeeper, Snapshot

AUTOSAVE_DELAY = 0.6  # seconds from the first unsaved keystroke; saves stay under 1 s behind
RETRY_DELAY = 2.0  # after a failed save (the journal locked by another window)
PATIENCE_MS = 250  # how long an autosave waits for another window's lock


class Autosave:
    """Calls `write` once, `delay` seconds after the first change since the last save.

    `write` returns False when something stayed unsaved; `snapshot` says what the owner
    holds that is not saved (the draft to keep), or None.
    """

    def __init__(
        self,
        owner: Widget,
        write: Callable[[], bool],
        snapshot: Callable[[], Snapshot],
        delay: float = AUTOSAVE_DELAY,
    ) -> None:
        self._owner = owner
        self._write = write
        self._delay = delay
        self._timer: Timer | None = None
        self._behind = False  # the last save left text unsaved: changes are drafted too
        self.keeper = DraftKeeper(owner, snapshot)

    def start(self) -> None:
        """Call when the owner is mounted (the app keeps every draft when it closes)."""
        self.keeper.start()

    def stop(self) -> None:
        self.cancel()
        self.keeper.stop()

    def changed(self) -> None:
        if self._timer is None:
            self._timer = self._owner.set_timer(self._delay, self._fire)
        if self._behind:
            self.keeper.changed()

    def save(self) -> bool:
        """Save now (the pending save is forgotten); True when nothing is left unsaved.
        The draft then holds exactly what is left: nothing, or the unsaved text."""
        self.cancel()
        saved = self._write()
        self._behind = not saved
        self.keeper.keep_now()  # nothing unsaved and nothing kept before: no write at all
        return saved

    def restored(self, replaces: str) -> None:
        """The owner holds a draft offered back from an earlier run (kept under
        `replaces`): it is kept as the owner's own, and saved soon."""
        self.keeper.take_over(replaces)
        self.keeper.keep_now()
        self.changed()

    def discard(self) -> None:
        """Forget the pending save and the draft: the text is being thrown away."""
        self.cancel()
        self.keeper.clear()

    def retry_in(self, seconds: float) -> None:
        self.cancel()
        self._timer = self._owner.set_timer(seconds, self._fire)

    def _fire(self) -> None:
        """A save on the timer must not freeze typing: if another window holds the
        journal, it gives up quickly and is retried (explicit saves wait longer); while
        the journal's pages are still being checked at start-up, it waits for that."""
        if not check_finished():
            self.retry_in(self._delay)
            return
        with waiting_at_most(PATIENCE_MS):
            self.save()

    def cancel(self) -> None:
        """Forget the pending save (the owner is saving now, or discarding)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
