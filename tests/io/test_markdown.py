"""The Markdown export reads as a clean outline: days on top, entries' headings below."""

from datetime import date, datetime, timedelta

from mentorjournal.io.markdown import demoted, export_markdown
from mentorjournal.services import blocks, entries, zones
from mentorjournal.services.blocks import Draft

DAY = date(2026, 11, 20)


def test_days_on_top_entry_headings_below_and_tags_shown(journal) -> None:
    body = "# Notes: Ana\n\n## What I learned\n\n```\n# a comment, not a heading\n```\n#hashtag"
    entries.create_entry(
        DAY, body, step=5, tags=["meeting", "rust"], now=datetime(2026, 11, 20, 9, 15)
    )
    text = export_markdown(date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 27))
    day = text.index("### Friday 20 November 2026")
    assert text[day:].split("\n\n")[1] == "*09:15* (step 5) #meeting #rust"
    assert "\n#### Notes: Ana\n" in text and "\n##### What I learned\n" in text
    assert "\n# a comment, not a heading\n" in text and "\n#hashtag" in text
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings.index("### Friday 20 November 2026") < headings.index("#### Notes: Ana")


def test_demoting_stops_at_level_six() -> None:
    assert demoted("### three\n###### six") == "###### three\n###### six"


def test_blocks_are_listed_at_the_viewers_clock(journal) -> None:
    nine = datetime(2026, 11, 24, 9)
    zones.set_viewer("America/New_York")
    blocks.create_block(Draft("Call", "mentor meeting", nine, nine + timedelta(hours=1)))
    zones.set_viewer("Europe/Berlin")
    text = export_markdown(None, None, date(2026, 11, 27))
    assert "- Tue 15:00–16:00 Call (mentor meeting, planned)" in text


def test_the_export_command_shows_times_in_the_configured_zone(journal, capsys) -> None:
    import os
    from pathlib import Path

    from mentorjournal.cli import main

    nine = datetime(2026, 11, 24, 9)  # Berlin, the zone the tests pin
    blocks.create_block(Draft("Call", "mentor meeting", nine, nine + timedelta(hours=1)))
    Path(os.environ["MENTORJOURNAL_CONFIG"]).write_text('timezone = "America/New_York"\n')
    assert main(["export", "--format", "markdown"]) == 0
    assert "- Tue 03:00–04:00 Call (mentor meeting, planned)" in capsys.readouterr().out


def test_an_empty_time_zone_setting_means_the_machine_s(tmp_path) -> None:
    from mentorjournal.config import load_config

    path = tmp_path / "config.toml"
    path.write_text('timezone = ""\n')
    assert load_config(path) == (load_config(tmp_path / "none.toml")[0], [])


def test_weeks_begin_on_the_configured_first_day(journal, capsys) -> None:
    import os
    from pathlib import Path

    from mentorjournal.cli import main
    from mentorjournal.services import day_notes

    for day, title in ((28, "Saturday reading"), (29, "Sunday course")):
        start = datetime(2026, 11, day, 10)
        blocks.create_block(Draft(title, "reading", start, start + timedelta(hours=1)))
    day_notes.add(date(2026, 11, 29), "Away", date(2026, 11, 30))
    text = export_markdown(None, None, date(2026, 11, 27))  # Monday, the default
    monday = text.index("### Week of Mon 23 November 2026")
    assert monday < text.index("Saturday reading") < text.index("Sunday course")
    assert "### Week of Sun" not in text
    assert "- Sun 29 Nov–Mon 30 Nov: Away" in text
    Path(os.environ["MENTORJOURNAL_CONFIG"]).write_text('week_start = "sunday"\n')
    assert main(["export", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    saturday = text.index("### Week of Sun 22 November 2026")
    sunday = text.index("### Week of Sun 29 November 2026")
    assert saturday < text.index("Saturday reading") < sunday < text.index("Sunday course")
    assert sunday < text.index("- Sun 29 Nov–Mon 30 Nov: Away")
    assert "### Week of Mon" not in text
