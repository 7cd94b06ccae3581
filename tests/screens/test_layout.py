"""Columns line up in terminal cells whatever the script, and every screen fits 80×24."""

from datetime import datetime, timedelta

from rich.cells import cell_len

from mentorjournal.screens.ledger import LedgerScreen
from mentorjournal.screens.people import PeopleScreen
from mentorjournal.screens.week import WeekScreen
from mentorjournal.services import blocks, ledger, people
from mentorjournal.services.blocks import Draft
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm

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
