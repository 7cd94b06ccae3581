"""The benchmark: `python benchmarks/bench.py [--runs N] [--quick] [--cold-start]`: one table.

Every figure is a median of several runs, printed beside the floor it is compared
with, measured in the same run: absolute times vary between machines, ratios hold.
`--quick` uses a tiny journal and one run (the test suite's smoke test);
`--cold-start` stops after the cold-start rows (plain, encrypted and empty journal).
"""

import argparse
import asyncio
import fcntl
import os
import pty
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Awaitable, Callable
from datetime import date
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import COMMON_WORD, RARE_WORD, generate

from mentorjournal import cipher, db
from mentorjournal.app import MentorJournalApp
from mentorjournal.services import entries, ledger, search
from mentorjournal.services.journal import open_journal

TODAY = date(2026, 11, 27)
PASSPHRASE = "benchmark passphrase"
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
ROWS: list[tuple[str, float, str, float]] = []


def record(name: str, value: float, floor_name: str, floor: float, unit: str = "ms") -> None:
    ROWS.append((name, value, floor_name, floor))
    ratio = value / floor if floor else float("nan")
    print(f"{name:<44}{value:>9.1f} {unit:<3}{floor_name:<36}{floor:>9.1f} {unit:<3}{ratio:>6.2f}×")


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM: since its exec, not its fork)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def first_frame(command: list[str], marker: bytes, **env_vars: str) -> tuple[float, int]:
    """Seconds from spawn to `marker` drawn in a 120×40 pty, and the peak RSS in KiB."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", **env_vars}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    screen = b""
    try:
        while marker not in screen:
            if time.perf_counter() - start > 60:
                raise TimeoutError(f"{marker!r} never drawn by {command}")
            screen += os.read(master, 65536)
        elapsed = time.perf_counter() - start
        time.sleep(0.3)  # let it settle after the first frame
        rss = peak_rss_kib(process.pid)
    finally:
        process.kill()
        process.wait()
        os.close(master)
    return elapsed, rss


def cold_start(
    command: list[str], marker: bytes, runs: int, **env_vars: str
) -> tuple[float, float]:
    first_frame(command, marker, **env_vars)  # warm the file cache
    results = [first_frame(command, marker, **env_vars) for _ in range(runs)]
    return (
        statistics.median(t for t, _ in results) * 1000,
        statistics.median(rss for _, rss in results) / 1024,
    )


def encrypted_cold_start(journal: Path, copy: Path, runs: int) -> float:
    """Cold start of an encrypted copy of `journal`, the passphrase from the environment."""
    shutil.copyfile(journal, copy)
    cipher.encrypt(copy, PASSPHRASE)
    command = [sys.executable, "-m", "mentorjournal", "--db", str(copy)]
    milliseconds, _rss = cold_start(
        command, b"Days written", runs, MENTORJOURNAL_PASSPHRASE=PASSPHRASE
    )
    return milliseconds


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


async def in_app(journal: Path, settings: Path, steps: Callable[..., Awaitable[None]]) -> None:
    open_journal(journal)
    app = MentorJournalApp(journal, today=TODAY, clock=clock(10), settings_path=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await steps(app, pilot)
    db.close_journal()


def painted(widget) -> None:
    """Draw every visible line of `widget`, as a frame would."""
    widget.render_lines(widget.region.reset_offset)


def frame_ms(journal: Path, settings: Path, mode: str, act: Callable, runs: int) -> float:
    """Median of: the screen's own work for `act`, then painting its main widget.

    Pilot's key presses wait whole frames and idle loops, which would hide what the
    app itself spends; this times the handler and the paint directly.
    """
    times: list[float] = []

    async def steps(app, pilot) -> None:
        await pilot.press("escape")
        app.switch_mode(mode)
        await pilot.pause()
        for _ in range(runs + 1):
            started = time.perf_counter()
            painted(act(app.screen))
            times.append((time.perf_counter() - started) * 1000)

    asyncio.run(in_app(journal, settings, steps))
    return statistics.median(times[1:])


def search_drawn(journal: Path, settings: Path, word: str, runs: int) -> float:
    times: list[float] = []

    async def steps(app, pilot) -> None:
        await pilot.press("escape", "slash")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#query").value = word
        await pilot.pause()
        for _ in range(runs + 1):
            started = time.perf_counter()
            screen.run_search()
            painted(screen.query_one("#results"))
            times.append((time.perf_counter() - started) * 1000)

    asyncio.run(in_app(journal, settings, steps))
    return statistics.median(times[1:])


def next_week(screen):
    screen.action_week(1)
    return screen.grid


def ledger_refresh(screen):
    screen.refresh_all()
    return screen.query_one("#ledger-entries")


def bare_commit_ms(folder: Path, runs: int) -> float:
    """One small transaction on a bare WAL database with synchronous=FULL."""
    connection = sqlite3.connect(folder / "bare.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=wal")
    connection.execute("PRAGMA synchronous=full")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO t VALUES (1, '')")
    body = "x" * 1500

    def save() -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE t SET body = ? WHERE id = 1", (body,))
        connection.execute("COMMIT")

    result = median_ms(save, runs)
    connection.close()
    return result


def peers(folder: Path, count: int, runs: int) -> None:
    jrnl = shutil.which("jrnl")
    if jrnl is None:
        print("peers: jrnl is not installed here; skipped (pip install jrnl to compare)")
        return
    home = folder / "home"
    journal = home / "journal.txt"
    journal.parent.mkdir(parents=True)
    journal.write_text(
        "".join(f"[{TODAY.toordinal() - n}] Day {n}\n{'words ' * 250}\n\n" for n in range(count))
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}

    def run(*argv: str) -> None:
        subprocess.run([jrnl, *argv], env=env, capture_output=True, check=False)

    print(
        f"peers: jrnl -n 10 {median_ms(lambda: run('-n', '10'), runs):.0f} ms, "
        f"jrnl -contains words {median_ms(lambda: run('-contains', 'words'), runs):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="tiny journal, one run")
    parser.add_argument("--cold-start", action="store_true", help="only the cold-start rows")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        journal, empty, settings = folder / "ten.db", folder / "empty.db", folder / "c.toml"
        started = time.perf_counter()
        counts = generate(journal, 0.01 if args.quick else 1.0, TODAY)
        print(f"journal: {counts}, generated in {time.perf_counter() - started:.1f} s")
        open_journal(empty, today=TODAY)
        db.close_journal()
        (folder / "bare.py").write_text(BARE_APP)
        print(f"{'measure':<44}{'median':>13}{'floor':<36}{'':>13}{'ratio':>7}")
        bare_ms, bare_rss = cold_start(
            [sys.executable, str(folder / "bare.py")], b"bare app ready", runs
        )
        app = [sys.executable, "-m", "mentorjournal", "--db"]
        ten_ms, ten_rss = cold_start([*app, str(journal)], b"Days written", runs)
        encrypted_ms = encrypted_cold_start(journal, folder / "encrypted.db", runs)
        empty_ms, _ = cold_start([*app, str(empty)], b"Days written", runs)
        record("cold start, ten-year journal", ten_ms, "bare Textual app", bare_ms)
        record("cold start, ten-year journal, encrypted", encrypted_ms, "plain", ten_ms)
        record("cold start, empty journal", empty_ms, "bare Textual app", bare_ms)
        record("peak RSS, ten-year journal", ten_rss, "bare Textual app", bare_rss, "MiB")
        if args.cold_start:
            return
        open_journal(journal)
        fts = {
            word: median_ms(lambda w=word: search.search_entries(w), runs)
            for word in (RARE_WORD, COMMON_WORD)
        }
        balance_ms = median_ms(ledger.balances, runs)
        entry = entries.create_entry(TODAY, "autosave probe")
        body = "autosave " * 166
        save_ms = median_ms(lambda: entries.update_entry(entry.id, body, step=None, tags=[]), runs)
        entries.delete_entry(entry.id)
        db.close_journal()
        for word, label in ((RARE_WORD, "rare"), (COMMON_WORD, "common")):
            drawn = search_drawn(journal, settings, word, runs)
            record(f"search drawn, {label} word", drawn, "the same query in FTS5 alone", fts[word])
        record(
            "next week repainted, ten-year journal",
            frame_ms(journal, settings, "week", next_week, runs),
            "next week repainted, empty journal",
            frame_ms(empty, settings, "week", next_week, runs),
        )
        record(
            "ledger drawn, 10,000 entries",
            frame_ms(journal, settings, "ledger", ledger_refresh, runs),
            "ledger drawn, empty journal",
            frame_ms(empty, settings, "ledger", ledger_refresh, runs),
        )
        record("balance for all people", balance_ms, "search for a rare word", fts[RARE_WORD])
        record(
            "autosave, one 1,500-character entry",
            save_ms,
            "bare SQLite commit, WAL FULL",
            bare_commit_ms(folder, runs),
        )
        peers(folder, counts["entries"], runs)


if __name__ == "__main__":
    main()
