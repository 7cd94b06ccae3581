"""Calendars as Google, Outlook and Apple write them: zones, odd events, runaway rules."""

import resource
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

from icalendar import Calendar

from mentorjournal.io import ics
from mentorjournal.io.importer import import_file
from mentorjournal.models import BlockOccurrence, TimeBlock
from mentorjournal.services import blocks, groups, zones
from mentorjournal.services.blocks import Draft
from mentorjournal.services.journal import open_journal

WINDOW = (date(2026, 1, 1), date(2027, 12, 31))


def calendar(*events: str, header: str = "") -> bytes:
    body = "\n".join(
        f"BEGIN:VEVENT\nDTSTAMP:20260101T000000Z\n{e.strip()}\nEND:VEVENT" for e in events
    )
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{header}{body}\nEND:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


def starts(first_day: date, title: str) -> list[datetime]:
    return [b.start for b in blocks.week_blocks(first_day) if b.title == title]


def test_a_google_weekly_series_with_byday_and_utc_until_stays_a_series(journal) -> None:
    data = calendar(
        """UID:g1@google.com
DTSTART;TZID=Europe/Berlin:20260302T090000
DTEND;TZID=Europe/Berlin:20260302T100000
RRULE:FREQ=WEEKLY;WKST=MO;UNTIL=20260330T065959Z;BYDAY=MO
SUMMARY:Standup"""
    )
    summary = ics.import_ics(data, *WINDOW)
    assert (summary.added, summary.problems) == (1, [])
    block = TimeBlock.get()
    assert (block.repeat, block.tz) == ("weekly", "Europe/Berlin")
    assert block.repeat_until == date(2026, 3, 23)  # 08:59:59 in Berlin
    assert starts(date(2026, 3, 23), "Standup") == [datetime(2026, 3, 23, 9)]
    assert starts(date(2026, 3, 30), "Standup") == []


def test_a_zero_length_event_stays_a_marker(journal) -> None:
    data = calendar(
        "UID:z1\nDTSTART:20261124T080000Z\nDTEND:20261124T080000Z\nSUMMARY:Deadline",
        "UID:z2\nDTSTART:20261125T080000Z\nSUMMARY:No end at all",
    )
    assert ics.import_ics(data, *WINDOW).added == 2
    shown = blocks.week_blocks(date(2026, 11, 23))
    assert [(b.title, b.start, b.end, b.minutes) for b in shown] == [
        ("Deadline", datetime(2026, 11, 24, 9), datetime(2026, 11, 24, 9), 0),
        ("No end at all", datetime(2026, 11, 25, 9), datetime(2026, 11, 25, 9), 0),
    ]
    assert blocks.set_status(shown[0], "done").status == "done"  # a marker can be ticked


def test_one_odd_event_never_sinks_the_calendar(journal) -> None:
    good = "UID:ok\nDTSTART:20261124T080000Z\nDTEND:20261124T090000Z\nSUMMARY:Good"
    bad = [f"UID:bad{n}\nDTSTART:20261124T080000Z\nDTEND:20261123T080000Z" for n in range(12)]
    summary = ics.import_ics(calendar(good, *bad), *WINDOW)
    assert summary.added == 1 and len(summary.problems) == 12
    lines = summary.line().splitlines()
    assert lines[0].endswith("12 events left out")
    assert lines[1] == "  event 2 (bad0): it ends before it starts"
    assert len(lines) == 1 + 10 + 1 and lines[-1] == "  … and 2 more"


def test_runaway_rules_are_left_out_quickly_and_the_rest_comes_in(tmp_path) -> None:
    data = calendar(
        "UID:s\nDTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY\nSUMMARY:Every second",
        "UID:i\nDTSTART:20260101T000000Z\nRRULE:FREQ=DAILY;INTERVAL=0\nSUMMARY:Never moves",
        "UID:m\nDTSTART:19000101T000000Z\nRRULE:FREQ=MINUTELY;COUNT=100000000\nSUMMARY:Minutes",
        "UID:d\nDTSTART:20261101T100000Z\nDTEND:20261101T110000Z\nRRULE:FREQ=DAILY\nSUMMARY:Daily",
    )
    path = tmp_path / "runaway.ics"
    path.write_bytes(data)
    began = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mentorjournal",
            "--db",
            str(tmp_path / "j.db"),
            "import",
            str(path),
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    took = time.monotonic() - began
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert took < 10 and peak_mb < 300
    out = result.stdout
    assert out.startswith("added 30 blocks") and "3 events left out" in out
    assert "(s): repeats too often to expand" in out
    assert "(i): INTERVAL=0 (it must be at least 1)" in out


