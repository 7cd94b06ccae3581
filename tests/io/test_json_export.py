"""The set-based export writes exactly what the model-by-model export wrote."""

import io
import json
import time as system_time
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentorjournal import clock
from mentorjournal.io import json_format, json_text
from mentorjournal.io.json_export import Moments
from mentorjournal.models import Entry, TimeBlock
from mentorjournal.services import blocks, entries
from mentorjournal.services.blocks import Draft

# Days a zone changes its offset in 2026: Berlin and New York by an hour, Lord Howe
# by half an hour, at 02:00 local time.
CHANGES = [date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 10, 4)]
CHANGES += [date(2026, 10, 25), date(2026, 11, 1), date(1916, 4, 30)]
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]


@pytest.fixture
def local_zone(monkeypatch):
    """The machine's zone is Berlin's for the test: naive times cross summer time."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    system_time.tzset()
    yield
    monkeypatch.undo()
    system_time.tzset()


def every_half_hour(day: date):
    start = datetime.combine(day, time.min)
    for step in range(-2, 50):
        yield start + timedelta(minutes=30 * step, microseconds=step % 3 * 7)


@pytest.mark.parametrize("day", CHANGES)
def test_times_are_written_as_astimezone_and_zoneinfo_write_them(local_zone, day) -> None:
    moments = Moments()
    for moment in every_half_hour(day):
        assert moments.local(str(moment)) == moment.astimezone().isoformat()
        for zone in ZONES:
            expected = moment.replace(tzinfo=ZoneInfo(zone)).isoformat()
            assert moments.in_zone(str(moment), zone) == expected


def test_a_time_stored_in_another_form_is_still_read() -> None:
    moments = Moments()
    assert (
        moments.local("2026-11-27T09:00:00") == datetime(2026, 11, 27, 9).astimezone().isoformat()
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@given(json_values)
def test_the_fast_encoder_writes_what_json_dumps_writes(value) -> None:
    assert json_text.encode(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_the_streamed_file_is_the_indented_export(journal, local_zone) -> None:
    for moment in every_half_hour(date(2026, 3, 29)):
        clock.fix(moment.date(), moment.time())
        entries.create_entry(moment.date(), f"written at {moment}", tags=["b", "a"])
        title = f"block at {moment}"
        blocks.create_block(
            Draft(title, "reading", moment, moment + timedelta(minutes=20)), "Europe/Berlin"
        )
    clock.fix(None, None)
    now = datetime(2026, 11, 27, 9)
    data = json_format.export_journal(now)
    streamed = io.StringIO()
    json_format.write_journal(streamed.write, now)
    assert streamed.getvalue() == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert json_format.dumps(data) == streamed.getvalue()
    exported = {entry["uid"]: entry for entry in data["entries"]}
    for entry in Entry.select():
        assert exported[entry.uid]["written_at"] == entry.written_at.astimezone().isoformat()
        assert exported[entry.uid]["tags"] == ["b", "a"]
    exported = {block["uid"]: block for block in data["time_blocks"]}
    for block in TimeBlock.select():
        zone = ZoneInfo(block.tz)
        assert exported[block.uid]["start"] == block.start.replace(tzinfo=zone).isoformat()
        assert exported[block.uid]["updated_at"] == block.updated_at.astimezone().isoformat()


def test_the_summary_counts_in_words() -> None:
    from mentorjournal.io.merge import Summary

    summary = Summary()
    summary.added.update({"ticks": 3, "time blocks": 2, "block weeks": 1})
    assert summary.line().startswith("added 3 ticks, 2 time blocks, 1 block week;")
