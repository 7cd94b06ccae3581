"""Run a query once typing pauses, not on every keystroke."""

from collections.abc import Callable

from textual.timer import Timer
from textual.widget import Widget

TYPING_PAUSE = 0.15  # seconds without a keystroke before a filter or search runs


class Debounce:
    """`poke()` on each keystroke; `run` is called once the keys stop for `pause` seconds."""

    def __init__(self, owner: Widget, run: Callable[[], None], pause: float = TYPING_PAUSE):
        self._owner, self._run, self._pause = owner, run, pause
        self._timer: Timer | None = None

    def poke(self) -> None:
        self.cancel()
        self._timer = self._owner.set_timer(self._pause, self.now)

    def now(self) -> None:
        """Run at once (enter was pressed), forgetting the pending run."""
        self.cancel()
        self._run()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
