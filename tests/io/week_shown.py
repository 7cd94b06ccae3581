"""What the Week screen shows over two weeks, for checking other calendar programs
against it: the blocks (a skipped week is an EXDATE, which other calendars leave out)
and each day's notes, one per day they cover."""

from datetime import date, timedelta

from mentorjournal.services import blocks, day_notes


def two_weeks(monday: date) -> tuple[list[blocks.Shown], list[tuple[date, day_notes.ShownNote]]]:
    shown, notes = [], []
    for week in (monday, monday + timedelta(7)):
        shown += [block for block in blocks.week_blocks(week) if block.status != "skipped"]
        held = day_notes.week_notes(week)
        for day in (week + timedelta(offset) for offset in range(7)):
            notes += [(day, note) for note in held if note.covers(day)]
    return shown, notes
