"""Seeded journals for the benchmark: `python benchmarks/generate.py PATH [--scale S]`.

At scale 1, ten years: 3,650 daily entries of about 1,500 characters, 20,000 time
blocks, 200 people, 10,000 ledger entries, 30 groups and a few hundred actions with
weekly ticks, written through the model layer in bulk transactions. `--scale 10` is a
hundred years, `--scale 0.01` a tiny one. The same entries are also written as a
jrnl journal (`PATH.jrnl.txt`), so that jrnl can be timed on the same text.
"""

import argparse
import random
import sqlite3
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

from mentorjournal import db
from mentorjournal.models import (
    BLOCK_KINDS,
    DIRECTIONS,
    GROUP_KINDS,
    GROUP_STATUSES,
    LEDGER_KINDS,
    STAGES,
    Action,
    ActionCompletion,
    Entry,
    EntryTag,
    Group,
    LedgerEntry,
    Person,
    TimeBlock,
)
from mentorjournal.services.journal import open_journal
from mentorjournal.services.search import EntryIndex

RARE_WORD = "zeppelin"  # in three entries
COMMON_WORD = "feedback"  # in a third of the entries
WORDS = [
    "team",
    "design",
    "review",
    "queue",
    "deploy",
    "incident",
    "course",
    "chapter",
    "mentor",
    "meeting",
    "plan",
    "week",
    "learned",
    "asked",
    "advice",
    "report",
    "back",
    "write",
    "decision",
    "options",
    "trade-off",
    "latency",
    "budget",
    "hiring",
    "interview",
    "platform",
    "migration",
    "data",
    "schema",
    "test",
    "coverage",
    "release",
    "notes",
    "talk",
    "meetup",
    "group",
    "introduce",
    "colleague",
    "project",
    "stretch",
    "goal",
    "habit",
    "reading",
    "podcast",
    "notes",
]
BATCH = 500


def _insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start : start + BATCH]).execute()


def _text(rng: random.Random, length: int) -> str:
    words = []
    while sum(len(word) + 1 for word in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)


def generate(path: Path, scale: float = 1.0, today: date = date(2026, 11, 27), seed: int = 1):
    """Write the journal at `path` (which must not exist); returns the counts written."""
    rng = random.Random(seed)
    days = max(int(3650 * scale), 10)
    open_journal(path, today=today - timedelta(days=days))
    counts = {
        "entries": days,
        "blocks": max(int(20_000 * scale), 10),
        "people": max(int(200 * scale), 5),
        "ledger": max(int(10_000 * scale), 10),
        "groups": max(int(30 * scale), 3),
        "actions": max(int(300 * scale), 5),
    }
    with db.write():
        entries, index, tags = [], [], []
        for number in range(days):
            day = today - timedelta(days=number)
            body = f"# Day {number}\n\n" + _text(rng, 1500)
            if number % 3 == 0:
                body += f" {COMMON_WORD}"
            if number in (5, days // 2, days - 1):
                body += f" {RARE_WORD}"
            entries.append(
                {
                    "id": number + 1,
                    "day": day,
                    "written_at": datetime.combine(day, datetime.min.time()),
                    "updated_at": datetime.combine(day, datetime.min.time()),
                    "title": f"Day {number}",
                    "body": body,
                    "step": rng.choice((None, 1, 2, 3, 4, 5)),
                }
            )
            index.append(
                {"rowid": number + 1, "title": f"Day {number}", "body": body, "tags": "work"}
            )
            tags.append({"entry": number + 1, "name": "work"})
        _insert(Entry, entries)
        _insert(EntryIndex, index)
        _insert(EntryTag, tags)
        people = [
            {
                "name": f"Person {n}",
                "stage": rng.choice(STAGES),
                "organisation": f"Org {n % 17}",
                "touch_every_days": rng.choice((None, 14, 30, 90)),
                "created_at": datetime(2016, 1, 1),
            }
            for n in range(counts["people"])
        ]
        _insert(Person, people)
        person_ids = [row.id for row in Person.select(Person.id)]
        _insert(
            Group,
            [
                {
                    "name": f"Group {n}",
                    "kind": rng.choice(GROUP_KINDS),
                    "status": rng.choice(GROUP_STATUSES),
                    "joined": today - timedelta(days=rng.randrange(3650)),
                    "rating": rng.randrange(1, 6),
                }
                for n in range(counts["groups"])
            ],
        )
        first = datetime.combine(today - timedelta(days=days), datetime.min.time())
        blocks = []
        for _ in range(counts["blocks"]):
            start = first + timedelta(
                days=rng.randrange(days + 14), minutes=30 * rng.randrange(14, 42)
            )
            blocks.append(
                {
                    "uid": str(uuid.UUID(int=rng.getrandbits(128))),
                    "start": start,
                    "end": start + timedelta(minutes=30 * rng.randrange(1, 5)),
                    "tz": "UTC",
                    "title": f"{rng.choice(WORDS).title()} block",
                    "kind": rng.choice(BLOCK_KINDS),
                    "status": rng.choice(("planned", "done", "done", "skipped")),
                    "person": rng.choice(person_ids) if rng.random() < 0.2 else None,
                }
            )
        _insert(TimeBlock, blocks)
        ledger_rows = []
        for _ in range(counts["ledger"]):
            day = today - timedelta(days=rng.randrange(days))
            ledger_rows.append(
                {
                    "date": day,
                    "person": rng.choice(person_ids),
                    "direction": rng.choice(DIRECTIONS),
                    "kind": rng.choice(LEDGER_KINDS),
                    "note": _text(rng, 60),
                    "follow_up": day + timedelta(days=rng.randrange(1, 30))
                    if rng.random() < 0.05
                    else None,
                }
            )
        _insert(LedgerEntry, ledger_rows)
        actions = [
            {
                "step": 1 + n % 5,
                "text": f"Action {n}: " + _text(rng, 40),
                "position": 100 + n,
                "cadence": "weekly" if n % 2 else "once",
                "created_on": today - timedelta(days=days),
            }
            for n in range(counts["actions"])
        ]
        _insert(Action, actions)
        weekly = [row.id for row in Action.select(Action.id).where(Action.cadence == "weekly")]
        monday = today - timedelta(days=today.weekday())
        ticks = [
            {
                "action": action,
                "week": monday - timedelta(weeks=week),
                "done_at": datetime(2020, 1, 1),
            }
            for action in weekly[:40]
            for week in range(days // 7)
            if rng.random() < 0.7
        ]
        _insert(ActionCompletion, ticks)
    db.close_journal()
    return counts


def jrnl_path(journal: Path) -> Path:
    return journal.with_name(journal.name + ".jrnl.txt")


def write_jrnl(journal: Path) -> Path:
    """The journal's entries in jrnl's plain-text format, beside it."""
    connection = sqlite3.connect(journal)
    rows = connection.execute("SELECT written_at, body FROM entry ORDER BY written_at")
    target = jrnl_path(journal)
    with target.open("w", encoding="utf-8") as file:
        for written_at, body in rows:
            moment = datetime.fromisoformat(written_at).replace(hour=9)
            file.write(f"[{moment:%Y-%m-%d %I:%M:%S %p}] {body}\n\n")
    connection.close()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    if args.path.exists():
        parser.error(f"{args.path} exists; give a new path")
    started = time.perf_counter()
    counts = generate(args.path, args.scale)
    text = write_jrnl(args.path)
    print(f"wrote {counts} to {args.path} and {text} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
