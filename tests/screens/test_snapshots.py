"""Pictures of screens at a fixed date and size; review any diff before `--snapshot-update`."""

from mentorjournal.app import MentorJournalApp

from ..conftest import TODAY


def test_checklist_with_the_starter_actions(snap_compare, journal, tmp_path) -> None:
    app = MentorJournalApp(journal, today=TODAY, settings_path=tmp_path / "config.toml")

    async def open_checklist(pilot) -> None:
        await pilot.press("escape", "2")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_checklist)
