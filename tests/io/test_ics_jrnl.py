"""iCalendar out and in, jrnl's JSON in."""

import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from mentorjournal.io import ics
from mentorjournal.io.importer import Refused, import_file
from mentorjournal.models import TimeBlock
from mentorjournal.services import blocks, day_notes, entries
from mentorjournal.services.blocks import Draft
from mentorjournal.services.journal import open_journal

from ..conftest import TODAY

MONDAY = date(2026, 11, 23)


def test_export_is_read_back_field_by_field(journal) -> None:
    start = datetime(2026, 11, 24, 9)
    series = blocks.create_block(
        Draft(
            "Rust course",
            "course",
            start,
            start + timedelta(hours=2),
            notes="chapter 4",
            repeat="weekly",
            repeat_until=date(2026, 12, 22),
        ),
        "Europe/Berlin",
    )
    blocks.set_status(blocks.week_blocks(MONDAY)[0], "done")
    blocks.delete(blocks.week_blocks(MONDAY + timedelta(7))[0], whole_series=False)
    calendar = Calendar.from_ical(ics.export_ics())
    (main,) = calendar.walk("VEVENT")  # a week only ticked done is no override
    berlin = ZoneInfo("Europe/Berlin")
    assert str(main["uid"]) == TimeBlock.get_by_id(series).uid
    assert main.decoded("dtstart") == start.replace(tzinfo=berlin)
    assert main.decoded("dtend") == (start + timedelta(hours=2)).replace(tzinfo=berlin)
    assert str(main["summary"]) == "Rust course" and str(main["description"]) == "chapter 4"
    assert [str(c) for c in main["categories"].cats] == ["course"]
    assert main["rrule"]["FREQ"] == ["WEEKLY"]
    assert [d.dt for d in main["exdate"].dts] == [(start + timedelta(7)).replace(tzinfo=berlin)]
    assert str(main[ics.DONE]) == "20261124T090000"
    assert calendar.walk("VTIMEZONE")


def test_re_importing_an_export_adds_nothing(journal) -> None:
    start = datetime(2026, 11, 24, 9)
    blocks.create_block(Draft("Course", "course", start, start + timedelta(hours=1)), "UTC")
    data = ics.export_ics()
    summary = ics.import_ics(data, TODAY - timedelta(365), TODAY + timedelta(365))
    assert (summary.added, summary.skipped) == (0, 1)