def test_windows_and_utc_series_keep_their_hour_across_a_change_of_clocks(journal) -> None:
    data = calendar(
        """UID:win
DTSTART;TZID=W. Europe Standard Time:20261019T090000
DTEND;TZID=W. Europe Standard Time:20261019T100000
RRULE:FREQ=WEEKLY
SUMMARY:Outlook""",
        """UID:utc
DTSTART:20261019T070000Z
DTEND:20261019T080000Z
RRULE:FREQ=WEEKLY
SUMMARY:In UTC""",
    )
    ics.import_ics(data, *WINDOW)
    assert dict(TimeBlock.select(TimeBlock.uid, TimeBlock.tz).tuples()) == {
        "win": "Europe/Berlin",
        "utc": "UTC",
    }
    before, after = date(2026, 10, 19), date(2026, 10, 26)  # clocks go back on 25 October
    assert starts(before, "Outlook") == [datetime(2026, 10, 19, 9)]
    assert starts(after, "Outlook") == [datetime(2026, 10, 26, 9)]
    assert starts(before, "In UTC") == [datetime(2026, 10, 19, 9)]
    assert starts(after, "In UTC") == [datetime(2026, 10, 26, 8)]  # 07:00 UTC, as RFC 5545 says


def test_a_utc_series_ticked_and_skipped_round_trips_without_doubles(journal, tmp_path) -> None:
    ics.import_ics(
        calendar(
            "UID:u\nDTSTART:20261019T070000Z\nDTEND:20261019T080000Z\n"
            "RRULE:FREQ=WEEKLY\nSUMMARY:Tick"
        ),
        *WINDOW,
    )
    weeks = [date(2026, 10, 19) + timedelta(7 * n) for n in range(3)]
    blocks.set_status(blocks.week_blocks(weeks[0])[0], "done")
    blocks.set_status(blocks.week_blocks(weeks[1])[0], "skipped")
    before = [[(b.start, b.status) for b in blocks.week_blocks(w)] for w in weeks]
    data = ics.export_ics()
    assert len(Calendar.from_ical(data).walk("VEVENT")) == 1  # no override for a tick
    open_journal(tmp_path / "copy.db", starters=False)
    ics.import_ics(data, *WINDOW)
    assert [[(b.start, b.status) for b in blocks.week_blocks(w)] for w in weeks] == before
    assert BlockOccurrence.select().count() == 2


def test_x_wr_timezone_places_floating_times(journal) -> None:
    data = calendar(
        "UID:f\nDTSTART:20261124T090000\nDTEND:20261124T100000\nSUMMARY:Google floating",
        header="X-WR-TIMEZONE:America/New_York\n",
    )
    ics.import_ics(data, *WINDOW)
    assert TimeBlock.get().tz == "America/New_York"
    assert starts(date(2026, 11, 23), "Google floating") == [datetime(2026, 11, 24, 15)]


def test_a_new_york_call_is_drawn_at_berlin_time(journal) -> None:
    nine = datetime(2026, 11, 24, 9)
    zones.set_viewer("America/New_York")
    blocks.create_block(Draft("Call", "mentor meeting", nine, nine + timedelta(hours=1)))
    assert TimeBlock.get().tz == "America/New_York"
    zones.set_viewer("Europe/Berlin")
    (call,) = blocks.week_blocks(date(2026, 11, 23))
    assert (call.start, call.end, call.minutes) == (
        datetime(2026, 11, 24, 15),
        datetime(2026, 11, 24, 16),
        60,
    )
    blocks.shift(call, timedelta(minutes=30))  # moved as seen from Berlin, kept in New York time
    assert TimeBlock.get().start == datetime(2026, 11, 24, 9, 30)
    assert blocks.hours(blocks.week_blocks(date(2026, 11, 23))).planned == 1.0


