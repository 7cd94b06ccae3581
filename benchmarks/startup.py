"""Cold start to first frame: mentorjournal against a bare Textual app, in a real pty.

    python benchmarks/startup.py [--runs 9]

Each figure is the median of several runs of the whole process, from spawn until
a known piece of text of the first frame reaches the terminal.
"""

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from datetime import date
from pathlib import Path

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare app ready")
        yield Footer()

Bare().run()
"""


def first_frame(command: list[str], marker: bytes, timeout: float = 30) -> float:
    """Seconds from spawning `command` in a 120×40 pty until `marker` is drawn."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    screen = b""
    try:
        while marker not in screen:
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{marker!r} not drawn by {command}")
            screen += os.read(master, 65536)
        return time.perf_counter() - start
    finally:
        process.kill()
        process.wait()
        os.close(master)


def median_ms(command: list[str], marker: bytes, runs: int) -> float:
    first_frame(command, marker)  # warm the file cache
    return statistics.median(first_frame(command, marker) for _ in range(runs)) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_APP)
        demo_db = Path(folder) / "demo.db"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from datetime import date; from mentorjournal import demo; "
                "demo.create(sys.argv[1], date.fromisoformat(sys.argv[2]))",
                str(demo_db),
                date.today().isoformat(),
            ],
            check=True,
        )
        app = [sys.executable, "-m", "mentorjournal", "--db"]
        rows = [
            (
                "bare Textual app (Header, Static, Footer)",
                [sys.executable, str(bare)],
                b"bare app ready",
            ),
            (
                "mentorjournal, empty journal",
                [*app, str(Path(folder) / "empty.db")],
                b"Days written",
            ),
            ("mentorjournal, demo journal", [*app, str(demo_db)], b"Days written"),
        ]
        floor = None
        print(f"{'cold start to first frame':<46}{'median':>10}{'× bare':>9}")
        for name, command, marker in rows:
            ms = median_ms(command, marker, args.runs)
            floor = floor or ms
            print(f"{name:<46}{ms:>8.0f} ms{ms / floor:>8.2f}×")


if __name__ == "__main__":
    main()
