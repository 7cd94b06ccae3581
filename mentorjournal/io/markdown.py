"""A readable Markdown export: days with their entries, the checklist, the weeks, the ledger.

The outline stays clean in Obsidian or any reader: a day is a heading, and an entry's own
headings sit below it (`# Notes` in an entry becomes `#### Notes`).
"""

import re
from collections import defaultdict
from datetime import date, timedelta

from mentorjournal.models import Entry, EntryTag, LedgerEntry, Person, TimeBlock
from mentorjournal.services import checklist, day_notes, zones
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.services.weeks import week_start


def export_markdown(
    start: date | None, end: date | None, today: date, first_weekday: int = 0
) -> str:
    """The journal between `start` and `end` (inclusive) as one Markdown document; weeks
    begin on `first_weekday` (0 Monday … 6 Sunday), as configured for the screens."""
    start = start or date(1900, 1, 1)
    end = end or date(2199, 12, 31)
    out = [f"# Journal, {start if start.year > 1900 else 'the beginning'} to {min(end, today)}", ""]
    out += _days(start, end)
    out += _checklist(week_start(today, first_weekday))
    out += _weeks(start, end, first_weekday)
    out += _ledger(start, end)
    return "\n".join(out).rstrip() + "\n"


def _days(start: date, end: date) -> list[str]:
    """Each day a heading, its entries below it with their time, step and tags."""
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in (
        Entry.select()
        .where((Entry.day >= start) & (Entry.day <= end))
        .order_by(Entry.day, Entry.written_at)
    ):
        days[entry.day].append(entry)
    tags: dict[int, list[str]] = defaultdict(list)
    for entry_id, name in (
        EntryTag.select(EntryTag.entry, EntryTag.name)
        .join(Entry)
        .where((Entry.day >= start) & (Entry.day <= end))
        .order_by(EntryTag.name)
        .tuples()
    ):
        tags[entry_id].append(name)
    out = ["## Days", ""]
    for day, written in days.items():
        out += [f"### {day:%A %d %B %Y}", ""]
        for entry in written:
            step = f" (step {entry.step_id})" if entry.step_id else ""
            labels = "".join(f" #{name}" for name in tags[entry.id])
            out += [f"*{entry.written_at:%H:%M}*{step}{labels}", "", demoted(entry.body), ""]
    return out


def _checklist(this_week: date) -> list[str]:
    out = ["## Checklist, this week", ""]
    for step, actions in checklist.actions_in_week(this_week).items():
        out += [f"### {step}. {STEP_TITLES[step]}", ""]
        out += [f"- [{'x' if a.done else ' '}] {a.text} ({a.cadence})" for a in actions]
        out.append("")
    return out


def _weeks(start: date, end: date, first_weekday: int) -> list[str]:
    """The time blocks and day notes, week by week, at the viewer's clock like the Week
    screen."""
    blocks = (
        TimeBlock.select()
        .where((TimeBlock.start >= start) & (TimeBlock.start < end + timedelta(1)))
        .order_by(TimeBlock.start)
    )
    weeks: dict[date, list[str]] = defaultdict(list)
    for note in day_notes.between(start, end):
        shown = f"{note.day:%a %d %b}"
        if note.last_day > note.day:
            shown += f"–{note.last_day:%a %d %b}"
        weeks[week_start(max(note.day, start), first_weekday)].append(f"- {shown}: {note.text}")
    for b in blocks:
        first, last = zones.to_viewer(b.start, b.tz), zones.to_viewer(b.end, b.tz)
        every = " every week" if b.repeat == "weekly" else ""
        line = f"- {first:%a %H:%M}–{last:%H:%M} {b.title} ({b.kind}, {b.status}){every}"
        weeks[week_start(first.date(), first_weekday)].append(line)
    out = ["## Weeks", ""]
    for first_day in sorted(weeks):
        out += [f"### Week of {first_day:%a %d %B %Y}", "", *weeks[first_day], ""]
    return out


def _ledger(start: date, end: date) -> list[str]:
    """A table per person of what was given and received."""
    rows = (
        LedgerEntry.select(LedgerEntry, Person)
        .join(Person, on=(LedgerEntry.person == Person.id))
        .where((LedgerEntry.date >= start) & (LedgerEntry.date <= end))
        .order_by(Person.name, LedgerEntry.date)
    )
    by_person: dict[str, list[LedgerEntry]] = defaultdict(list)
    for row in rows:
        by_person[row.person.name].append(row)
    out = ["## Ledger", ""]
    for name, given in by_person.items():
        out += [
            f"### {name}",
            "",
            "| date | direction | kind | note | follow-up |",
            "|---|---|---|---|---|",
        ]
        for row in given:
            follow = (
                f"{row.follow_up}{' (done)' if row.followed_up else ''}" if row.follow_up else ""
            )
            note = row.note.replace("|", "\\|").replace("\n", " ")
            out.append(f"| {row.date} | {row.direction} | {row.kind} | {note} | {follow} |")
        out.append("")
    return out


_HEADING = re.compile(r"^(#{1,6})(?=\s|$)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
BELOW_DAY = 3  # a day is a level-3 heading


def demoted(body: str) -> str:
    """An entry's text with its ATX headings moved below the day's (level 6 at most),
    code blocks left as they are."""
    lines, fence = [], None
    for line in body.strip().splitlines():
        opened = _FENCE.match(line)
        if fence is None and opened:
            fence = opened[1][0]
        elif fence is not None and opened and opened[1][0] == fence:
            fence = None
        elif fence is None and (heading := _HEADING.match(line)):
            level = min(6, len(heading[1]) + BELOW_DAY)
            line = "#" * level + line[len(heading[1]) :]
        lines.append(line)
    return "\n".join(lines)
