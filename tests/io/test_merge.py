"""Merging journals (issue 15): every record keeps one identity, nothing is dropped or
misattributed, the same file twice changes nothing, A into B equals B into A."""

import json
from datetime import date, datetime, time, timedelta
from itertools import count
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from mentorjournal import clock, db
from mentorjournal.cli import main
from mentorjournal.io import json_format
from mentorjournal.io.merge import KEPT_TWICE
from mentorjournal.models import (
    Action,
    ActionCompletion,
    Entry,
    Group,
    LedgerEntry,
    Person,
    StepNote,
    TimeBlock,
)
from mentorjournal.services import entries, ledger, people, search, steps
from mentorjournal.services.checklist import STARTER_ACTIONS
from mentorjournal.services.journal import open_journal
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm

from ..conftest import TODAY

JOURNALS = count()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def bodies(path: Path) -> list[str]:
    open_journal(path, create=False)
    try:
        return sorted(e.body for e in Entry.select())
    finally:
        db.close_journal()


def export_of(path: Path) -> dict:
    open_journal(path, create=False)
    try:
        return json_format.loads(json_format.dumps(json_format.export_journal()))
    finally:
        db.close_journal()


def merge_into(path: Path, data: dict) -> str:
    open_journal(path, create=False)
    try:
        return json_format.import_journal(data).line()
    finally:
        db.close_journal()


