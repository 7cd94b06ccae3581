"""Keep what is being typed in the drafts store, a moment after each change."""

from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

DRAFT_DELAY = 0.4  # seconds from the first change not yet kept: drafts stay under 1 s behind

# What a widget holds: (key, title, data), or None when it holds nothing worth keeping.
Snapshot = tuple[str, str, dict] | None


class DraftKeeper:
    """Writes `snapshot()` to the app's drafts store `delay` seconds after a change.

    The owner calls `changed()` on every edit, `clear()` once its text is saved or
    deliberately discarded (an autosaving owner leaves both to its `Autosave`, which
    keeps a draft only while a save could not land). The app calls `keep_now()` on every
    keeper when it is closed.
    """

    def __init__(
        self, owner: Widget, snapshot: Callable[[], Snapshot], delay: float = DRAFT_DELAY
    ) -> None:
        self._owner = owner
        self._snapshot = snapshot
        self._delay = delay
        self._timer: Timer | None = None
        self._kept_key: str | None = None
        self._replaces: str | None = None

    def take_over(self, key: str) -> None:
        """The owner now holds the draft kept under `key` (offered back from an earlier
        run): that one is forgotten once the owner's own is kept, or its text saved."""
        self._replaces = key

    def start(self) -> None:
        """Call when the owner is mounted: the app may then ask for a last keep."""
        self._owner.app.add_draft_keeper(self)

    def stop(self) -> None:
        self._cancel()
        self._owner.app.remove_draft_keeper(self)

    def changed(self) -> None:
        if self._timer is None:
            self._timer = self._owner.set_timer(self._delay, self.keep_now)

    def keep_now(self) -> None:
        """Write what the owner holds now (or forget the draft if it holds nothing)."""
        self._cancel()
        snapshot = self._snapshot()
        store = self._owner.app.drafts
        if snapshot is None:
            self.clear()
            return
        key, title, data = snapshot
        if self._kept_key not in (None, key):
            store.clear(self._kept_key)  # the owner moved on to another record
        if store.keep(key, title, data):
            self._kept_key = key
            self._forget_replaced()

    def clear(self) -> None:
        """The text was saved or discarded: nothing to offer back."""
        self._cancel()
        if self._kept_key is not None and self._owner.app.drafts.clear(self._kept_key):
            self._kept_key = None
        self._forget_replaced()

    def _forget_replaced(self) -> None:
        if self._replaces is not None and self._owner.app.drafts.clear(self._replaces):
            self._replaces = None

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
