"""The benchmark runs: a tiny journal, one run, every row printed (timings are not tested)."""

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench.py"
ROWS = (
    "cold start, ten-year journal",
    "cold start, ten-year journal, encrypted",
    "cold start, empty journal",
    "peak RSS, ten-year journal",
    "search drawn, rare word",
    "search drawn, common word",
    "next week repainted, ten-year journal",
    "ledger drawn, 10,000 entries",
    "balance for all people",
    "autosave, one 1,500-character entry",
    "peers:",
)


def test_quick_benchmark_prints_every_row() -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for row in ROWS:
        assert row in result.stdout, row
