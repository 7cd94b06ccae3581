"""Typing text with the Pilot, one key at a time, as a person would."""


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else "enter" if c == "\n" else c for c in text])
