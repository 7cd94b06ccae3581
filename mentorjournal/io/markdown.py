"""A readable Markdown export: days with their entries, the checklist, the weeks, the ledger."""

from collections import defaultdict
from datetime import date, timedelta

from mentorjournal.models import Entry, LedgerEntry, Person, TimeBlock
from mentorjournal.services import checklist
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.services.weeks import week_start


def export_markdown(start: date | None, end: date | None, today: date) -> str:
    """The journal between `start` and `end` (inclusive) as one Markdown document."""
    start = start or date(1900, 1, 1)
    end = end or date(2199, 12, 31)
    out = [f"# Journal, {start if start.year > 1900 else 'the beginning'} to {min(end, today)}", ""]
    days: dict[date, list[Entry]] = defaultdict(list)
    for entry in (
        Entry.select()
        .where((Entry.day >= start) & (Entry.day <= end))
        .order_by(Entry.day, Entry.written_at)
    ):
        days[entry.day].append(entry)
    out += ["## Days", ""]
    for day, written in days.items():
        out += [f"### {day:%A %d %B %Y}", ""]
        for entry in written:
            step = f" (step {entry.step_id})" if entry.step_id else ""
            out += [f"*{entry.written_at:%H:%M}*{step}", "", entry.body.strip(), ""]
    this_week = week_start(today)
    out += ["## Checklist, this week", ""]
    for step, actions in checklist.actions_in_week(this_week).items():
        out += [f"### {step}. {STEP_TITLES[step]}", ""]
        out += [f"- [{'x' if a.done else ' '}] {a.text} ({a.cadence})" for a in actions]
        out.append("")
    out += ["## Weeks", ""]
    blocks = (
        TimeBlock.select()
        .where((TimeBlock.start >= start) & (TimeBlock.start < end + timedelta(1)))
        .order_by(TimeBlock.start)
    )
    weeks: dict[date, list[TimeBlock]] = defaultdict(list)
    for block in blocks:
        weeks[week_start(block.start.date())].append(block)
    for monday, planned in weeks.items():
        out += [f"### Week of {monday:%d %B %Y}", ""]
        out += [
            f"- {b.start:%a %H:%M}–{b.end:%H:%M} {b.title} ({b.kind}, {b.status})"
            + (" every week" if b.repeat == "weekly" else "")
            for b in planned
        ]
        out.append("")
    out += ["## Ledger", ""]
    rows = (
        LedgerEntry.select(LedgerEntry, Person)
        .join(Person, on=(LedgerEntry.person == Person.id))
        .where((LedgerEntry.date >= start) & (LedgerEntry.date <= end))
        .order_by(Person.name, LedgerEntry.date)
    )
    by_person: dict[str, list[LedgerEntry]] = defaultdict(list)
    for row in rows:
        by_person[row.person.name].append(row)
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
    return "\n".join(out).rstrip() + "\n"
