"""Meetings attended, counted by SQLite: done blocks and done weeks of a series, by `until`."""

from dataclasses import replace
from datetime import date, datetime, timedelta

from mentorjournal.services import blocks
from mentorjournal.services.attended import Attended, done_meetings
from mentorjournal.services.blocks import Draft
from mentorjournal.services.people import person_named

UNTIL = datetime(2026, 11, 27, 18)


def block(title: str, start: datetime, **given) -> int:
    draft = Draft(title, "mentor meeting", start, start + timedelta(hours=1), person="Ana")
    return blocks.create_block(replace(draft, **given))


def test_done_blocks_and_done_weeks_of_a_series_count_until_the_moment(journal) -> None:
    block("done", datetime(2026, 11, 2, 9), status="done")
    block("planned", datetime(2026, 11, 3, 9))
    block("done later", datetime(2026, 11, 28, 9), status="done")
    block("other kind", datetime(2026, 11, 4, 9), status="done", kind="reading")
    block("series", datetime(2026, 11, 9, 12), repeat="weekly")
    for monday in (date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)):
        [week] = [b for b in blocks.week_blocks(monday) if b.title == "series"]
        shown = blocks.set_status(week, "done")
        if monday == date(2026, 11, 16):
            blocks.delete(shown, whole_series=False)  # a cancelled week is no meeting
    ana = person_named("Ana")
    assert done_meetings("person", UNTIL) == {ana: Attended(4, datetime(2026, 11, 23, 12))}
    kind = done_meetings("person", UNTIL, kind="reading")
    assert kind == {ana: Attended(1, datetime(2026, 11, 4, 9))}
    assert done_meetings("person", datetime(2026, 11, 1)) == {}
    assert done_meetings("group", UNTIL) == {}
