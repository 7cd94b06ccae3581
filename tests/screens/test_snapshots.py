"""Pictures of screens at a fixed date and size; review any diff before `--snapshot-update`."""

from datetime import datetime, time, timedelta

import pytest
from textual.widgets import Input, TextArea

from mentorjournal.app import MentorJournalApp
from mentorjournal.services import blocks
from mentorjournal.services.blocks import Draft

from ..conftest import TODAY, until_shown


def test_checklist_with_the_starter_actions(snap_compare, journal, tmp_path) -> None:
    app = MentorJournalApp(journal, today=TODAY, settings_path=tmp_path / "config.toml")

    async def open_checklist(pilot) -> None:
        await pilot.press("escape", "2")
        await pilot.pause()
        await pilot.pause()  # the footer draws the new screen's keys

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
        await pilot.pause()  # the footer draws the new screen's keys

    assert snap_compare(app, terminal_size=(120, 40), run_before=open_week)


def _small_circle() -> None:
    """Three people, two groups and a few ledger entries, at fixed dates."""
    from mentorjournal.services import groups, ledger, people
    from mentorjournal.services.groups import GroupForm
    from mentorjournal.services.ledger import EntryForm
    from mentorjournal.services.people import PersonForm

    people.create_person(
        PersonForm(
            "Ana Ribeiro",
            "Northwind",
            "Staff engineer",
            "mentor",
            TODAY - timedelta(300),
            touch_every_days=30,
        ),
        TODAY,
    )
    people.create_person(PersonForm("Ben Okafor", stage="ally", touch_every_days=7), TODAY)
    groups.create_group(
        GroupForm("Rust meetup", "meetup", "committed", TODAY - timedelta(200), rating=5)
    )
    groups.create_group(
        GroupForm(
            "Tech leads Slack", "online community", "trying", TODAY - timedelta(120), rating=2
        )
    )
    ledger.add(
        EntryForm(
            TODAY - timedelta(40),
            "Ana Ribeiro",
            "receive",
            "advice",
            "write the decision first",
            follow_up=TODAY - timedelta(2),
        )
    )
    ledger.add(
        EntryForm(
            TODAY - timedelta(20), "Ben Okafor", "receive", "introduction", other_person="Cai Lin"
        )
    )
    ledger.add(EntryForm(TODAY - timedelta(3), "Ana Ribeiro", "give", "resource", "the harness"))


def _at(journal, tmp_path) -> MentorJournalApp:
    return MentorJournalApp(
        journal, today=TODAY, clock=time(10, 15), settings_path=tmp_path / "config.toml"
    )


def test_ledger(snap_compare, journal, tmp_path) -> None:
    _small_circle()

    async def open_ledger(pilot) -> None:
        await pilot.press("escape", "4")
        await pilot.pause()
        await pilot.pause()  # the footer draws the new screen's keys

    assert snap_compare(_at(journal, tmp_path), terminal_size=(120, 40), run_before=open_ledger)


def test_people_and_groups(snap_compare, journal, tmp_path) -> None:
    _small_circle()

    async def open_people(pilot) -> None:
        await pilot.press("escape", "5")
        await pilot.pause()
        await pilot.pause()  # the footer draws the new screen's keys

    assert snap_compare(_at(journal, tmp_path), terminal_size=(120, 40), run_before=open_people)


# The eight views of the demo journal, at the smallest supported size and a roomy one

VIEWS = {
    "journal": (),
    "search": ("escape", "slash", *"mentor"),
    "checklist": ("escape", "2"),
    "week": ("escape", "3"),
    "ledger": ("escape", "4"),
    "people": ("escape", "5"),
    "person_page": ("escape", "5", "enter"),
    "review": ("escape", "6"),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_demo_journal_views(snap_compare, tmp_path, view: str, size: tuple[int, int]) -> None:
    from mentorjournal import demo

    demo.create(tmp_path / "demo.db", TODAY)
    app = _at(tmp_path / "demo.db", tmp_path)

    async def show(pilot) -> None:
        await until_shown(pilot)
        for text_area in pilot.app.screen.query(TextArea):  # the cursor drawn, whatever the
            text_area.cursor_blink = False  # moment: a blink's phase is timing, not layout
        await pilot.press(*VIEWS[view])
        await pilot.pause(0.3)  # past the typing pause, so that a search has run
        await pilot.app.workers.wait_for_complete()
        for field in pilot.app.screen.query(Input):  # the same for the fields shown now
            field.cursor_blink = False
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()  # the footer and the editor have drawn

    assert snap_compare(app, terminal_size=size, run_before=show)
