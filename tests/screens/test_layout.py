"""Columns line up in terminal cells whatever the script, and every screen fits 80×24."""

from datetime import datetime, timedelta

import pytest
from rich.cells import cell_len
from textual.widgets import Label, SelectionList

from mentorjournal.app import MentorJournalApp
from mentorjournal.screens.ledger import LedgerScreen
from mentorjournal.screens.people import PeopleScreen
from mentorjournal.screens.people_forms import PersonFormScreen
from mentorjournal.screens.week import WeekScreen
from mentorjournal.services import blocks, ledger, people
from mentorjournal.services.blocks import Draft
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm
from mentorjournal.services.weeks import week_start

from ..conftest import TODAY

# A Latin name, a CJK name (two cells a character), an emoji and a combining accent
NAMES = ["Ana Ribeiro", "王小明", "🦊 Fox Lee", "Zoe\u0301 Martins"]


def _circle() -> None:
    for name in NAMES:
        people.create_person(PersonForm(name, stage="ally"), TODAY)
        ledger.add(EntryForm(TODAY - timedelta(3), name, "give", "advice", "a note"))


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def _columns(lines: list[str], mark: str) -> set[int]:
    """The cell at which `mark` starts on each line that has it."""
    return {cell_len(line[: line.index(mark)]) for line in lines if mark in line}


async def _open(app, pilot, key: str, screen_type):
    await pilot.press("escape", key)
    await pilot.pause()
    assert isinstance(app.screen, screen_type)
    return app.screen


async def test_people_columns_line_up_in_every_script(make_app) -> None:
    app = make_app()
    _circle()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "5", PeopleScreen)
        lines = _lines(screen.query_one("#people"))
        assert sum("ally" in line for line in lines) == len(NAMES)
        assert len(_columns(lines, "ally")) == 1
        assert len(_columns(lines, "↑")) == 1


async def test_ledger_columns_line_up_in_every_script(make_app) -> None:
    app = make_app()
    _circle()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "4", LedgerScreen)
        entries = _lines(screen.query_one("#ledger-entries"))
        assert sum("advice" in line for line in entries) == len(NAMES)
        assert len(_columns(entries, "advice")) == 1
        balances = _lines(screen.query_one("#balances"))
        assert len(_columns(balances, " / ")) == 1


async def test_week_grid_blocks_keep_their_columns(make_app) -> None:
    app = make_app()
    for day, name in enumerate(NAMES):
        start = datetime.combine(TODAY - timedelta(TODAY.weekday() - day), datetime.min.time())
        start = start.replace(hour=9)
        blocks.create_block(
            Draft(f"Coffee {name} and a long title", "other", start, start + timedelta(hours=1))
        )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(app, pilot, "3", WeekScreen)
        screen.grid.scroll_to(y=0, animate=False)
        await pilot.pause()
        lines = _lines(screen.grid)
        assert any("王" in line for line in lines)
        assert len({cell_len(line) for line in lines}) == 1


# Every screen at 80×24


@pytest.fixture
def demo_app(tmp_path):
    """The demo journal, as `mentorjournal demo` makes it, on the fixed day."""
    from mentorjournal import demo

    path = tmp_path / "demo.db"
    demo.create(path, TODAY)
    return MentorJournalApp(path, today=TODAY, settings_path=tmp_path / "config.toml")


async def test_the_review_carry_over_list_is_in_view_and_scrolls_at_80x24(demo_app) -> None:
    app = demo_app
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "6")
        await pilot.pause()
        carry = app.screen.query_one("#carry", SelectionList)
        assert carry.option_count > 3
        assert carry.has_focus
        assert carry.region.y > 0 and carry.region.bottom <= 23  # above the footer
        await pilot.press("end")
        assert carry.highlighted == carry.option_count - 1
        await pilot.press("home")
        assert carry.highlighted == 0
        await pilot.press("pagedown")
        assert carry.highlighted > 1
        await pilot.press("end", "space")
        last = carry.get_option_at_index(carry.option_count - 1)
        assert carry.selected == [last.value]
        assert str(last.prompt).startswith("block")
        title = str(last.prompt).split(" · ")[-1].rsplit(" (", 1)[0]
        next_week = week_start(TODAY) + timedelta(7)
        before = [block.title for block in blocks.week_blocks(next_week)].count(title)
        await pilot.press("c")
        await pilot.pause()
    after = [block.title for block in blocks.week_blocks(next_week)].count(title)
    assert after == before + 1


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_people_columns_stay_on_screen(demo_app, size) -> None:
    app = demo_app
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape", "5")
        await pilot.pause()
        lines = [line.rstrip() for line in _lines(app.screen.query_one("#people")) if line.strip()]
        assert len(lines) >= 8
        assert all("↑" in line and "↓" in line for line in lines)
        assert any(line.endswith("d late") for line in lines)
        assert not any(line.endswith("…") for line in lines)


async def test_form_labels_never_run_into_their_values(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "5")
        await pilot.pause()
        await pilot.press("n")
        assert isinstance(app.screen, PersonFormScreen)
        for label in app.screen.query(".field-label").results(Label):
            field = label.parent.children[1]
            assert cell_len(str(label.render())) < field.region.x - label.region.x, str(
                label.render()
            )
