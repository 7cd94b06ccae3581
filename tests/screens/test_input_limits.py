"""Hostile input typed into the app: a message in words, never a crash, nothing saved."""

from datetime import timedelta

import pytest
from textual.widgets import Input, OptionList, Static

from mentorjournal.screens.block_form import BlockForm
from mentorjournal.screens.ledger import LedgerScreen
from mentorjournal.screens.people import PeopleScreen
from mentorjournal.screens.people_forms import PersonFormScreen
from mentorjournal.screens.search import SearchScreen
from mentorjournal.screens.week import WeekScreen
from mentorjournal.services import blocks, entries, ledger, people
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.search import QUERY_LENGTH

from ..conftest import TODAY
from .typing import type_text

SIZE = (120, 40)


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_fifty_nested_near_in_search_is_a_message(make_app) -> None:
    entries.create_entry(TODAY, "met a mentor near the office")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "NEAR(" * 50)
        await pilot.press("enter")
        query = app.screen.query_one("#query", Input)
        assert len(query.value) == QUERY_LENGTH  # typing stops at the cap
        assert "brackets inside each other" in shown(app, "#search-summary")
        query.value = ""
        await type_text(pilot, "near office")
        await pilot.pause(0.3)  # the search runs once typing pauses (enter would open the hit)
        assert "1 entry matches" in shown(app, "#search-summary")


async def test_ledger_filters_that_cannot_be_understood_say_why(make_app) -> None:
    for day in (TODAY, TODAY.replace(day=1)):
        ledger.add(EntryForm(day, "Ana", "receive", "advice"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "4")
        assert isinstance(app.screen, LedgerScreen)
        listed = app.screen.query_one("#ledger-entries", OptionList)
        field = app.screen.query_one("#ledger-filter", Input)
        for typed, message in (
            ("ana " * 110, "at most 20 words"),
            ("2026-02-30", "'2026-02-30' is not a date"),
            ("2026-11-27..2026-11-01", "ends before it starts"),
            ("0001-01-01..", "between 1900-01-01"),
        ):
            await pilot.press("slash")
            # set whole (cut at the field's length, as typing is): typed key by key, a
            # pause could filter on a valid part of it ("0" of "0001-…") under load
            field.value = typed[: field.max_length]
            await pilot.press("enter")
            assert message in shown(app, "#ledger-count"), typed
            assert listed.option_count == 2  # the list stays as it was
        await pilot.press("slash")
        field.value = ""
        await type_text(pilot, f"{TODAY.replace(day=1)}")
        await pilot.press("enter")
        assert listed.option_count == 1 and "1 entry match" in shown(app, "#ledger-count")


@pytest.mark.parametrize(
    "typed", ["9" * 40, "99999999999999999999", "1e400"], ids=["long", "past-2**63", "float"]
)
async def test_a_number_beyond_sqlite_is_a_message_in_the_form(make_app, typed) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "5")
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("n")
        assert isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "Ana")
        app.screen.query_one("#touch_every_days", Input).value = typed
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonFormScreen)  # stays open, says why
        errors = " ".join(str(s.render()) for s in app.screen.query(".field-error"))
        assert "number" in errors
    assert "Ana" not in people.names()


@pytest.mark.parametrize(
    "typed", ["99999999999999h", "+99999999999", "9" * 5000], ids=["hours", "minutes", "digits"]
)
async def test_an_endless_block_is_a_message_in_the_form(make_app, typed) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "3")
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("n")
        assert isinstance(app.screen, BlockForm)
        await type_text(pilot, "Read the book")
        app.screen.query_one("#end", Input).value = typed
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BlockForm)
        errors = " ".join(str(s.render()) for s in app.screen.query(".field-error"))
        assert "24 hours" in errors or "neither a time" in errors
    assert blocks.week_blocks(TODAY - timedelta(days=7 + TODAY.weekday())) == []
    assert all(
        b.title != "Read the book" for b in blocks.week_blocks(TODAY - timedelta(TODAY.weekday()))
    )
