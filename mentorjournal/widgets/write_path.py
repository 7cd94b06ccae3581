"""The one way a screen writes: it never freezes on another window's lock, never crashes.

`app.write(call, then, refused)` runs `call` (a service call) at once, giving up after
a moment if another window or process holds the journal; it is then run again in a
worker thread, in order with any other write waiting, until the lock is released or
WRITE_PATIENCE runs out. `then(result)` runs on the screen once it is saved;
`refused(error)` when the services refuse the input (a ValidationError) or storage
fails (a StorageError: locked too long, disk full, read-only); without `refused` the
error is a notice. Never the end of the app.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Any

from textual.app import App
from textual.worker import get_current_worker

from mentorjournal.services import (
    StorageError,
    ValidationError,
    is_locked,
    storage_reason,
    waiting_at_most,
)
from mentorjournal.services.journal import close_connection

PATIENCE_MS = 250  # the first try, on the screen's own thread
WRITE_PATIENCE = 60.0  # seconds a waiting write keeps trying before it gives up

Then = Callable[[Any], object] | None
Refused = Callable[[ValidationError | StorageError], object] | None


@dataclass
class _Write:
    call: Callable[[], Any]
    then: Then
    refused: Refused


class WritePath(App):
    """Mixed into the App: `write` and the queue of writes waiting for the lock."""

    def __init__(self) -> None:
        super().__init__()
        self._waiting: list[_Write] = []
        self._waiting_lock = threading.Lock()

    def write(self, call: Callable[[], Any], then: Then = None, refused: Refused = None) -> None:
        """Save through `call`; see the module's docstring."""
        job = _Write(call, then, refused)
        with self._waiting_lock:
            if self._waiting:  # others wait already: keep the order of changes
                self._waiting.append(job)
                return
        try:
            with waiting_at_most(PATIENCE_MS):
                outcome: object = call()
        except ValidationError as error:
            outcome = error
        except StorageError as error:
            if not is_locked(error):
                outcome = error
            else:
                self._wait_for_lock(job)
                return
        self._finish(job, outcome)

    def _wait_for_lock(self, job: _Write) -> None:
        with self._waiting_lock:
            self._waiting.append(job)
            first = len(self._waiting) == 1
        if first:
            self.notify(
                "Another window is writing to the journal: your change is saved "
                "as soon as it is done.",
                title="Waiting",
                timeout=4,
            )
            self.run_worker(self._drain, thread=True, group="writes", exit_on_error=False)

    def _drain(self) -> None:
        """In a worker thread: run the waiting writes in order, each patiently, until
        they are done or the app ends."""
        worker = get_current_worker()
        try:
            while not worker.is_cancelled:
                with self._waiting_lock:
                    if not self._waiting:
                        return
                    job = self._waiting[0]
                outcome = _patiently(job.call, lambda: worker.is_cancelled)
                with self._waiting_lock:
                    self._waiting.pop(0)
                if worker.is_cancelled:
                    return
                self.call_from_thread(self._finish, job, outcome)
        finally:
            close_connection()  # this thread's own

    def _finish(self, job: _Write, outcome: object) -> None:
        """On the screen's thread: say how the write went."""
        if isinstance(outcome, ValidationError | StorageError) and job.refused is not None:
            job.refused(outcome)
        elif isinstance(outcome, ValidationError):
            self.notify(outcome.message, severity="warning", markup=False)
        elif isinstance(outcome, StorageError):
            self.notify(
                f"Not saved: {storage_reason(outcome)}.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
        elif job.then is not None:
            job.then(outcome)

    def writes_waiting(self) -> int:
        with self._waiting_lock:
            return len(self._waiting)


def _patiently(call: Callable[[], Any], cancelled: Callable[[], bool]) -> object:
    """`call()`'s result, or the error that ended it; waits out another window's lock
    (each try waits the journal's busy timeout) until WRITE_PATIENCE has passed or the
    app ends."""
    deadline = monotonic() + WRITE_PATIENCE
    while True:
        try:
            return call()
        except ValidationError as error:
            return error
        except StorageError as error:
            if not is_locked(error) or monotonic() > deadline or cancelled():
                return error
