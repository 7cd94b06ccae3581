"""The Ledger reads its lists a page at a time: the next page when the cursor nears the
end, the filter on every page, the cursor kept when the journal changes."""

from datetime import timedelta

from textual.widgets import OptionList, Static

from mentorjournal.db import write
from mentorjournal.models import LedgerEntry, Person
from mentorjournal.screens.ledger import BALANCES_PAGE, FOLLOW_UPS_PAGE, LedgerScreen
from mentorjournal.services import ledger
from mentorjournal.services.ledger import PAGE, EntryForm

from ..conftest import TODAY
from .test_live import within
from .typing import type_text

SIZE = (120, 40)
LINES = PAGE * 2 + 50  # three pages


def seed(people: int = 3, follow_ups: int = 0) -> None:
    """LINES ledger lines, one a day back from TODAY; every other one's note says 'alpha'."""
    with write():
        Person.insert_many([{"name": f"Person {n:03}"} for n in range(people)]).execute()
        ids = [person.id for person in Person.select().order_by(Person.id)]
        LedgerEntry.insert_many(
            {
                "date": TODAY - timedelta(days=n),
                "person": ids[n % people],
                "direction": "give" if n % 2 else "receive",
                "kind": "advice",
                "note": f"line {n}" + (" alpha" if n % 2 == 0 else ""),
                "follow_up": TODAY + timedelta(days=n) if n < follow_ups else None,
            }
            for n in range(LINES)
        ).execute()


def ids(listed: OptionList) -> list[str]:
    return [listed.get_option_at_index(i).id for i in range(listed.option_count)]


async def open_ledger(app, pilot) -> LedgerScreen:
    await pilot.press("escape", "4")
    await pilot.pause()
    assert isinstance(app.screen, LedgerScreen)
    return app.screen


async def to_the_end(pilot, listed: OptionList) -> None:
    listed.focus()
    await pilot.press("end")
    await pilot.pause()


async def test_moving_past_the_first_page_reads_the_next(make_app) -> None:
    seed()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(app, pilot)
        listed = screen.query_one("#ledger-entries", OptionList)
        assert listed.option_count == PAGE
        await to_the_end(pilot, listed)
        assert listed.option_count == 2 * PAGE
        await to_the_end(pilot, listed)
        assert listed.option_count == LINES
        await to_the_end(pilot, listed)
        assert listed.option_count == LINES  # nothing more to read
        newest_first = [str(row.id) for row in ledger.entries(limit=LINES)]
        assert ids(listed) == newest_first


async def test_the_filter_applies_on_every_page(make_app) -> None:
    seed()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(app, pilot)
        await pilot.press("slash")
        await type_text(pilot, "alpha")
        await pilot.press("enter")
        listed = screen.query_one("#ledger-entries", OptionList)
        matching = (LINES + 1) // 2
        assert listed.option_count == PAGE
        await to_the_end(pilot, listed)
        assert listed.option_count == matching
        notes = {str(row.id): row.note for row in ledger.entries(limit=LINES)}
        assert all(notes[option_id].endswith("alpha") for option_id in ids(listed))
        count = str(screen.query_one("#ledger-count", Static).render())
        assert f"{matching} entries match the filter" in count


async def test_a_change_keeps_the_cursor_and_the_pages_read(make_app) -> None:
    seed()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(app, pilot)
        listed = screen.query_one("#ledger-entries", OptionList)
        await to_the_end(pilot, listed)
        await pilot.press("up", "up")
        chosen, read = listed.highlighted_option.id, listed.option_count
        added = ledger.add(EntryForm(TODAY, "Newcomer", "give", "advice", "written elsewhere"))
        count = screen.query_one("#ledger-count", Static)
        await within(pilot, 5, lambda: str(LINES + 1) in str(count.render()))
        assert listed.highlighted_option.id == chosen
        assert listed.option_count == read  # as many rows, the newest first
        assert ids(listed)[0] == str(added)


async def test_follow_ups_and_balances_are_read_a_page_at_a_time(make_app) -> None:
    seed(people=BALANCES_PAGE + 20, follow_ups=FOLLOW_UPS_PAGE + 10)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ledger(app, pilot)
        due = screen.query_one("#follow-ups", OptionList)
        balances = screen.query_one("#balances", OptionList)
        assert (due.option_count, balances.option_count) == (FOLLOW_UPS_PAGE, BALANCES_PAGE)
        await to_the_end(pilot, due)
        assert ids(due) == [str(row.id) for row in ledger.follow_ups_due()]
        await to_the_end(pilot, balances)
        assert ids(balances) == [balance.person for balance in ledger.balances()]
        await pilot.press("end", "enter")  # a person past the first page narrows the list
        assert screen.query_one("#ledger-filter").value == ledger.balances()[-1].person
