"""The Checklist screen, driven with the keys a user would press."""

from datetime import timedelta

from textual.widgets import Input, OptionList, Static, TextArea

from mentorjournal.screens.action_form import ActionForm
from mentorjournal.screens.checklist import ChecklistScreen
from mentorjournal.screens.entry_picker import EntryPickerScreen
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.screens.note_history import NoteHistoryScreen
from mentorjournal.services import checklist, entries, steps
from mentorjournal.services.checklist import STARTER_ACTIONS
from mentorjournal.services.weeks import week_start
from mentorjournal.widgets.autosave import AUTOSAVE_DELAY

from ..conftest import TODAY
from .typing import type_text

SIZE = (120, 40)
WEEK = week_start(TODAY)


async def open_checklist(app, pilot) -> ChecklistScreen:
    await pilot.press("escape", "2")
    assert isinstance(app.screen, ChecklistScreen)
    return app.screen


def step_texts(week, step) -> list[str]:
    return [a.text for a in checklist.actions_in_week(week)[step]]


def done_texts(week) -> set[str]:
    return {
        a.text for actions in checklist.actions_in_week(week).values() for a in actions if a.done
    }


async def test_fresh_journal_shows_five_steps_with_starter_actions(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_checklist(app, pilot)
        options = screen.query_one("#actions", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        for step in range(1, 6):
            assert any(p.startswith(f"{step}  ") for p in prompts)
            for text, _cadence in STARTER_ACTIONS[step]:
                assert any(text in p for p in prompts)
        explanation = str(screen.query_one("#step-explanation", Static).render())
        assert "habit" in explanation


async def test_tick_two_add_one_reorder_and_it_all_persists(make_app) -> None:
    first, second = STARTER_ACTIONS[1][0][0], STARTER_ACTIONS[1][1][0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_checklist(app, pilot)
        await pilot.press("j", "space", "j", "space")  # the first two actions of step 1
        await pilot.press("n")
        assert isinstance(app.screen, ActionForm)
        await type_text(pilot, "Draft a talk proposal")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ChecklistScreen)
        await pilot.press("K")  # the new action moves up one place
        await pilot.press("ctrl+q")
    assert done_texts(WEEK) == {first, second}
    assert step_texts(WEEK, 1)[-2:] == ["Draft a talk proposal", STARTER_ACTIONS[1][-1][0]]

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_checklist(app, pilot)
        assert screen.actions[1][-2].text == "Draft a talk proposal"
        await pilot.press("right_square_bracket")  # next week: weekly actions open again
        next_week = {a.text: a.done for a in screen.actions[1]}
        assert next_week[first] and next_week[second]  # once actions stay done
        weekly = checklist.add_action(2, "weekly thing", "weekly", today=TODAY)
        checklist.toggle_action(weekly, WEEK, app.now())
        await pilot.press("left_square_bracket", "right_square_bracket")
        assert not next(a for a in screen.actions[2] if a.id == weekly).done
        await pilot.press("full_stop")
        assert next(a for a in screen.actions[2] if a.id == weekly).done


async def test_the_form_refuses_an_empty_text_and_keeps_what_was_typed(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_checklist(app, pilot)
        before = len(step_texts(WEEK, 1))
        await pilot.press("n", "space", "space", "ctrl+s")
        assert isinstance(app.screen, ActionForm)
        assert "needs a text" in str(app.screen.query_one("#text-error", Static).render())
        await type_text(pilot, "x" * 10)
        app.screen.query_one("#text", Input).value = "y" * 501
        await pilot.press("ctrl+s")
        assert "at most 500" in str(app.screen.query_one("#text-error", Static).render())
        assert app.screen.query_one("#text", Input).value == "y" * 501
        await pilot.press("escape")
        assert isinstance(app.screen, ChecklistScreen)
        assert len(step_texts(WEEK, 1)) == before


async def test_edit_changes_text_and_cadence(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_checklist(app, pilot)
        await pilot.press("j", "e")
        assert isinstance(app.screen, ActionForm)
        await pilot.press("end", *" (today)", "tab", "enter", "down", "enter", "ctrl+s")
        assert isinstance(app.screen, ChecklistScreen)
    edited = checklist.actions_in_week(WEEK)[1][0]
    assert edited.text == STARTER_ACTIONS[1][0][0] + " (today)"
    assert edited.cadence == "weekly"


async def test_delete_then_undo(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_checklist(app, pilot)
        await pilot.press("j", "d")
        assert STARTER_ACTIONS[1][0][0] not in step_texts(WEEK, 1)
        await pilot.press("u")
        assert step_texts(WEEK, 1)[0] == STARTER_ACTIONS[1][0][0]
        await pilot.press("k", "d")  # on a step heading: steps cannot be deleted
        assert len(step_texts(WEEK, 1)) == len(STARTER_ACTIONS[1])


async def test_archive_hides_the_action_and_keeps_its_history(make_app) -> None:
    app = make_app()
    old = checklist.add_action(1, "Old habit", "weekly", today=TODAY - timedelta(14))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_checklist(app, pilot)
        action_list = screen.query_one("#actions", OptionList)
        action_list.highlighted = action_list.get_option_index(f"action-{old}")
        await pilot.press("a")
    assert "Old habit" not in step_texts(WEEK, 1)
    assert "Old habit" in step_texts(WEEK - timedelta(7), 1)


async def test_step_notes_autosave_and_keep_history(make_app) -> None:
    steps.save_note(
        1, "purpose", "An older purpose", app_now := __import__("datetime").datetime(2026, 1, 5, 9)
    )
    assert app_now
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_checklist(app, pilot)
        await pilot.press("e")  # on step 1's heading: into its notes
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, "Calm in incidents")
        await pilot.press("tab")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "Lead the platform team")
        await pilot.pause(AUTOSAVE_DELAY + 0.4)
        assert steps.note(1, "strengths") == "Calm in incidents"
        assert steps.note(1, "purpose") == "Lead the platform team"
        await pilot.press("escape", "v")
        assert isinstance(app.screen, NoteHistoryScreen)
        assert len(app.screen.versions) == 3
        assert "An older purpose" in [v.text for v in app.screen.versions]
        await pilot.press("escape")
        assert app.screen is screen


async def test_entries_for_a_step_open_in_the_journal(make_app) -> None:
    entry = entries.create_entry(TODAY - timedelta(1), "Mentor meeting notes", step=5)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_checklist(app, pilot)
        heading = screen.query_one("#actions", OptionList).get_option_index("step-5")
        screen.query_one("#actions", OptionList).highlighted = heading
        await pilot.press("o")
        assert isinstance(app.screen, EntryPickerScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, JournalScreen)
        assert app.screen.editor.entry.id == entry.id