REAL_WORLD = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example Corp.//CalDAV Client//EN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly-1@example.com
DTSTAMP:20261101T000000Z
DTSTART;TZID=Europe/Berlin:20261103T180000
DTEND;TZID=Europe/Berlin:20261103T193000
RRULE:FREQ=WEEKLY;UNTIL=20261231T230000Z
EXDATE;TZID=Europe/Berlin:20261110T180000
SUMMARY:Platform guild
CATEGORIES:group meeting
END:VEVENT
BEGIN:VEVENT
UID:allday-1@example.com
DTSTAMP:20261101T000000Z
DTSTART;VALUE=DATE:20261205
DTEND;VALUE=DATE:20261207
SUMMARY:Conference weekend
CATEGORIES:Conference,Travel
END:VEVENT
BEGIN:VEVENT
UID:monthly-1@example.com
DTSTAMP:20261101T000000Z
DTSTART:20260115T120000Z
DTEND:20260115T130000Z
RRULE:FREQ=MONTHLY;COUNT=24
SUMMARY:Monthly mentor lunch
END:VEVENT
END:VCALENDAR
"""


def test_a_real_world_calendar_imports_as_documented(journal) -> None:
    summary = ics.import_ics(REAL_WORLD.encode(), date(2026, 10, 1), date(2026, 12, 31))
    # weekly: one series; all-day: a day note; monthly: expanded in the window
    assert summary.added == 1 + 3 and summary.expanded == 3 and summary.notes == 1
    assert summary.problems == []
    guild = TimeBlock.get(TimeBlock.uid == "weekly-1@example.com")
    assert (guild.repeat, guild.kind, guild.tz) == ("weekly", "group meeting", "Europe/Berlin")
    assert guild.repeat_until == date(2026, 12, 29)  # the last Tuesday before 31 Dec 23:00 UTC
    weeks = [b.start for b in blocks.week_blocks(date(2026, 11, 9)) if b.title == "Platform guild"]
    assert weeks == []  # 10 November was excluded
    assert not TimeBlock.select().where(TimeBlock.uid == "allday-1@example.com").exists()
    weekend = day_notes.week_notes(date(2026, 11, 30))  # DTEND is the day after the last
    assert [(n.uid, n.day, n.last_day, n.text) for n in weekend] == [
        ("allday-1@example.com", date(2026, 12, 5), date(2026, 12, 6), "Conference weekend")
    ]
    assert blocks.hours(blocks.week_blocks(date(2026, 11, 30))).planned == 1.5  # the guild
    lunches = TimeBlock.select().where(TimeBlock.title == "Monthly mentor lunch").count()
    assert lunches == 3  # October, November, December 2026
    again = ics.import_ics(REAL_WORLD.encode(), date(2026, 10, 1), date(2026, 12, 31))
    assert again.added == again.notes == 0


def test_an_event_without_dtstart_is_left_out_or_strict_refuses_all(journal) -> None:
    broken = REAL_WORLD.replace("DTSTART;VALUE=DATE:20261205\n", "")
    with pytest.raises(ics.IcsRefused, match=r"event 2 \(allday-1@example.com\): no DTSTART"):
        ics.import_ics(broken.encode(), date(2026, 10, 1), date(2026, 12, 31), strict=True)
    assert TimeBlock.select().count() == 0
    summary = ics.import_ics(broken.encode(), date(2026, 10, 1), date(2026, 12, 31))
    assert summary.added == 4 and summary.notes == 0
    assert summary.problems == ["event 2 (allday-1@example.com): no DTSTART"]


# As jrnl 4.x writes `jrnl --format json`.
JRNL = {
    "tags": {"@work": 2, "@rust": 1},
    "entries": [
        {
            "title": "Started the Rust course.",
            "body": "Chapter one on ownership.\nHard but good.",
            "date": "2025-03-02",
            "time": "08:15",
            "tags": ["@rust", "@work"],
            "starred": False,
        },
        {
            "title": "Lunch with Ana about staff roles.",
            "body": "",
            "date": "2025-03-04",
            "time": "12:40",
            "tags": ["@work"],
            "starred": True,
        },
    ],
}


def test_a_jrnl_export_comes_over_in_one_command(journal, tmp_path) -> None:
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps(JRNL))
    assert import_file(path) == "added 2 entries; updated nothing; already there nothing"
    [first] = entries.entries_on(date(2025, 3, 2))
    assert first.title == "Started the Rust course."
    assert first.body == "Started the Rust course.\n\nChapter one on ownership.\nHard but good."
    assert first.written_at == datetime(2025, 3, 2, 8, 15)
    assert first.tags == ("rust", "work")
    assert entries.entries_on(date(2025, 3, 4))[0].tags == ("work", "starred")
    assert import_file(path) == "added nothing; updated nothing; already there 2 entries"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("hello", "neither JSON nor iCalendar"),
        ('{"rows": []}', "neither a mentorjournal nor a jrnl export"),
        ('{"entries": [{"date": "2025-02-30", "title": "x"}]}', "entry 1: bad date"),
    ],
)
def test_bad_files_are_refused(journal, tmp_path, content, message) -> None:
    path = tmp_path / "file"
    path.write_text(content)
    with pytest.raises(Refused, match=message):
        import_file(path)


def test_a_truncated_export_is_refused(journal, tmp_path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('{"format": "mentorjournal", "version": 1, "entries": [{"id": 1,')
    with pytest.raises(Refused):
        import_file(path)


def test_an_ics_round_trip_keeps_every_occurrences_state(journal, tmp_path) -> None:

    start = datetime(2026, 11, 2, 9)
    blocks.create_block(
        Draft(
            "Rust course",
            "course",
            start,
            start + timedelta(hours=1),
            person="Ana",
            repeat="weekly",
        ),
        "Europe/Berlin",
    )
    weeks = [date(2026, 11, 2) + timedelta(7 * n) for n in range(4)]
    blocks.set_status(blocks.week_blocks(weeks[0])[0], "done")
    blocks.set_status(blocks.week_blocks(weeks[1])[0], "skipped")
    blocks.delete(blocks.week_blocks(weeks[2])[0], whole_series=False)
    blocks.shift(blocks.week_blocks(weeks[3])[0], timedelta(hours=2))
    before = [[(b.start, b.status, b.person) for b in blocks.week_blocks(w)] for w in weeks]
    data = ics.export_ics()
    open_journal(tmp_path / "copy.db", starters=False)
    ics.import_ics(data, date(2026, 1, 1), date(2027, 1, 1))
    after = [[(b.start, b.status, b.person) for b in blocks.week_blocks(w)] for w in weeks]
    assert after == before


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("DTSTART:20260230T100000Z", "event 1 \\(weekly-1@example.com\\): DTSTART cannot be read"),
        (
            "RRULE:FREQ=WEEKLY;UNTIL=garbage",
            "event 1 \\(weekly-1@example.com\\): cannot be read .*RRULE",
        ),
    ],
)
def test_a_broken_value_leaves_out_its_event_in_one_line(journal, broken, message) -> None:
    if broken.startswith("DTSTART"):
        text = REAL_WORLD.replace("DTSTART;TZID=Europe/Berlin:20261103T180000", broken)
    else:
        text = REAL_WORLD.replace("RRULE:FREQ=WEEKLY;UNTIL=20261231T230000Z", broken)
    with pytest.raises(ics.IcsRefused, match=message):
        ics.import_ics(text.encode(), date(2026, 10, 1), date(2026, 12, 31), strict=True)
    assert TimeBlock.select().count() == 0
    summary = ics.import_ics(text.encode(), date(2026, 10, 1), date(2026, 12, 31))
    assert summary.added == 3 and re.match(message, summary.problems[0])
    assert "\n" not in summary.problems[0]


ALL_DAY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VEVENT
UID:birthday@example.com
DTSTART;VALUE=DATE:20200310
RRULE:FREQ=YEARLY
SUMMARY:Ana's birthday
END:VEVENT
BEGIN:VEVENT
UID:retreat@example.com
DTSTART;VALUE=DATE:20260309
DURATION:P3D
SUMMARY:Team retreat
END:VEVENT
BEGIN:VEVENT
UID:mixed@example.com
DTSTART;VALUE=DATE:20260312
DTEND:20260312T100000Z
SUMMARY:Half a day
END:VEVENT
END:VCALENDAR
"""


