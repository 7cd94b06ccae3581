"""Save typed text soon after it changes: a keystroke only schedules, never writes."""

from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

from mentorjournal.services import waiting_at_most

AUTOSAVE_DELAY = 0.6  # seconds from the first unsaved keystroke; saves stay under 1 s behind
RETRY_DELAY = 2.0  # after a failed save (the journal locked by another window)
PATIENCE_MS = 250  # how long an autosave waits for another window's lock


class Autosave:
    """Calls `save` once, `delay` seconds after the first change since the last save."""

    def __init__(self, owner: Widget, save: Callable[[], None], delay: float = AUTOSAVE_DELAY):
        self._owner = owner
        self._save = save
        self._delay = delay
        self._timer: Timer | None = None

    def changed(self) -> None:
        if self._timer is None:
            self._timer = self._owner.set_timer(self._delay, self._fire)

    def retry_in(self, seconds: float) -> None:
        self.cancel()
        self._timer = self._owner.set_timer(seconds, self._fire)

    def _fire(self) -> None:
        """A save on the timer must not freeze typing: if another window holds the
        journal, it gives up quickly and is retried (explicit saves wait longer)."""
        with waiting_at_most(PATIENCE_MS):
            self._save()

    def cancel(self) -> None:
        """Forget the pending save (the owner is saving now, or discarding)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
