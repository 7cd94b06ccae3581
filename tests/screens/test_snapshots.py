"""Pictures of screens at a fixed date and size; review any diff before `--snapshot-update`."""

from datetime import datetime, time, timedelta

from mentorjournal.app import MentorJournalApp
from mentorjournal.services import blocks
from mentorjournal.services.blocks import Draft

from ..conftest import TODAY


def test_checklist_with_the_starter_actions(snap_compare, journal, tmp_path) -> None:
    app = MentorJournalApp(journal, today=TODAY, settings_path=tmp_path / "config.toml")

    async def open_checklist(pilot) -> None:
        await pilot.press("escape", "2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_checklist)


def test_week_with_overlapping_blocks(snap_compare, journal, tmp_path) -> None:
    for day, hour, minutes, title, kind in [
        (23, 9, 90, "Rust course", "course"),
        (24, 7, 60, "Reading", "reading"),
        (26, 18, 120, "Rust meetup", "group meeting"),
        (26, 18, 60, "Design review prep", "other"),
        (26, 19, 60, "Call home", "other"),
        (27, 12, 60, "Lunch with Kofi", "mentor meeting"),
    ]:
        start = datetime(2026, 11, day, hour)
        blocks.create_block(Draft(title, kind, start, start + timedelta(minutes=minutes)), "UTC")
    app = MentorJournalApp(
        journal, today=TODAY, clock=time(10, 15), settings_path=tmp_path / "config.toml"
    )

    async def open_week(pilot) -> None:
        await pilot.press("escape", "3")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_week)
