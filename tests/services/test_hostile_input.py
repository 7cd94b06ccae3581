"""Hostile input: anything a user can type is either stored and read back identically,
or refused with a ValidationError; never another exception, never half a record."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.models import Action, Entry, Group, LedgerEntry, Person, TimeBlock
from mentorjournal.services import (
    ValidationError,
    blocks,
    checklist,
    entries,
    groups,
    ledger,
    people,
)
from mentorjournal.services.blocks import Draft
from mentorjournal.services.groups import GroupForm
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.parsing import parse_date
from mentorjournal.services.people import PersonForm
from mentorjournal.services.search import search_entries

from ..conftest import TODAY

anything = st.text(st.characters(), max_size=400)  # control characters, surrogates, emoji…
huge = st.builds(lambda unit, times: unit * times, anything.filter(bool), st.just(100_000 // 8))
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def refused_or_kept(make, read, count, expected):
    """Either `make()` stores exactly `expected` (as `read` gives it back) or refuses."""
    before = count()
    try:
        made = make()
    except ValidationError as error:
        assert error.message and error.field
        assert count() == before  # nothing half-saved
        return
    assert count() == before + 1
    assert read(made) == expected


@SETTINGS
@given(body=st.one_of(anything, huge), day=days)
def test_entries(journal, body, day) -> None:
    refused_or_kept(
        lambda: entries.create_entry(day, body),
        lambda made: (entries.get_entry(made.id).body, entries.get_entry(made.id).day),
        lambda: Entry.select().count(),
        (body, day),
    )


@SETTINGS
@given(text=anything, cadence=st.sampled_from(["once", "weekly", "daily", ""]))
def test_actions(journal, text, cadence) -> None:
    refused_or_kept(
        lambda: checklist.add_action(3, text, cadence, today=TODAY),
        lambda made: Action.get_by_id(made).text,
        lambda: Action.select().count(),
        text.strip(),
    )


@SETTINGS
@given(title=anything, minutes=st.integers(-3000, 3000), day=days, person=anything)
def test_blocks(journal, title, minutes, day, person) -> None:
    start = datetime.combine(day, datetime.min.time())
    try:
        end = start + timedelta(minutes=minutes)
    except OverflowError:
        return  # no such moment can be typed: the form's parser refuses it first
    refused_or_kept(
        lambda: blocks.create_block(Draft(title, "course", start, end, person=person), "UTC"),
        lambda made: TimeBlock.get_by_id(made).end - TimeBlock.get_by_id(made).start,
        lambda: TimeBlock.select().count(),
        timedelta(minutes=minutes),
    )


@SETTINGS
@given(name=anything, notes=anything, every=st.one_of(st.none(), st.integers(-5, 5000)))
def test_people(journal, name, notes, every) -> None:
    refused_or_kept(
        lambda: people.create_person(PersonForm(name, notes=notes, touch_every_days=every), TODAY),
        lambda made: people.get_person(made).notes,
        lambda: Person.select().count(),
        notes,
    )


@SETTINGS
@given(note=anything, day=days, follow=st.one_of(st.none(), days))
def test_ledger(journal, note, day, follow) -> None:
    refused_or_kept(
        lambda: ledger.add(EntryForm(day, "Ana", "give", "advice", note, follow_up=follow)),
        lambda made: ledger.get(made).note,
        lambda: LedgerEntry.select().count(),
        note.strip(),
    )


@SETTINGS
@given(name=anything, rating=st.one_of(st.none(), st.integers(-3, 9)), cost=st.floats(-10, 1e6))
def test_groups(journal, name, rating, cost) -> None:
    refused_or_kept(
        lambda: groups.create_group(GroupForm(name, rating=rating, cost_per_year=cost)),
        lambda made: Group.get_by_id(made).rating,
        lambda: Group.select().count(),
        rating,
    )


@SETTINGS
@given(query=anything)
def test_search_queries_never_raise(journal, query) -> None:
    entries.create_entry(TODAY, "something to find")
    try:
        hits, total = search_entries(query)
    except ValidationError as refused:  # too long or too deeply bracketed: said in words
        assert "search" in refused.message or "brackets" in refused.message
    else:
        assert total >= len(hits) >= 0


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "2023-02-29", "2024-02-29", "-1"])
def test_boundary_dates_are_accepted_or_refused_clearly(text) -> None:
    try:
        day = parse_date(text)
    except ValidationError as error:
        assert "YYYY-MM-DD" in error.message or "between" in error.message
    else:
        assert day == date(2024, 2, 29)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), anything),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(anything, inner, max_size=3)
    ),
    max_leaves=8,
)


@SETTINGS
@given(
    section=st.sampled_from(
        ["entries", "people", "groups", "actions", "time_blocks", "ledger", "steps"]
    ),
    record=st.dictionaries(
        st.sampled_from(
            [
                "id",
                "day",
                "written_at",
                "title",
                "body",
                "step",
                "tags",
                "name",
                "stage",
                "start",
                "end",
                "uid",
                "date",
                "person",
                "direction",
                "number",
            ]
        ),
        json_values,
        max_size=8,
    ),
)
def test_import_records_are_imported_or_refused_in_one_line(journal, section, record) -> None:
    from mentorjournal.io.json_format import ImportRefused, import_journal

    before = Entry.select().count() + Person.select().count() + TimeBlock.select().count()
    try:
        import_journal({"format": "mentorjournal", "version": 1, section: [record]})
    except ImportRefused as refused:
        assert str(refused).startswith(f"{section}[0]") and "\n" not in str(refused)
        after = Entry.select().count() + Person.select().count() + TimeBlock.select().count()
        assert after == before
