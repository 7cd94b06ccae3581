"""The benchmark runs: a tiny journal, one run, every row printed (timings are not tested)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench.py"
PROFILE = BENCH.with_name("profile_start.py")
ROWS = (
    "cold start, journal",
    "cold start to the data shown",
    "cold start, empty journal",
    "cold start, journal encrypted",
    "encrypted, to the data shown",
    "peak RSS, journal",
    "keystroke to painted character",
    "search drawn, rare word",
    "search drawn, common word",
    "next week repainted, journal",
    "ledger drawn, journal",
    "balance for all people",
    "autosave, one 1,500-character entry",
    "JSON export",
    "JSON import into an empty journal",
    ".ics export",
    "peers:",
)


def test_quick_benchmark_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for row in ROWS:
        assert row in result.stdout, row


def test_only_some_measures_run() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--only", "ledger,moves"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ledger drawn, journal" in result.stdout and "JSON export" in result.stdout
    assert "cold start" not in result.stdout and "search drawn" not in result.stdout


def test_start_up_profile_places_each_step(tmp_path: Path) -> None:
    from mentorjournal.services.journal import close_journal, open_journal

    open_journal(tmp_path / "journal.db")
    close_journal()
    result = subprocess.run(
        [sys.executable, str(PROFILE), str(tmp_path / "journal.db"), "--runs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for step in ("import mentorjournal.app", "_inspect", "Stylesheet.parse", "show_day"):
        assert step in result.stdout, step
    assert "frame with 'streak'" in result.stdout
