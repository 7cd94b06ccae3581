"""Typing with the Pilot one key at a time, as a person would, and waiting for what follows."""

import time


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else "enter" if c == "\n" else c for c in text])


async def wait_for(pilot, condition, timeout: float = 10) -> None:
    """Pause until `condition()` holds (a loaded machine can take a while to draw a screen)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)
