"""Another calendar program reads our export of the demo journal as the Week screen shows it."""

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from mentorjournal import demo
from mentorjournal.io import ics

from ..conftest import TODAY
from .week_shown import two_weeks

CONFIG = """[calendars]
[[journal]]
path = {folder}/calendar
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Berlin
default_timezone = Europe/Berlin
[default]
default_calendar = journal
[sqlite]
path = {folder}/khal.db
"""


def khal(folder: Path, *args: str) -> str:
    command = [str(Path(sys.executable).parent / "khal"), "-c", str(folder / "config"), *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


def test_khal_lists_exactly_the_week_screens_blocks_of_two_weeks(tmp_path) -> None:
    demo.create(tmp_path / "demo.db", TODAY)
    monday = TODAY - timedelta(TODAY.weekday())
    shown, notes = two_weeks(monday)
    expected = sorted(
        [f"{b.start:%Y-%m-%d %H:%M}|{b.end:%Y-%m-%d %H:%M}|{b.title}" for b in shown]
        + [f"{n.day:%Y-%m-%d}|{n.last_day:%Y-%m-%d}|{n.text}" for _day, n in notes]
    )
    (tmp_path / "calendar").mkdir()
    (tmp_path / "config").write_text(CONFIG.format(folder=tmp_path))
    (tmp_path / "demo.ics").write_bytes(ics.export_ics())
    khal(tmp_path, "import", "--batch", str(tmp_path / "demo.ics"))
    listed = khal(
        tmp_path,
        "list",
        "--format",
        "{start}|{end}|{title}",
        "--day-format",
        "",
        f"{monday:%Y-%m-%d}",
        "14d",
    )
    assert len(expected) > 10 and len(notes) == 4  # a long weekend and a planning day
    assert sorted(line for line in listed.splitlines() if line) == expected
