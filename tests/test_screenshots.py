"""The screenshot script renders every screen of the demo journal."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "scripts" / "screenshots.py"


def test_one_svg_per_screen(tmp_path) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path)], check=True, capture_output=True)
    shots = {path.stem: path for path in tmp_path.glob("*.svg")}
    assert set(shots) == {
        "journal",
        "search",
        "help",
        "checklist",
        "week",
        "ledger",
        "people",
        "review",
    }
    for path in shots.values():
        svg = path.read_text()
        assert svg.startswith("<svg") and len(svg) > 10_000
    assert "Why I am starting" in shots["journal"].read_text().replace("&#160;", " ")
