"""The Review screen: the week's numbers, carrying over, the written review."""

from datetime import datetime, timedelta

from textual.widgets import Input, SelectionList, Static

from mentorjournal.screens.review import ReviewScreen, WrittenReview
from mentorjournal.services import blocks, checklist, entries, review
from mentorjournal.services.blocks import Draft
from mentorjournal.services.weeks import week_start
from mentorjournal.widgets.heatmap import Heatmap

from ..conftest import TODAY

SIZE = (120, 40)
WEEK = week_start(TODAY)


async def open_review(app, pilot) -> ReviewScreen:
    await pilot.press("escape", "6")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_carry_over_moves_two_chosen_actions_into_next_week(make_app) -> None:
    start = datetime(2026, 11, 24, 9)
    blocks.create_block(Draft("Course block", "course", start, start + timedelta(hours=2)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        carry = screen.query_one("#carry", SelectionList)
        labels = [str(carry.get_option_at_index(i).prompt) for i in range(carry.option_count)]
        assert any("Course block" in label for label in labels)
        weekly = [
            a.text
            for acts in checklist.actions_in_week(WEEK).values()
            for a in acts
            if a.cadence == "weekly"
        ]
        assert len([label for label in labels if label.startswith("action")]) == len(weekly)
        await pilot.press("space", "down", "space", "c")
    next_week = checklist.actions_in_week(WEEK + timedelta(7))
    carried = [
        a.text for acts in next_week.values() for a in acts if a.text.endswith("(carried over)")
    ]
    assert carried == [f"{text} (carried over)" for text in weekly[:2]]
    assert not [
        a
        for acts in checklist.actions_in_week(WEEK).values()
        for a in acts
        if a.text.endswith("(carried over)")
    ]


async def test_an_unfinished_block_is_copied_to_next_week(make_app) -> None:
    start = datetime(2026, 11, 24, 9)
    blocks.create_block(Draft("Course block", "course", start, start + timedelta(hours=2)))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        carry = screen.query_one("#carry", SelectionList)
        carry.highlighted = carry.option_count - 1
        await pilot.press("space", "c")
    [copy] = blocks.week_blocks(WEEK + timedelta(7))
    assert (copy.title, copy.start) == ("Course block", start + timedelta(7))


async def test_the_written_review_is_a_journal_entry(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        await pilot.press("w")
        form = app.screen
        assert isinstance(form, WrittenReview)
        form.query_one("#prompt-0", Input).value = "Two course blocks"
        form.query_one("#prompt-2", Input).value = "Protect Wednesday mornings"
        await pilot.press("ctrl+s")
    [entry] = entries.entries_on(TODAY)
    assert entry.title == "Weekly review: week of 23 November 2026"
    assert "## What went well\n\nTwo course blocks" in entry.body
    assert "## What did not\n\n-" in entry.body
    assert entry.tags == ("review",)


async def test_numbers_and_heatmap_for_the_week_and_the_one_before(make_app) -> None:
    entries.create_entry(TODAY, "one two three four")
    entries.create_entry(TODAY - timedelta(200), "an older page")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        assert "1 of 7 days written · 4 words" in text_of(screen, "#review-journal")
        heatmap = screen.query_one(Heatmap)
        assert heatmap.words[TODAY] == 4 and heatmap.words[TODAY - timedelta(200)] == 3
        await pilot.press("left_square_bracket")
        assert screen.week == WEEK - timedelta(7)
        assert "0 of 7 days written" in text_of(screen, "#review-journal")


def test_words_per_day_counts_in_the_database(journal) -> None:
    entries.create_entry(TODAY, "a b c")
    entries.create_entry(TODAY, "d e")
    assert review.words_per_day(TODAY) == {TODAY: 5}


def test_the_review_counts_for_every_step(journal) -> None:
    review.write_review(WEEK, ["a", "b", "c"], datetime(2026, 11, 27, 18))
    entries.create_entry(TODAY, "step two only", step=2)
    counts = entries.step_counts(WEEK, WEEK + timedelta(7))
    assert counts == {1: 1, 2: 2, 3: 1, 4: 1, 5: 1}
    assert [e.title for e in entries.entries_for_step(4, WEEK, WEEK + timedelta(7))] == [
        "Weekly review: week of 23 November 2026"
    ]


def test_an_empty_review_is_refused_and_a_second_one_replaces_the_first(journal) -> None:
    import pytest

    from mentorjournal.services import ValidationError

    with pytest.raises(ValidationError, match="at least one"):
        review.write_review(WEEK, ["", " ", ""], datetime(2026, 11, 27, 18))
    first = review.write_review(WEEK, ["good", "", ""], datetime(2026, 11, 27, 18))
    again = review.write_review(WEEK, ["good", "bad", "change"], datetime(2026, 11, 27, 19))
    assert first == again
    assert review.answers_of(entries.get_entry(first).body) == ["good", "bad", "change"]
    assert len(entries.entries_on(TODAY)) == 1
