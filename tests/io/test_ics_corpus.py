"""Real calendars (icalendar's own test files, see tests/fixtures/ics/SOURCE.md) go in and
out again, and `recurring-ical-events` finds the same occurrences in both."""

import os
import warnings
from collections import Counter
from pathlib import Path

from mentorjournal.services.journal import open_journal

from .ics_corpus import round_trip

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ics"


def _files() -> list[Path]:
    folders = [FIXTURES / "icalendar"]
    if extra := os.environ.get("MENTORJOURNAL_ICS_CORPUS"):
        folders.append(Path(extra))
    return [path for folder in folders for path in sorted(folder.glob("*.ics"))]


def test_real_calendars_round_trip_as_the_library_reads_them(tmp_path) -> None:
    open_journal(tmp_path / "corpus.db", starters=False)
    verdicts: Counter[str] = Counter()
    differing = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # icalendar warns about vendor zone names it maps
        for path in _files():
            outcome = round_trip(path.read_bytes())  # any traceback fails the test
            verdicts[outcome.verdict] += 1
            if outcome.verdict == "differs":
                differing.append(f"{path.name}: {outcome.detail}")
    read = sum(count for verdict, count in verdicts.items() if verdict != "unread")
    assert read >= 100, verdicts
    assert not differing, differing  # what is not the same was left out with a reason
    assert verdicts["same"] / read >= 0.90, verdicts
