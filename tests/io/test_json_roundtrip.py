"""The JSON interchange: export → import into an empty journal → export is the same."""

import json
from datetime import date, datetime, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorjournal.io import json_format
from mentorjournal.io.json_format import ImportRefused
from mentorjournal.models import BLOCK_KINDS, DIRECTIONS, LEDGER_KINDS, STAGES, Entry
from mentorjournal.services import blocks, checklist, day_notes, entries, ledger, people, steps
from mentorjournal.services.blocks import Draft
from mentorjournal.services.journal import open_journal
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm

from ..conftest import TODAY

texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300
)
names = st.text(st.characters(whitelist_categories=("L", "Nd", "So")), min_size=1, max_size=30)
JOURNALS = count()


def without_timestamp(data: dict) -> dict:
    """The export without its own time, and without each entry's `merged_revision`
    (an imported entry remembers the revision it came in at)."""
    data = {key: value for key, value in data.items() if key != "exported_at"}
    data["entries"] = [{**e, "merged_revision": None} for e in data["entries"]]
    return data


def roundtrip(tmp_path) -> None:
    """Export the open journal, import it into a new one, export again: the same."""
    first = json_format.export_journal(datetime(2026, 11, 27, 9))
    open_journal(tmp_path / f"copy-{next(JOURNALS)}.db", starters=False)
    json_format.import_journal(json_format.loads(json_format.dumps(first)))
    again = json_format.export_journal(datetime(2026, 11, 27, 9))
    assert without_timestamp(again) == without_timestamp(first)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    bodies=st.lists(texts, min_size=1, max_size=5),
    person_names=st.lists(names, min_size=1, max_size=4, unique_by=str.lower),
    kinds=st.lists(st.sampled_from(BLOCK_KINDS), min_size=1, max_size=3),
    stage=st.sampled_from(STAGES),
    direction=st.sampled_from(DIRECTIONS),
    ledger_kind=st.sampled_from(LEDGER_KINDS),
    note=texts,
)
def test_random_journals_survive_the_round_trip(
    tmp_path, bodies, person_names, kinds, stage, direction, ledger_kind, note
) -> None:
    open_journal(tmp_path / f"random-{next(JOURNALS)}.db", today=TODAY)
    for number, body in enumerate(bodies):
        entries.create_entry(
            TODAY - timedelta(number), body or "x", tags=["t"], step=number % 5 + 1
        )
    for name in person_names:
        people.create_person(PersonForm(name, stage=stage, notes=note[:200]), TODAY)
    ledger.add(
        EntryForm(
            TODAY,
            person_names[0],
            direction,
            ledger_kind,
            note[:2000],
            follow_up=TODAY + timedelta(3),
        )
    )
    for number, kind in enumerate(kinds):
        start = datetime(2026, 11, 23 + number, 9)
        blocks.create_block(
            Draft(
                f"Block {number}",
                kind,
                start,
                start + timedelta(hours=1),
                notes=note[:100],
                person=person_names[-1],
                repeat="weekly",
            ),
            "Europe/Berlin",
        )
    series = blocks.week_blocks(date(2026, 11, 30))
    blocks.delete(series[0], whole_series=False)  # a skipped occurrence
    blocks.set_status(blocks.week_blocks(date(2026, 11, 23))[0], "done")
    action = checklist.add_action(2, "weekly thing", "weekly", today=TODAY)
    checklist.toggle_action(action, date(2026, 11, 23), datetime(2026, 11, 27, 9))
    steps.save_note(1, "purpose", note or "purpose", datetime(2026, 11, 27, 9))
    day_notes.add(TODAY, (note or "holiday")[:200].strip() or "holiday", TODAY + timedelta(2))
    roundtrip(tmp_path)


def test_the_demo_journal_survives_the_round_trip(tmp_path) -> None:
    from mentorjournal import demo

    demo.create(tmp_path / "demo.db", TODAY)
    roundtrip(tmp_path)


def test_importing_twice_adds_nothing(journal) -> None:
    entries.create_entry(TODAY, "once")
    data = json_format.loads(json_format.dumps(json_format.export_journal()))
    summary = json_format.import_journal(data)
    assert sum(summary.added.values()) == sum(summary.updated.values()) == 0
    assert summary.present["entries"] == 1
    assert Entry.select().count() == 1


def test_day_notes_travel_and_merge_by_uid_then_by_day_and_text(journal) -> None:
    note = day_notes.add(TODAY, "Holiday", TODAY + timedelta(1))
    data = json_format.loads(json_format.dumps(json_format.export_journal()))
    assert data["day_notes"][0]["uid"] == note.uid
    assert json_format.import_journal(data).present["day notes"] == 1
    data["day_notes"][0] |= {"text": "Holiday (office closed)", "updated_at": "2030-01-01T00:00"}
    data["day_notes"].append({"day": "2026-12-24", "text": "Christmas Eve"})
    data["day_notes"].append({"day": str(TODAY), "last_day": str(TODAY), "text": "Holiday"})
    summary = json_format.import_journal(data)
    assert (summary.updated["day notes"], summary.added["day notes"]) == (1, 2)
    texts = [(n.day, n.last_day, n.text) for n in day_notes.between(TODAY, date(2026, 12, 31))]
    assert texts == [
        (TODAY, TODAY + timedelta(1), "Holiday (office closed)"),
        (TODAY, TODAY, "Holiday"),
        (date(2026, 12, 24), date(2026, 12, 24), "Christmas Eve"),
    ]
    assert json_format.import_journal(data).added["day notes"] == 0  # the second time: none
    data["day_notes"].append({"day": "2026-12-24", "last_day": "2026-12-01", "text": "x"})
    with pytest.raises(ImportRefused, match=r"day_notes\[3\]: last_day"):
        json_format.import_journal(data)


def test_dry_run_changes_nothing(tmp_path) -> None:
    open_journal(tmp_path / "a.db", today=TODAY)
    entries.create_entry(TODAY, "to copy")
    data = json_format.loads(json_format.dumps(json_format.export_journal()))
    open_journal(tmp_path / "b.db", starters=False)
    summary = json_format.import_journal(data, dry_run=True)
    assert summary.added["entries"] == 1
    assert Entry.select().count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"other": "program"}', "not a mentorjournal export"),
        ('{"format": "mentorjournal", "version": 9}', "reads version 1"),
        ('{"format": "mentorjournal", "version": 1, "entries": {}}', "not a list"),
    ],
)
def test_bad_files_are_refused_in_one_line(text, message) -> None:
    with pytest.raises(ImportRefused, match=message):
        json_format.loads(text)


def test_a_bad_record_half_way_changes_nothing(journal) -> None:
    good = {
        "id": 1,
        "day": "2026-11-27",
        "written_at": "2026-11-27T09:00:00+00:00",
        "title": "a",
        "body": "a",
        "step": None,
        "tags": [],
    }
    bad = {**good, "id": 2, "step": 9}
    data = {"format": "mentorjournal", "version": 1, "entries": [good, bad]}
    with pytest.raises(ImportRefused, match=r"entries\[1\]: 'step' must be 1 to 5"):
        json_format.import_journal(json_format.loads(json.dumps(data)))
    assert Entry.select().count() == 0


def test_a_huge_number_is_refused_not_crashed_on(journal) -> None:
    data = {"format": "mentorjournal", "version": 1, "people": [{"id": 2**70, "name": "Ana"}]}
    with pytest.raises(ImportRefused, match=r"people\[0\]: 'id' is out of range"):
        json_format.import_journal(data)