def test_exported_overrides_only_for_moved_weeks_and_timezones_one_rdate_a_line(journal) -> None:
    start = datetime(2026, 11, 2, 9)
    groups.create_group(groups.GroupForm("Rust guild"))
    blocks.create_block(
        Draft(
            "Guild",
            "group meeting",
            start,
            start + timedelta(hours=1),
            repeat="weekly",
            group="Rust guild",
        ),
        "Europe/Berlin",
    )
    weeks = [date(2026, 11, 2) + timedelta(7 * n) for n in range(3)]
    blocks.set_status(blocks.week_blocks(weeks[0])[0], "done")
    blocks.shift(blocks.week_blocks(weeks[1])[0], timedelta(hours=1))
    text = ics.export_ics().decode()
    assert text.count("RECURRENCE-ID") == 1 and "X-MENTORJOURNAL-DONE:20261102T090000" in text
    rdates = [line for line in text.splitlines() if line.startswith("RDATE")]
    assert rdates and all("," not in line for line in rdates)
    assert "X-MENTORJOURNAL-GROUP:Rust guild" in text
    TimeBlock.delete().execute()
    ics.import_ics(text.encode(), *WINDOW)  # the group comes back in
    assert groups.name_of(TimeBlock.get().group_id) == "Rust guild"


def test_a_marker_takes_one_row_of_the_grid_even_at_midnight(journal) -> None:
    from mentorjournal.widgets.week_grid import place  # the grid's layout, no screen needed

    data = calendar(
        "UID:a\nDTSTART:20261124T080000Z\nSUMMARY:Nine",
        "UID:b\nDTSTART:20261124T230000Z\nSUMMARY:Midnight",
    )
    ics.import_ics(data, *WINDOW)
    shown = blocks.week_blocks(date(2026, 11, 23))
    assert [(p.first, p.last) for p in place(shown, date(2026, 11, 24))] == [(18, 18)]
    assert [(p.first, p.last) for p in place(shown, date(2026, 11, 25))] == [(0, 0)]


def test_a_weekly_series_with_a_retitled_week_is_expanded_to_keep_the_title(journal) -> None:
    data = calendar(
        "UID:r\nDTSTART:20261102T090000Z\nDTEND:20261102T100000Z\nRRULE:FREQ=WEEKLY;COUNT=3\n"
        "SUMMARY:Weekly",
        "UID:r\nRECURRENCE-ID:20261109T090000Z\nDTSTART:20261109T110000Z\n"
        "DTEND:20261109T120000Z\nSUMMARY:Special guest",
    )
    summary = ics.import_ics(data, *WINDOW)
    assert (summary.added, summary.expanded) == (3, 3)
    assert starts(date(2026, 11, 9), "Special guest") == [datetime(2026, 11, 9, 12)]


def test_expanding_happens_before_the_write_lock_is_taken(journal, monkeypatch, tmp_path) -> None:
    from mentorjournal import db
    from mentorjournal.io import ics_expand

    seen = []
    original = ics_expand.occurrences

    def watched(*args, **kwargs):
        seen.append(db.database.in_transaction())
        return original(*args, **kwargs)

    monkeypatch.setattr(ics_expand, "occurrences", watched)
    data = calendar("UID:d\nDTSTART:20261101T100000Z\nRRULE:FREQ=DAILY;COUNT=5\nSUMMARY:Daily")
    assert ics.import_ics(data, *WINDOW).added == 5
    path = tmp_path / "daily.ics"  # and through the command's path, new journal or not
    path.write_bytes(data.replace(b"UID:d", b"UID:e"))
    assert import_file(path, start=WINDOW[0], end=WINDOW[1], starters=WINDOW[0]).startswith(
        "added 5 blocks"
    )
    assert seen == [False, False]
