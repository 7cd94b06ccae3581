"""The Journal screen, driven with the keys a user would press."""

import gc
import re
from datetime import timedelta

from textual.widgets import Input, OptionList, Static, TextArea

from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.help import HelpScreen
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.screens.search import SearchScreen
from mentorjournal.services import entries
from mentorjournal.widgets.autosave import AUTOSAVE_DELAY

from ..conftest import TODAY
from .typing import type_text, wait_for

SIZE = (120, 40)


def bodies(day=TODAY) -> list[str]:
    return [entry.body for entry in entries.entries_on(day)]


def status(app) -> str:
    return str(app.screen.query_one("#save-status", Static).render())


async def test_opens_on_today_ready_to_type_and_autosaves(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.day == TODAY
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Morning page\nRead two chapters")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert bodies() == ["Morning page\nRead two chapters"]
        assert "saved" in status(app)
        option_list = app.screen.query_one("#entries", OptionList)
        assert "Morning page" in str(option_list.get_option_at_index(0).prompt)


async def test_quit_saves_what_autosave_has_not_yet(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "typed just before quitting")
        await pilot.press("ctrl+q")
    assert bodies() == ["typed just before quitting"]


async def test_reopening_shows_the_saved_page(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "first session")
        await pilot.press("ctrl+q")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query_one(TextArea).text == "first session"
        await pilot.press("end")
        await type_text(pilot, ", continued")
        await pilot.press("ctrl+q")
    assert bodies() == ["first session, continued"]


async def test_browse_days_with_brackets_and_dot(make_app) -> None:
    entries.create_entry(TODAY - timedelta(1), "Yesterday's note")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "left_square_bracket")
        assert app.screen.day == TODAY - timedelta(1)
        assert app.screen.query_one(TextArea).text == "Yesterday's note"
        await pilot.press("left_square_bracket", "full_stop")
        assert app.screen.day == TODAY
        await pilot.press("right_square_bracket")
        assert app.screen.day == TODAY + timedelta(1)


async def test_typing_on_an_earlier_day_saves_to_that_day(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "left_square_bracket")  # a blank page: takes typing
        await type_text(pilot, "catching up")
        await pilot.press("ctrl+q")
    assert bodies(TODAY - timedelta(1)) == ["catching up"]
    assert bodies() == []


async def test_new_entry_keeps_the_first(make_app) -> None:
    entries.create_entry(TODAY, "first of the day")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "n")
        assert isinstance(app.focused, TextArea) and app.focused.text == ""
        await type_text(pilot, "second of the day")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert bodies() == ["first of the day", "second of the day"]
        await pilot.press("escape", "up")  # back to the first entry in the day's list
        assert app.screen.query_one(TextArea).text == "first of the day"


def rows(option_list: OptionList) -> list[str]:
    return [str(option.prompt) for option in option_list.options]


async def test_the_days_list_and_the_title_follow_the_typing_across_autosaves(make_app) -> None:
    """Each autosave shows the title as typed so far, redrawing its row in place; the
    first one adds the day to the days written, once; the status says when it saved."""
    entries.create_entry(TODAY - timedelta(1), "yesterday's page")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        listed = app.screen.query_one("#entries", OptionList)
        days = app.screen.query_one("#days", OptionList)
        assert [option.id for option in days.options] == [str(TODAY - timedelta(1))]
        await type_text(pilot, "Second")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert [row[7:] for row in rows(listed)] == ["Second"]
        assert [option.id for option in days.options] == [str(TODAY), str(TODAY - timedelta(1))]
        await type_text(pilot, " thoughts")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert [row[7:] for row in rows(listed)] == ["Second thoughts"]
        assert listed.highlighted == 0
        assert rows(days)[0].endswith("  1") and days.option_count == 2
        assert re.fullmatch(r"2 words · saved \d\d:\d\d:\d\d", status(app))
        await pilot.press("escape", "n")
        await type_text(pilot, "Third")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert [row[7:] for row in rows(listed)] == ["Second thoughts", "Third"]
        assert listed.highlighted == 1 and rows(days)[0].endswith("  2")


async def test_the_start_up_heap_is_kept_from_the_collector_only_while_the_app_runs(
    make_app,
) -> None:
    """Frozen once the page is ready (a full collection while typing would walk it all);
    let go when the app closes, so that a closed app can be collected."""
    gc.unfreeze()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: gc.get_freeze_count() > 0)
    assert gc.get_freeze_count() == 0


async def test_clearing_an_entry_and_leaving_drops_it(make_app) -> None:
    entries.create_entry(TODAY, "x")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "backspace")
        await pilot.press("escape", "left_square_bracket")
    assert bodies() == []


async def test_delete_asks_first(make_app) -> None:
    entries.create_entry(TODAY, "keep me, or not")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "d")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("n")
        assert bodies() == ["keep me, or not"]
        await pilot.press("d", "y")
        assert isinstance(app.screen, JournalScreen)
        assert bodies() == []
        assert app.screen.query_one(TextArea).text == ""


async def test_tags_are_saved_and_a_bad_tag_is_refused_beside_the_field(make_app) -> None:
    entry = entries.create_entry(TODAY, "tagged page")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#tags", Input).focus()
        await type_text(pilot, "rust, learning")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert entries.get_entry(entry.id).tags == ("rust", "learning")
        await type_text(pilot, " " + "x" * 41)
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert "at most 40" in str(app.screen.query_one("#field-error", Static).render())
        assert "tags not" in status(app)
        saved_tags = entries.get_entry(entry.id).tags
        assert saved_tags[:2] == ("rust", "learning")  # autosave may have caught a shorter tag
        assert all(len(tag) <= 40 for tag in saved_tags)
        assert app.screen.query_one("#tags", Input).value.endswith("x" * 41)  # kept as typed