@pytest.mark.sqlite_only  # a second journal beside the file
def test_all_day_events_come_in_as_day_notes_and_go_out_as_dates(journal) -> None:
    summary = ics.import_ics(ALL_DAY.encode(), date(2026, 1, 1), date(2027, 12, 31))
    assert (summary.added, summary.notes, summary.expanded) == (0, 1 + 2, 2)
    mixed = "event 3 (mixed@example.com): it starts on a day and ends at a time"
    assert summary.problems == [mixed]
    assert "added 0 blocks and 3 day notes" in summary.line()
    notes = [(n.day, n.last_day, n.text) for n in day_notes.week_notes(date(2026, 3, 9))]
    assert notes == [
        (date(2026, 3, 9), date(2026, 3, 11), "Team retreat"),
        (date(2026, 3, 10), date(2026, 3, 10), "Ana's birthday"),
    ]
    assert blocks.week_blocks(date(2026, 3, 9)) == []
    exported = ics.export_ics()
    events = {str(e["uid"]): e for e in Calendar.from_ical(exported).walk("VEVENT")}
    retreat = events["retreat@example.com"]
    assert b"DTSTART;VALUE=DATE:20260309" in exported
    assert (retreat.decoded("dtstart"), retreat.decoded("dtend")) == (
        date(2026, 3, 9),
        date(2026, 3, 12),
    )
    assert sorted(events) == [
        "birthday@example.com#20260310",
        "birthday@example.com#20270310",
        "retreat@example.com",
    ]
    open_journal(journal.with_name("again.db"), starters=False)
    again = ics.import_ics(exported, date(2026, 1, 1), date(2027, 12, 31))
    assert (again.added, again.notes, again.problems) == (0, 3, [])
    assert [n.text for n in day_notes.on_day(date(2027, 3, 10))] == ["Ana's birthday"]


def _calendar(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n{body}END:VCALENDAR\n".encode()


def test_of_two_versions_of_an_event_the_higher_sequence_wins(journal) -> None:
    newer = "UID:v@x\nSEQUENCE:2\nDTSTART:20261124T100000Z\nDTEND:20261124T110000Z\nSUMMARY:New"
    older = "UID:v@x\nSEQUENCE:1\nDTSTART:20261124T080000Z\nDTEND:20261124T090000Z\nSUMMARY:Old"
    summary = ics.import_ics(_calendar(older, newer), date(2026, 11, 1), date(2026, 12, 31))
    assert (summary.added, summary.problems) == (1, [])
    shown = blocks.week_blocks(date(2026, 11, 23))
    assert [(b.title, f"{b.start:%H:%M}") for b in shown] == [("New", "11:00")]  # Berlin


def test_whole_days_with_odd_ends_are_one_day_or_left_out(journal) -> None:
    same_day = "UID:h@x\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261225\nSUMMARY:Xmas"
    hours = "UID:d@x\nDTSTART;VALUE=DATE:20261226\nDURATION:PT10H\nSUMMARY:Odd"
    summary = ics.import_ics(_calendar(same_day, hours), date(2026, 11, 1), date(2026, 12, 31))
    assert summary.notes == 1
    assert summary.problems == ["event 2 (d@x): it starts on a day and lasts 10:00:00"]
    xmas = day_notes.on_day(date(2026, 12, 25))
    assert [(n.day, n.last_day) for n in xmas] == [(date(2026, 12, 25), date(2026, 12, 25))]
