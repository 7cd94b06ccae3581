"""calcurse reads our export of the demo journal as the Week screen shows it."""

import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from mentorjournal import demo
from mentorjournal.io import ics

from ..conftest import TODAY
from .week_shown import two_weeks

pytestmark = pytest.mark.skipif(
    shutil.which("calcurse") is None, reason="calcurse is not installed (apt-get install calcurse)"
)
APPOINTMENT = "%(start:%Y-%m-%d %H:%M)|%(end:%Y-%m-%d %H:%M)|%m\\n"


def calcurse(folder: Path, *args: str) -> str:
    """calcurse on its own data and config folders, in the tests' viewer zone."""
    command = ["calcurse", "-D", str(folder / "data"), "-C", str(folder / "config"), *args]
    environment = os.environ | {"TZ": "Europe/Berlin", "HOME": str(folder)}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, check=True, env=environment
    )
    return result.stdout


def listed(output: str) -> list[str]:
    """calcurse's agenda as lines like the Week screen's: a day's heading (`2026-11-27:`)
    stands before its all-day events, which carry no date of their own."""
    found, day = [], ""
    for line in output.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            day = line[:-1]
        elif line.startswith("DAY|"):
            found.append(f"{day}|{line[4:]}")
        elif line:
            found.append(line)
    return sorted(found)


def test_calcurse_lists_exactly_the_week_screens_blocks_and_day_notes(tmp_path) -> None:
    demo.create(tmp_path / "demo.db", TODAY)
    monday = TODAY - timedelta(TODAY.weekday())
    shown, notes = two_weeks(monday)
    expected = sorted(
        [f"{b.start:%Y-%m-%d %H:%M}|{b.end:%Y-%m-%d %H:%M}|{b.title}" for b in shown]
        + [f"{day:%Y-%m-%d}|{note.text}" for day, note in notes]
    )
    for folder in ("data", "config"):
        (tmp_path / folder).mkdir()
    (tmp_path / "demo.ics").write_bytes(ics.export_ics())
    report = calcurse(tmp_path, "-i", str(tmp_path / "demo.ics"))
    assert " 0 skipped" in report
    agenda = calcurse(
        tmp_path,
        "-Q",
        "--input-datefmt",
        "4",
        "--output-datefmt",
        "%Y-%m-%d",
        "--from",
        f"{monday:%Y-%m-%d}",
        "--days",
        "14",
        *("--format-apt", APPOINTMENT, "--format-recur-apt", APPOINTMENT),
        *("--format-event", "DAY|%m\\n", "--format-recur-event", "DAY|%m\\n"),
    )
    assert len(expected) > 10 and len(notes) == 4
    assert listed(agenda) == expected