async def test_search_finds_and_opens_an_entry_of_another_day(make_app) -> None:
    old = entries.create_entry(
        TODAY - timedelta(40), "Lunch with Pat O'Brien\nAsked about staff roles"
    )
    entries.create_entry(TODAY, "nothing relevant")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "o'brien")
        await pilot.pause(0.3)  # the search runs once typing pauses
        results = app.screen.query_one("#results", OptionList)
        assert results.option_count == 1
        await pilot.press("enter")  # one enter opens it
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.day == old.day
        assert app.screen.query_one(TextArea).text == old.body


async def test_search_opens_the_best_match_with_one_enter_at_once(make_app) -> None:
    old = entries.create_entry(TODAY - timedelta(9), "Zeppelin notes\nairships")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "slash")
        await type_text(pilot, "zeppelin")
        await pilot.press("enter")  # before the typing pause has run the search
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.day == old.day


async def test_search_with_no_match_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "slash")
        await type_text(pilot, "zeppelin")
        await pilot.press("enter")
        assert "0 entries match" in str(app.screen.query_one("#search-summary", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, JournalScreen)


async def test_help_lists_the_screen_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        for described in ("Prev day", "Next day", "New entry", "Delete", "Search", "Quit", "move"):
            assert described in text
        await pilot.press("escape")
        assert isinstance(app.screen, JournalScreen)


async def test_number_keys_switch_screens(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "2")  # in the editor a digit is text
        await pilot.press("escape")
        for key, mode in zip(
            "234561", ("checklist", "week", "ledger", "people", "review", "journal"), strict=True
        ):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        assert isinstance(app.screen, JournalScreen)
    assert bodies() == ["2"]


async def test_leaving_the_screen_saves(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "saved on the way out")
        await pilot.press("escape", "5")
        assert bodies() == ["saved on the way out"]


async def test_markup_in_entry_text_is_shown_as_typed(make_app) -> None:
    entries.create_entry(TODAY, "[b]not bold[/b] and [link=x]")
    app = make_app()
    async with app.run_test(size=SIZE):
        prompt = app.screen.query_one("#entries", OptionList).get_option_at_index(0).prompt
        assert "[b]not bold[/b]" in str(prompt)


async def test_day_list_loads_more_days_as_you_scroll(make_app) -> None:
    for back in range(450):
        entries.create_entry(TODAY - timedelta(back), f"day {back}")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        days = app.screen.query_one("#days", OptionList)
        assert days.option_count == 200
        days.focus()
        await pilot.press("end")
        await pilot.pause()
        assert days.option_count == 400
        await pilot.press("end")
        await pilot.pause()
        assert days.option_count == 450
        await pilot.press("end", "enter")
        assert app.screen.day == TODAY - timedelta(449)


async def test_chosen_theme_is_remembered(make_app, tmp_path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE):
        app.theme = "nord"
    assert 'theme = "nord"' in (tmp_path / "config.toml").read_text()


async def test_command_palette_runs_screen_actions_even_from_the_editor(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, TextArea)
        await pilot.press("ctrl+p")
        await type_text(pilot, "prev day")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.day == TODAY - timedelta(1)


async def test_refused_tags_never_hold_back_the_text_nor_let_it_be_lost(make_app) -> None:
    entry = entries.create_entry(TODAY, "Draft")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#tags", Input).focus()
        await type_text(pilot, "y" * 50)
        await pilot.press("shift+tab", "shift+tab")
        assert isinstance(app.focused, TextArea)
        await pilot.press("end")
        await type_text(pilot, " IMPORTANT TEXT")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert entries.get_entry(entry.id).body == "Draft IMPORTANT TEXT"  # saved anyway
        assert all(len(tag) <= 40 for tag in entries.get_entry(entry.id).tags)
        await pilot.press("escape", "right_square_bracket")
        assert app.screen.day == TODAY  # does not leave while the tags are refused
        assert app.screen.query_one("#tags", Input).value == "y" * 50
        await pilot.press("ctrl+q")
        assert app.is_running  # the first ctrl+q warns instead of losing the tags
        app.screen.query_one("#tags", Input).value = "fixed"
        await pilot.press("right_square_bracket")
        assert app.screen.day == TODAY + timedelta(1)
    assert entries.get_entry(entry.id).tags == ("fixed",)


async def test_markup_in_a_title_is_harmless_everywhere(make_app) -> None:
    entries.create_entry(TODAY, "Closing tag [/] then [b]x")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "d", "y")  # the notification names the title
        await pilot.pause()
        assert bodies() == []


async def test_browsing_stops_at_the_edges_of_the_calendar(make_app) -> None:
    from mentorjournal.services.parsing import FIRST_DAY

    entries.create_entry(FIRST_DAY, "long ago")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        app.screen.show_day(FIRST_DAY)
        await pilot.press("left_square_bracket")
        assert app.screen.day == FIRST_DAY


async def test_an_entry_opens_with_the_cursor_at_its_end(make_app) -> None:
    entries.create_entry(TODAY, "Morning page\nfirst thoughts")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, ", more")
        await pilot.press("ctrl+q")
    assert bodies() == ["Morning page\nfirst thoughts, more"]
