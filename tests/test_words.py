"""Counts said in words, and no hand-written plural left in screens or commands."""

import re
from pathlib import Path

import pytest

from mentorjournal.words import agree, amount, hours, plural

PACKAGE = Path(__file__).parents[1] / "mentorjournal"


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (1, "entry", "1 entry"),
        (2, "entry", "2 entries"),
        (0, "entry", "0 entries"),
        (1, "person", "1 person"),
        (3, "person", "3 people"),
        (1, "meeting", "1 meeting"),
        (2, "ledger entry", "2 ledger entries"),
        (2, "day", "2 days"),
        (2, "match", "2 matches"),
        (1204, "word", "1,204 words"),
    ],
)
def test_amount(count: int, noun: str, said: str) -> None:
    assert amount(count, noun) == said


def test_plural_agree_and_hours() -> None:
    assert plural("time block") == "time blocks"
    assert agree(1, "matches", "match") == "matches"
    assert agree(4, "matches", "match") == "match"
    assert hours(1.5) == "1.5 h"
    assert hours(2.0) == "2 h"


HAND_WRITTEN = re.compile(r"""'s' \* \(|\{'s' if|entr\{'ies'|'person' if|== 1 else f?["']""")


def test_no_hand_written_plurals() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "words.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if HAND_WRITTEN.search(line)
    ]
    assert found == []
