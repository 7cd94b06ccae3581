"""People & groups and the Ledger, driven from the keyboard; the database checked after."""

from datetime import timedelta

from textual.widgets import Input, OptionList, Select, Static

from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.ledger import LedgerScreen
from mentorjournal.screens.ledger_form import LedgerForm
from mentorjournal.screens.people import PeopleScreen
from mentorjournal.screens.people_forms import GroupFormScreen, PersonFormScreen
from mentorjournal.screens.person_page import PersonPage
from mentorjournal.services import checklist, groups, ledger, people
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm
from mentorjournal.services.weeks import week_start

from ..conftest import TODAY
from .typing import type_text

SIZE = (120, 40)


async def go(app, pilot, key: str, screen_type):
    await pilot.press("escape", key)
    await pilot.pause()
    assert isinstance(app.screen, screen_type)
    return app.screen


async def test_add_people_and_groups_from_the_keyboard(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, "5", PeopleScreen)
        for name in ("Ana Ribeiro", "Ben Okafor"):
            await pilot.press("n")
            assert isinstance(app.screen, PersonFormScreen)
            await type_text(pilot, name)
            await pilot.press("ctrl+s")
        await pilot.press("n")
        await type_text(pilot, "ana ribeiro")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PersonFormScreen)  # a duplicate stays in the form
        assert "already someone" in str(app.screen.query_one("#name-error", Static).render())
        await pilot.press("escape", "tab")  # to the groups pane
        await pilot.press("n")
        assert isinstance(app.screen, GroupFormScreen)
        await type_text(pilot, "Rust meetup")
        app.screen.query_one("#rating", Input).value = "7"
        await pilot.press("ctrl+s")
        assert "from 1 to 5" in str(app.screen.query_one("#rating-error", Static).render())
        app.screen.query_one("#rating", Input).value = "4"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PeopleScreen)
    assert [row.name for row in people.people(app.now())] == ["Ana Ribeiro", "Ben Okafor"]
    assert [(row.name, row.details.rating) for row in groups.groups(TODAY)] == [("Rust meetup", 4)]


async def test_making_a_new_acquaintance_a_mentor_asks_first(make_app) -> None:
    ana = people.create_person(PersonForm("Ana", met_on=TODAY - timedelta(3)), TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, "5", PeopleScreen)
        await pilot.press("e")
        form = app.screen
        form.query_one("#stage", Select).value = "mentor"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)
        assert "known for 3 days" in str(app.screen.query_one(".dialog-text", Static).render())
        await pilot.press("n")
        assert app.screen is form
        assert people.get_person(ana).stage == "acquaintance"
        await pilot.press("ctrl+s", "y")
        assert isinstance(app.screen, PeopleScreen)
    assert people.get_person(ana).stage == "mentor"


async def test_deleting_a_person_says_how_many_entries_go_with_them(make_app) -> None:
    ledger.add(EntryForm(TODAY, "Ana", "give"))
    ledger.add(EntryForm(TODAY, "Ana", "receive"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, "5", PeopleScreen)
        await pilot.press("d")
        assert "their 2 ledger entries" in str(
            app.screen.query_one(".dialog-text", Static).render()
        )
        await pilot.press("n")
        assert ledger.count() == 2
        await pilot.press("d", "y")
    assert ledger.count() == 0 and people.names() == []


async def test_give_receive_with_follow_up_advice_loop_and_done(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await go(app, pilot, "4", LedgerScreen)
        await pilot.press("g")
        assert isinstance(app.screen, LedgerForm)
        await type_text(pilot, "Kofi")
        app.screen.query_one("#kind", Select).value = "introduction"
        app.screen.query_one("#other_person", Input).value = "Ana"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, LedgerScreen)
        await pilot.press("r")
        await type_text(pilot, "Ana")
        form = app.screen
        form.query_one("#note", Input).value = "write the decision first"
        form.query_one("#follow_up", Input).value = f"{TODAY - timedelta(1)}"
        await pilot.press("ctrl+s")
        assert "cannot be before" in str(form.query_one("#follow_up-error", Static).render())
        form.query_one("#follow_up", Input).value = f"{TODAY + timedelta(7)}"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChoiceScreen)  # advice: offer the step-5 action
        await pilot.press("y")
        actions = checklist.actions_in_week(week_start(TODAY))[5]
        assert actions[-1].text == "Act on write the decision first and report back to Ana"
        assert [row.note for row in ledger.follow_ups_due()] == ["write the decision first"]
        due = screen.query_one("#follow-ups", OptionList)
        due.focus()
        await pilot.press("f")
        assert ledger.follow_ups_due() == []
        balances = {b.person: (b.given, b.received) for b in ledger.balances()}
        assert balances == {"Kofi": (1, 0), "Ana": (1, 1)}  # the report-back counts as given
        await pilot.press("ctrl+q")
    assert ledger.count() == 3


async def test_filter_delete_and_undo(make_app) -> None:
    for person, kind in (("Ana", "advice"), ("Ben", "resource"), ("Ana", "feedback")):
        ledger.add(EntryForm(TODAY, person, "receive", kind))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await go(app, pilot, "4", LedgerScreen)
        await pilot.press("slash")
        await type_text(pilot, "ana advice")
        await pilot.press("enter")
        listed = screen.query_one("#ledger-entries", OptionList)
        assert listed.option_count == 1
        await pilot.press("d")
        assert ledger.count() == 2
        await pilot.press("u")
        assert ledger.count() == 3


async def test_person_page_shows_the_introduction_chain(make_app) -> None:
    ledger.add(EntryForm(TODAY, "Ben", "receive", "introduction", other_person="Cai"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await go(app, pilot, "5", PeopleScreen)
        await pilot.press("enter")  # Ben, first by name
        assert isinstance(app.screen, PersonPage)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "introduced you to Cai" in text
        assert "Ben introduced me to Cai" in text
