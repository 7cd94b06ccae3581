"""People, groups and the ledger: balances, contact, the too-early check, the funnel,
introductions and the advice loop."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from mentorjournal.models import LedgerEntry, Person
from mentorjournal.services import ValidationError, blocks, checklist, groups, ledger, people
from mentorjournal.services.blocks import Draft, create_block
from mentorjournal.services.groups import GroupForm
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm
from mentorjournal.services.weeks import week_start

from ..conftest import TODAY

NOW = datetime(2026, 11, 27, 12)


def give(person: str, days_ago: int = 0, kind: str = "other", **more) -> int:
    return ledger.add(EntryForm(TODAY - timedelta(days_ago), person, "give", kind, **more))


def receive(person: str, days_ago: int = 0, kind: str = "other", **more) -> int:
    return ledger.add(EntryForm(TODAY - timedelta(days_ago), person, "receive", kind, **more))


def test_names_are_unique_whatever_the_case(journal) -> None:
    people.create_person(PersonForm("Ana Ribeiro"), TODAY)
    with pytest.raises(ValidationError, match="already someone called Ana Ribeiro"):
        people.create_person(PersonForm("ana  RIBEIRO"), TODAY)
    with pytest.raises(ValidationError, match="needs a name"):
        people.create_person(PersonForm("   "), TODAY)
    assert Person.select().count() == 1


def test_balances_and_last_contact(journal) -> None:
    give("Ana", 10)
    receive("Ana", 3, "advice")
    receive("Ben", 40)
    balances = {b.person: (b.given, b.received) for b in ledger.balances()}
    assert balances == {"Ana": (1, 1), "Ben": (0, 1)}
    rows = {row.name: row for row in people.people(NOW)}
    assert rows["Ana"].last_contact == TODAY - timedelta(3)
    assert (rows["Ana"].given, rows["Ana"].received) == (1, 1)


def test_a_meeting_resets_the_stay_in_touch_clock(journal) -> None:
    ana = people.create_person(PersonForm("Ana", touch_every_days=14), TODAY - timedelta(60))
    receive("Ana", 30)
    [row] = people.people(NOW)
    assert row.overdue_days == 16
    start = datetime(2026, 11, 20, 12)
    lunch = Draft("Lunch", "mentor meeting", start, start + timedelta(hours=1), person="Ana")
    create_block(lunch)  # planned only: it may not have happened
    [row] = people.people(NOW)
    assert row.overdue_days == 16
    create_block(replace(lunch, status="done"))
    [row] = people.people(NOW)
    assert (row.last_contact, row.overdue_days) == (date(2026, 11, 20), -7)
    assert ana


def test_only_meetings_marked_done_count_for_a_series_too(journal) -> None:
    people.create_person(PersonForm("Ana"), TODAY - timedelta(60))
    first = datetime(2026, 11, 2, 12)
    weekly = Draft("1:1", "mentor meeting", first, first + timedelta(hours=1), person="Ana")
    create_block(replace(weekly, repeat="weekly"))
    assert people.people(NOW)[0].last_contact is None
    assert people.interactions(people.person_named("Ana"), NOW) == 0
    [second] = [b for b in blocks.week_blocks(date(2026, 11, 9)) if b.title == "1:1"]
    blocks.set_status(second, "done")
    assert people.people(NOW)[0].last_contact == date(2026, 11, 9)
    assert people.interactions(people.person_named("Ana"), NOW) == 1


def test_sorting_and_filtering(journal) -> None:
    for name, days, org in (("Cai", 5, "Acme"), ("Ana", 1, "Initech"), ("Ben", 20, "Acme")):
        people.create_person(PersonForm(name, organisation=org, touch_every_days=7), TODAY)
        give(name, days)
    assert [r.name for r in people.people(NOW)] == ["Ana", "Ben", "Cai"]
    assert [r.name for r in people.people(NOW, "last contact")] == ["Ana", "Cai", "Ben"]
    assert [r.name for r in people.people(NOW, "overdue")] == ["Ben", "Cai", "Ana"]
    assert [r.name for r in people.people(NOW, text="acme")] == ["Ben", "Cai"]


def test_asking_too_early_says_why(journal) -> None:
    fresh = people.create_person(PersonForm("Dana", met_on=TODAY - timedelta(5)), TODAY)
    reason = people.too_early_for_mentor(fresh, TODAY - timedelta(5), NOW)
    assert "only 0 logged interactions" in reason and "known for 5 days" in reason
    old = people.create_person(PersonForm("Ana", met_on=TODAY - timedelta(200)), TODAY)
    for days in (100, 50, 10):
        give("Ana", days)
    assert people.too_early_for_mentor(old, TODAY - timedelta(200), NOW) is None
    assert people.MENTOR_MIN_INTERACTIONS == 3


def test_deleting_a_person_takes_their_entries_and_leaves_nothing_dangling(journal) -> None:
    give("Ana", kind="introduction", other_person="Ben")
    receive("Ana")
    ana = Person.get(Person.name == "Ana").id
    assert people.ledger_count(ana) == 2
    people.delete_person(ana)
    assert LedgerEntry.select().count() == 0
    ben = Person.get(Person.name == "Ben").id
    people.delete_person(ben)
    assert Person.select().count() == 0


def test_introduction_chains(journal) -> None:
    receive("Ben", kind="introduction", other_person="Cai")  # Ben introduced me to Cai
    give("Ana", kind="introduction", other_person="Ben")  # I introduced Ana to Ben
    ben = Person.get(Person.name == "Ben").id
    cai = Person.get(Person.name == "Cai").id
    assert ledger.introductions_of(ben) == (["Cai"], [])
    assert ledger.introductions_of(cai) == ([], ["Ben"])
    descriptions = {row.describe() for row in ledger.person_entries(ben)}
    assert descriptions == {"Ben introduced me to Cai", "introduced Ana to Ben"}


def test_the_advice_loop(journal) -> None:
    advice = receive(
        "Ana", kind="advice", note="write the decision first", follow_up=TODAY + timedelta(14)
    )
    ledger.act_on_advice(advice, TODAY)
    fifth = checklist.actions_in_week(week_start(TODAY))[5]
    assert fifth[-1].text == "Act on write the decision first and report back to Ana"
    assert [row.id for row in ledger.follow_ups_due()] == [advice]
    later = datetime.combine(TODAY + timedelta(10), time(12))
    done = ledger.mark_followed_up(advice, later, week_start(later.date()))
    assert ledger.follow_ups_due() == []
    back = ledger.get(done.report_id)
    assert (back.direction, back.kind, back.note) == (
        "give",
        "feedback",
        "Reported back on: write the decision first",
    )
    assert ledger.mark_followed_up(advice, later, week_start(later.date())) is None  # once


def test_follow_up_done_ticks_the_report_back_action_and_can_be_undone(journal) -> None:
    advice = receive("Ana", kind="advice", note="write it down", follow_up=TODAY)
    action = ledger.act_on_advice(advice, TODAY)
    now = datetime.combine(TODAY, time(12))
    done = ledger.mark_followed_up(advice, now, week_start(TODAY))
    assert done.action_id == action
    [ticked] = [a for a in checklist.actions_in_week(week_start(TODAY))[5] if a.id == action]
    assert ticked.done
    ledger.undo_follow_up(done)
    [unticked] = [a for a in checklist.actions_in_week(week_start(TODAY))[5] if a.id == action]
    assert not unticked.done
    assert [row.id for row in ledger.follow_ups_due()] == [advice]
    assert [row.id for row in ledger.entries()] == [advice]


def test_follow_ups_due_oldest_first(journal) -> None:
    late = give("Ana", 30, follow_up=TODAY - timedelta(2))
    soon = give("Ben", 1, follow_up=TODAY + timedelta(3))
    assert [row.id for row in ledger.follow_ups_due()] == [late, soon]


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (EntryForm(TODAY, "  ", "give"), "person"),
        (EntryForm(TODAY, "Ana", "lend"), "direction"),
        (EntryForm(TODAY, "Ana", "give", "gossip"), "kind"),
        (EntryForm(TODAY, "Ana", "give", follow_up=TODAY - timedelta(1)), "follow_up"),
        (EntryForm(TODAY, "Ana", "give", "introduction", other_person="ana"), "other_person"),
    ],
)
def test_bad_entries_are_refused(journal, form, field) -> None:
    with pytest.raises(ValidationError) as refused:
        ledger.add(form)
    assert refused.value.field == field
    assert LedgerEntry.select().count() == 0 and Person.select().count() == 0


def test_filter_and_pages(journal) -> None:
    for days in range(30):
        give("Ana" if days % 2 else "Ben", days, "advice" if days % 3 == 0 else "resource")
    assert ledger.count() == 30
    assert len(ledger.entries(limit=10)) == 10
    assert ledger.entries(offset=29)[0].day == TODAY - timedelta(29)
    narrow = ledger.parse_filter(f"ben advice ..{TODAY - timedelta(10)}")
    assert narrow.kinds == ("advice",) and narrow.end == TODAY - timedelta(10)
    found = ledger.entries(narrow)
    assert found and all(r.person == "Ben" and r.kind == "advice" for r in found)
    assert all(r.day <= TODAY - timedelta(10) for r in found)
    assert ledger.count(ledger.parse_filter("receive")) == 0


def test_group_funnel_and_pare_down_hint(journal) -> None:
    old = TODAY - timedelta(120)
    groups.create_group(GroupForm("Rust meetup", "meetup", "committed", old, rating=5))
    groups.create_group(GroupForm("Slack community", "online community", "trying", old, rating=2))
    groups.create_group(GroupForm("New circle", "other", "trying", TODAY - timedelta(10), rating=1))
    groups.create_group(GroupForm("Toastmasters", "other", "dropped", old, old + timedelta(30)))
    assert groups.funnel() == groups.Funnel(tried=4, kept=1, dropped=1)
    hints = {row.name: row.consider_dropping for row in groups.groups(TODAY)}
    assert hints == {
        "Rust meetup": False,
        "Slack community": True,
        "New circle": False,
        "Toastmasters": False,
    }


def test_attendance_comes_from_group_meetings(journal) -> None:
    groups.create_group(GroupForm("Rust meetup", "meetup"))
    for days, status in ((20, "done"), (13, "planned"), (6, "done")):
        start = datetime.combine(TODAY - timedelta(days), datetime.min.time()).replace(hour=18)
        end = start + timedelta(hours=2)
        meetup = Draft("Meetup", "group meeting", start, end, group="rust meetup", status=status)
        create_block(meetup)
    [row] = groups.groups(TODAY)
    assert row.attended == 2  # the one only planned was not attended
    with pytest.raises(ValidationError, match="no group called"):
        create_block(Draft("x", "group meeting", NOW, NOW + timedelta(hours=1), group="Unknown"))


@pytest.mark.parametrize(
    ("form", "field"),
    [
        (GroupForm(""), "name"),
        (GroupForm("G", rating=6), "rating"),
        (GroupForm("G", rating=0), "rating"),
        (GroupForm("G", cost_per_year=-1), "cost_per_year"),
        (GroupForm("G", joined=TODAY, dropped=TODAY - timedelta(1)), "dropped"),
        (GroupForm("G", status="lurking"), "status"),
    ],
)
def test_bad_groups_are_refused(journal, form, field) -> None:
    with pytest.raises(ValidationError) as refused:
        groups.create_group(form)
    assert refused.value.field == field


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30..", "'2026-02-30' is not a date"),
        ("..2026-13-01", "'2026-13-01' is not a date"),
        ("2026-02-30", "'2026-02-30' is not a date"),
        ("2026-03-01..2026-02-01", "ends before it starts"),
        ("9999-01-01..", "between 1900-01-01 and 2199-12-31"),
        ("word " * 21, "at most 20 words"),
    ],
)
def test_a_filter_that_cannot_be_understood_says_why(journal, text, message) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        ledger.parse_filter(text)
    assert refused.value.field == "filter"


def test_a_lone_day_or_open_range_in_the_filter(journal) -> None:
    assert (ledger.parse_filter("..").start, ledger.parse_filter("..").end) == (None, None)
    day = ledger.parse_filter("2026-03-01")
    assert day.start == day.end == date(2026, 3, 1)
    ledger.count(ledger.parse_filter("ana " * 20))  # the most words: no parser overflow


def test_undoing_a_group_delete_gives_back_its_meetings(journal) -> None:
    rust = groups.create_group(GroupForm(name="Rust meetup"))
    start = datetime.combine(TODAY - timedelta(days=2), time(18))
    draft = Draft("Monthly talk", "group meeting", start, start + timedelta(hours=2))
    create_block(replace(draft, group="Rust meetup", status="done"))

    deleted = groups.delete_group(rust)
    assert groups.groups(TODAY) == []
    groups.restore_group(deleted)

    (row,) = groups.groups(TODAY)
    assert (row.id, row.name, row.attended) == (rust, "Rust meetup", 1)