def test_the_two_journal_story_through_the_command_line(capsys, tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert run(capsys, "--db", a, "log", "alpha")[0] == 0
    assert run(capsys, "--db", b, "log", "beta")[0] == 0
    assert run(capsys, "--db", b, "export", "--format", "json", "-o", tmp_path / "b.json")[0] == 0
    assert run(capsys, "--db", a, "export", "--format", "json", "-o", tmp_path / "a.json")[0] == 0

    code, out, err = run(capsys, "--db", a, "import", tmp_path / "b.json")
    assert code == 0, err
    assert out.startswith("added 1 entry;")
    assert bodies(a) == ["alpha", "beta"]
    assert run(capsys, "--db", b, "import", tmp_path / "a.json")[0] == 0
    assert bodies(b) == ["alpha", "beta"]

    code, out, _err = run(capsys, "--db", a, "import", tmp_path / "b.json")
    assert code == 0 and out.startswith("added nothing; updated nothing; already there")
    assert bodies(a) == ["alpha", "beta"]


def _journal(path: Path, names: list[str], advice_from: str | None = None) -> None:
    open_journal(path, today=TODAY)
    for name in names:
        people.create_person(PersonForm(name), TODAY)
    if advice_from:
        form = EntryForm(TODAY, advice_from, "receive", "advice", "write the design doc first")
        ledger.add(form)
    db.close_journal()


def test_anas_advice_stays_anas_when_the_ids_collide(tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _journal(a, ["Bob", "Ana"])  # Bob is 1, Ana 2
    _journal(b, ["ana "], advice_from="Ana")  # Ana is 1 here
    merge_into(a, export_of(b))
    open_journal(a, create=False)
    [line] = LedgerEntry.select()
    assert line.person.name == "Ana" and line.note == "write the design doc first"
    assert Person.select().count() == 2


def test_a_hand_written_file_with_people_by_name_imports_whole(capsys, tmp_path) -> None:
    path = tmp_path / "hand.json"
    path.write_text(
        json.dumps(
            {
                "format": "mentorjournal",
                "version": 1,
                "steps": [{"number": 1, "notes": "I explain hard things simply."}],
                "actions": [
                    {
                        "step": 2,
                        "text": "Read one paper",
                        "cadence": "weekly",
                        "done": ["2026-11-25"],
                    }
                ],
                "entries": [{"written_at": "2026-11-20T08:00", "body": "By hand", "tags": ["x"]}],
                "time_blocks": [
                    {
                        "start": "2026-11-23T09:00",
                        "end": "2026-11-23T10:00",
                        "title": "Coffee with Sam",
                        "kind": "mentor meeting",
                        "person": "Sam Lee",
                        "repeat": None,
                    },
                    {
                        "start": "2026-11-24T18:00",
                        "end": "2026-11-24T20:00",
                        "title": "Meetup",
                        "group": "Rust Meetup",
                        "repeat": "weekly",
                    },
                ],
                "ledger": [
                    {"date": "2026-11-23", "person": "sam  lee", "direction": "receive"},
                    {"date": "2026-11-24", "person": "Kim", "direction": "give", "kind": "advice"},
                ],
            }
        )
    )
    code, out, err = run(capsys, "--db", tmp_path / "new.db", "import", path)
    assert code == 0, err
    open_journal(tmp_path / "new.db", create=False)
    assert sorted(p.name for p in Person.select()) == ["Kim", "Sam Lee"]
    assert [g.name for g in Group.select()] == ["Rust Meetup"]
    coffee = TimeBlock.get(TimeBlock.title == "Coffee with Sam")
    assert coffee.person.name == "Sam Lee" and coffee.repeat == "none"
    assert coffee.start == datetime(2026, 11, 23, 9) and coffee.tz  # the machine's zone
    assert TimeBlock.get(TimeBlock.title == "Meetup").repeat == "weekly"
    assert [(x.person.name, x.kind) for x in LedgerEntry.select().order_by(LedgerEntry.date)] == [
        ("Sam Lee", "other"),
        ("Kim", "advice"),
    ]
    action = Action.get(Action.text == "Read one paper")
    assert [t.week for t in action.completions] == [date(2026, 11, 23)]  # the week of the 25th
    assert steps.note(1, "strengths") == "I explain hard things simply."
    assert search.search_entries("hand")[1] == 1
    starters = sum(len(actions) for actions in STARTER_ACTIONS.values())
    assert Action.select().count() == starters + 1  # a journal made by an import has them
    db.close_journal()
    code, out, _err = run(capsys, "--db", tmp_path / "new.db", "import", path)
    assert out.startswith("added nothing; updated nothing;")


def test_natural_keys_match_records_without_uids(journal) -> None:
    people.create_person(PersonForm("Ana Lima"), TODAY)
    made = entries.create_entry(TODAY, "same text", now=datetime(2026, 11, 27, 8))
    ledger.add(EntryForm(TODAY, "Ana Lima", "give", "advice", "a note"))
    data = {
        "format": "mentorjournal",
        "version": 1,
        "people": [{"id": 7, "name": "  ANA   lima "}],
        "groups": [{"name": "Rust"}, {"name": "rust "}],
        "entries": [
            {"written_at": made.written_at.isoformat(), "body": "same text"},
            {"written_at": "2026-11-26T08:00", "body": "same text"},  # another time: another
        ],
        "ledger": [
            {
                "date": "2026-11-27",
                "person": 7,
                "direction": "give",
                "kind": "advice",
                "note": "a note",
            },
            {
                "date": "2026-11-27",
                "person": 7,
                "direction": "give",
                "kind": "advice",
                "note": "another note",
            },
        ],
        "actions": [{"step": 1, "text": "Write down three strengths, with one example of each"}],
    }
    summary = json_format.import_journal(data)
    assert Person.select().count() == 1 and Group.select().count() == 1
    assert Entry.select().count() == 2
    assert LedgerEntry.select().count() == 2
    assert summary.added == {"groups": 1, "entries": 1, "ledger": 1}
    assert summary.present["actions"] == 1 and summary.present["people"] == 1


def test_the_newer_version_wins_and_an_older_one_changes_nothing(tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    clock.fix(TODAY, time(9))
    _journal(a, ["Ana"])
    open_journal(b, today=TODAY, starters=False)
    db.close_journal()
    merge_into(b, export_of(a))
    clock.fix(TODAY, time(10))
    open_journal(b, create=False)
    ana = people.person_named("Ana")
    people.update_person(ana, PersonForm("Ana", organisation="Acme", stage="ally"))
    db.close_journal()

    assert "updated 1 person" in merge_into(a, export_of(b))
    open_journal(a, create=False)
    assert Person.get(Person.name == "Ana").organisation == "Acme"
    db.close_journal()
    assert "updated nothing" in merge_into(b, export_of(a))


def _edit(path: Path, body: str, at: time) -> None:
    clock.fix(TODAY, at)
    open_journal(path, create=False)
    entry = Entry.get()
    entries.update_entry(entry.id, body, step=None, tags=[])
    db.close_journal()


def test_an_entry_changed_on_both_sides_is_kept_twice_on_both_sides(tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    clock.fix(TODAY, time(8))
    open_journal(a, today=TODAY)
    entries.create_entry(TODAY, "Plan\n\nfirst draft")
    db.close_journal()
    open_journal(b, today=TODAY)
    db.close_journal()
    merge_into(b, export_of(a))
    _edit(a, "Plan\n\nlaptop words", time(9))
    _edit(b, "Plan\n\ndesktop words", time(10))
    from_a, from_b = export_of(a), export_of(b)

    line = merge_into(a, from_b)
    assert "kept twice (both sides changed) 1 entry" in line
    merge_into(b, from_a)
    for path in (a, b):
        assert bodies(path) == [
            f"{KEPT_TWICE}: Plan\n\nPlan\n\nlaptop words",
            "Plan\n\ndesktop words",  # the newer stays the entry
        ]
    assert "kept twice" not in merge_into(a, from_b)  # a second time changes nothing
    assert bodies(a) == bodies(b)


def test_an_entry_changed_on_one_side_only_is_updated(tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    clock.fix(TODAY, time(8))
    open_journal(a, today=TODAY)
    entries.create_entry(TODAY, "first")
    db.close_journal()
    open_journal(b, today=TODAY)
    db.close_journal()
    merge_into(b, export_of(a))
    _edit(b, "second", time(9))
    _edit(b, "third", time(10))
    assert "updated 1 entry" in merge_into(a, export_of(b))
    assert bodies(a) == ["third"]
    assert "updated nothing" in merge_into(b, export_of(a))
    assert bodies(b) == ["third"]


# A into B and B into A give the same records


def _canonical(path: Path) -> set:
    open_journal(path, create=False)
    try:
        return (
            {("entry", e.uid, e.body, e.step_id) for e in Entry.select()}
            | {("person", p.name.casefold(), p.stage) for p in Person.select()}
            | {("group", g.name.casefold()) for g in Group.select()}
            | {
                ("ledger", x.date, x.person.name.casefold(), x.direction, x.kind, x.note)
                for x in LedgerEntry.select()
            }
            | {("action", a.step_id, a.text) for a in Action.select()}
            | {("tick", t.action.text, t.week) for t in ActionCompletion.select()}
            | {("note", n.step_id, n.topic, n.day, n.text) for n in StepNote.select()}
        )
    finally:
        db.close_journal()


names = st.sampled_from(["Ana", "ana", "Bob", "Chen", "Dana "])
words = st.text("abc \n", min_size=1, max_size=12).filter(str.strip)
shared_edits = st.lists(st.tuples(st.booleans(), words), max_size=3)


def _fill(path: Path, ops: dict, shared: list, side: bool) -> None:
    open_journal(path, create=False)
    for index, (name, note) in enumerate(ops["ledger"]):
        day = TODAY - timedelta(index % 3)
        ledger.add(EntryForm(day, name, "receive", "advice", note))
    for index, body in enumerate(ops["entries"]):
        clock.fix(TODAY, time(8, index))
        entries.create_entry(TODAY - timedelta(index % 2), body)
    for number, (entry_id, edits) in enumerate(shared):
        for at, (on_a, body) in enumerate(edits):
            if on_a == side:
                clock.fix(TODAY, time(12, number * 10 + at, 1 if side else 2))
                entries.update_entry(entry_id, body, step=None, tags=[])
    if ops["note"]:
        steps.save_note(1, "purpose", ops["note"], datetime(2026, 11, 20 + len(ops["note"]) % 7, 9))
    db.close_journal()


side_ops = st.fixed_dictionaries(
    {
        "ledger": st.lists(st.tuples(names, words), max_size=3),
        "entries": st.lists(words, max_size=3),
        "note": st.one_of(st.just(""), words),
    }
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(
    base=st.lists(words, max_size=2),
    on_a=side_ops,
    on_b=side_ops,
    edits=st.lists(shared_edits, min_size=2, max_size=2),
)
def test_merging_a_into_b_gives_what_b_into_a_gives(tmp_path, base, on_a, on_b, edits) -> None:
    folder = tmp_path / f"run-{next(JOURNALS)}"
    folder.mkdir()
    a, b = folder / "a.db", folder / "b.db"
    clock.fix(TODAY, time(7))
    open_journal(a, today=TODAY)
    shared = [
        (entries.create_entry(TODAY, body).id, edit)
        for body, edit in zip(base, edits, strict=False)
    ]
    db.close_journal()
    open_journal(b, today=TODAY)
    db.close_journal()
    merge_into(b, export_of(a))
    _fill(a, on_a, shared, True)
    _fill(b, on_b, shared, False)
    clock.fix(TODAY, time(18))
    from_a, from_b = export_of(a), export_of(b)

    merge_into(a, from_b)
    merge_into(b, from_a)

    assert _canonical(a) == _canonical(b)
    assert "added nothing; updated nothing" in merge_into(a, from_b)


def test_a_step_note_written_on_both_sides_the_same_day_keeps_both_texts(tmp_path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for path, text, hour in ((a, "Lead the platform team", 9), (b, "Teach what I learn", 10)):
        open_journal(path, today=TODAY)
        steps.save_note(1, "purpose", text, datetime.combine(TODAY, time(hour)))
        db.close_journal()
    from_a, from_b = export_of(a), export_of(b)
    assert "kept twice (both sides changed) 1 step note" in merge_into(a, from_b)
    merge_into(b, from_a)
    both = f"Teach what I learn\n\n--- {KEPT_TWICE} ---\nLead the platform team"
    for path in (a, b):
        open_journal(path, create=False)
        assert steps.note(1, "purpose") == both
        db.close_journal()
    assert "already there" in merge_into(a, from_b) and "kept twice" not in merge_into(a, from_b)
