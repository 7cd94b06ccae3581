"""The benchmark: `python benchmarks/bench.py [--scale S] [--runs N] [--quick] [--cold-start]`.

Every figure is a median of several runs, printed beside the floor it is compared
with, measured in the same run, and the target it has to meet: absolute times vary
between machines, ratios hold. `--scale 1` is ten years of journal, `--scale 10` a
hundred. `--quick` uses a tiny journal and one run (the test suite's smoke test);
`--cold-start` stops after the start-up rows; `--only ledger,moves` runs some of the
measures (start-up, search, week, ledger, autosave, moves: the JSON and .ics moves, peers).
"""

import argparse
import asyncio
import compileall
import fcntl
import json
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
from dataclasses import dataclass
from datetime import date
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import COMMON_WORD, RARE_WORD, generate, write_jrnl

import mentorjournal
from mentorjournal import cipher, db
from mentorjournal.app import MentorJournalApp
from mentorjournal.io import ics, json_format
from mentorjournal.io.importer import import_file
from mentorjournal.services import entries, ledger, search
from mentorjournal.services.journal import open_journal

TODAY = date(2026, 11, 27)
PASSPHRASE = "benchmark passphrase"  # in the environment: only an encrypted journal reads it
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
BARE_EDITOR = """
from textual.app import App
from textual.widgets import Footer, Header, Static, TextArea

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare editor ready")
        yield TextArea(id="text")
        yield Footer()

    def on_mount(self):
        self.query_one(TextArea).focus()

Bare().run()
"""
GROUPS = ("start-up", "search", "week", "ledger", "autosave", "moves", "peers")
# Typed one by one, each a letter not on screen yet: thirty (it was ten), so that the few
# slow keys (the first on a blank page, one landing on an autosave) move the median less.
KEYS = "жфцшщюэяёъбвгдзийклмнопрстуыьх"
PEERS_VENV = Path(__file__).parent / ".peers-venv"


@dataclass(frozen=True)
class Target:
    """What a figure must meet: at most `limit`, as a ratio to its floor or absolute."""

    limit: float
    ratio: bool = False

    def met(self, value: float, floor: float) -> bool:
        return (value / floor if self.ratio else value) <= self.limit

    def __str__(self) -> str:
        return f"≤ {self.limit:g}×" if self.ratio else f"≤ {self.limit:g}"


def target(ten_years: float, hundred_years: float, scale: float, ratio: bool = False) -> Target:
    """The issue's target for this scale: the ten-year one up to 1×, else the hundred-year one."""
    return Target(ten_years if scale <= 1 else hundred_years, ratio)


def record(
    name: str, value: float, floor_name: str, floor: float, goal: Target | None, unit: str = "ms"
) -> None:
    ratio = f"{value / floor:>6.2f}×" if floor else " " * 7
    verdict = ""
    if goal is not None:
        verdict = f"  {goal}{'' if goal.ratio else ' ' + unit}: "
        verdict += "met" if goal.met(value, floor) else "MISSED"
    print(
        f"{name:<42}{value:>9.1f} {unit:<4}{floor_name:<38}{floor:>9.1f} {unit:<4}{ratio}{verdict}"
    )


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM: since its exec, not its fork)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


class Terminal:
    """A program running in a 120×40 pseudo-terminal, read as it draws."""

    def __init__(self, command: list[str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color"}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)

    def wait_for(self, marker: bytes, timeout: float = 60) -> float:
        """Seconds from now until `marker` is drawn."""
        return self.wait_for_each((marker,), timeout)[0]

    def wait_for_each(self, markers: tuple[bytes, ...], timeout: float = 60) -> list[float]:
        """Seconds from now until each of `markers` is drawn (in one frame or several)."""
        begun, seen, found = time.perf_counter(), b"", {}
        while len(found) < len(markers):
            if time.perf_counter() - begun > timeout:
                raise TimeoutError(f"{markers!r} never drawn by {self.process.args}")
            seen = seen[-256:] + os.read(self.master, 65536)
            now = time.perf_counter() - begun
            found.update({m: now for m in markers if m not in found and m in seen})
        return [found[marker] for marker in markers]

    def drain(self, seconds: float) -> None:
        """Read whatever is drawn for `seconds`: the app settles after its first frame."""
        end = time.perf_counter() + seconds
        os.set_blocking(self.master, False)
        while time.perf_counter() < end:
            try:
                os.read(self.master, 65536)
            except BlockingIOError:
                time.sleep(0.01)
        os.set_blocking(self.master, True)

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        os.close(self.master)


def first_frame(command: list[str], markers: tuple[bytes, ...]) -> tuple[list[float], int]:
    """Seconds from spawn to each of `markers` drawn, and the peak RSS in KiB."""
    terminal = Terminal(command)
    try:
        waiting = time.perf_counter() - terminal.started
        elapsed = [waiting + seconds for seconds in terminal.wait_for_each(markers)]
        terminal.drain(0.3)
        return elapsed, peak_rss_kib(terminal.process.pid)
    finally:
        terminal.close()


def keystrokes_ms(command: list[str], marker: bytes) -> float:
    """Median time from a key written to the terminal to that character drawn."""
    terminal = Terminal(command)
    try:
        terminal.wait_for(marker)
        terminal.drain(1.0)
        times = []
        for key in KEYS:
            encoded = key.encode()
            started = time.perf_counter()
            os.write(terminal.master, encoded)
            terminal.wait_for(encoded, timeout=10)
            times.append(time.perf_counter() - started)
            terminal.drain(0.15)
        return statistics.median(times) * 1000
    finally:
        terminal.close()


def interleaved(
    commands: dict[str, tuple[list[str], tuple[bytes, ...]]], runs: int
) -> dict[str, list]:
    """Cold starts of each command, taking turns, so that a noisy moment hits all alike."""
    results: dict[str, list] = {name: [] for name in commands}
    for command, markers in commands.values():
        first_frame(command, markers)  # warm the file cache
    for _ in range(runs):
        for name, (command, markers) in commands.items():
            results[name].append(first_frame(command, markers))
    return results


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
    screen.action_step(1)
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


def bare_read_ms(journal: Path) -> float:
    """Every row of every table read by plain sqlite3 and written as JSON: a move's floor."""
    started = time.perf_counter()
    connection = sqlite3.connect(journal)
    tables = [
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    data = {
        table: connection.execute(f'SELECT * FROM "{table}"').fetchall()
        for table in tables
        if not table.startswith(("sqlite_", "entry_index"))
    }
    json.dumps(data, default=str)
    connection.close()
    return (time.perf_counter() - started) * 1000


def timed_ms(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def encrypted_copy(journal: Path) -> Path:
    """The same journal encrypted, opened with the passphrase from the environment."""
    copy = journal.with_name("encrypted.db")
    shutil.copyfile(journal, copy)
    cipher.encrypt(copy, PASSPHRASE)
    os.environ["MENTORJOURNAL_PASSPHRASE"] = PASSPHRASE
    return copy


def start_up(folder: Path, journal: Path, empty: Path, scale: float, runs: int) -> None:
    # Compiled as pip compiles an installed package (and as Textual is, for the bare
    # app): with PYTHONDONTWRITEBYTECODE set, a source checkout is compiled anew at
    # every start otherwise.
    compileall.compile_dir(Path(mentorjournal.__file__).parent, quiet=1)
    (folder / "bare.py").write_text(BARE_APP)
    (folder / "bare_editor.py").write_text(BARE_EDITOR)
    app = [sys.executable, "-m", "mentorjournal", "--db"]
    shown = (b"Days written", b"streak")  # the first frame; the journal's data on it
    starts = interleaved(
        {
            "bare": ([sys.executable, str(folder / "bare.py")], (b"bare app ready",)),
            "journal": ([*app, str(journal)], shown),
            "empty": ([*app, str(empty)], shown),
            "encrypted": ([*app, str(encrypted_copy(journal))], shown),
        },
        runs,
    )
    bare_ms, journal_ms, empty_ms, encrypted_ms = (
        statistics.median(t[0] for t, _ in starts[name]) * 1000 for name in starts
    )
    journal_data_ms, encrypted_data_ms = (
        statistics.median(t[-1] for t, _ in starts[name]) * 1000
        for name in ("journal", "encrypted")
    )
    bare_rss, journal_rss = (
        statistics.median(rss for _, rss in starts[name]) / 1024 for name in ("bare", "journal")
    )
    record(
        "cold start, journal",
        journal_ms,
        "bare Textual app",
        bare_ms,
        target(1.25, 1.35, scale, True),
    )
    record("cold start to the data shown", journal_data_ms, "bare Textual app", bare_ms, None)
    record("cold start, empty journal", empty_ms, "bare Textual app", bare_ms, None)
    record(
        "cold start, journal encrypted", encrypted_ms, "the same journal plain", journal_ms, None
    )
    record(
        "encrypted, to the data shown",
        encrypted_data_ms,
        "the same journal plain",
        journal_data_ms,
        None,
    )
    record(
        "peak RSS, journal",
        journal_rss,
        "bare Textual app",
        bare_rss,
        target(1.5, 1.6, scale, True),
        "MiB",
    )
    record(
        "keystroke to painted character",
        keystrokes_ms([*app, str(journal)], b"Days written"),
        "bare TextArea app",
        keystrokes_ms([sys.executable, str(folder / "bare_editor.py")], b"bare editor ready"),
        target(1.2, 1.2, scale, True),
    )


def in_app_figures(
    journal: Path, empty: Path, settings: Path, scale: float, runs: int, only: set[str]
) -> None:
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
    for word, label, goal in ((RARE_WORD, "rare", (50, 50)), (COMMON_WORD, "common", (100, 150))):
        if "search" not in only:
            break
        drawn = search_drawn(journal, settings, word, runs)
        record(
            f"search drawn, {label} word",
            drawn,
            "the same query in FTS5 alone",
            fts[word],
            target(*goal, scale),
        )
    if "week" in only:
        record(
            "next week repainted, journal",
            frame_ms(journal, settings, "week", next_week, runs),
            "next week repainted, empty journal",
            frame_ms(empty, settings, "week", next_week, runs),
            target(50, 50, scale),
        )
    if "ledger" in only:
        record(
            "ledger drawn, journal",
            frame_ms(journal, settings, "ledger", ledger_refresh, runs),
            "ledger drawn, empty journal",
            frame_ms(empty, settings, "ledger", ledger_refresh, runs),
            target(100, 100, scale),
        )
        record("balance for all people", balance_ms, "search for a rare word", fts[RARE_WORD], None)
    if "autosave" in only:
        record(
            "autosave, one 1,500-character entry",
            save_ms,
            "bare SQLite commit, WAL FULL",
            bare_commit_ms(journal.parent, runs),
            target(10, 10, scale),
        )


def write_export(path: Path) -> None:
    """The JSON export as `mentorjournal export` writes it: streamed to the file."""
    with path.open("w", encoding="utf-8") as out:
        json_format.write_journal(out.write)


def data_moves(folder: Path, journal: Path, scale: float) -> None:
    """JSON export, JSON import into an empty journal, .ics export: once each, in seconds."""
    exported = folder / "export.json"
    open_journal(journal)
    export_ms = timed_ms(lambda: write_export(exported))
    ics_ms = timed_ms(ics.export_ics)
    db.close_journal()
    fresh = folder / "imported.db"
    open_journal(fresh, today=TODAY, starters=False)
    import_ms = timed_ms(lambda: import_file(exported, today=TODAY))
    db.close_journal()
    floor = bare_read_ms(journal)
    parse = timed_ms(lambda: json.loads(exported.read_text()))
    record(
        "JSON export",
        export_ms / 1000,
        "plain sqlite3 read + json.dumps",
        floor / 1000,
        target(1.5, 15, scale),
        "s",
    )
    record(
        "JSON import into an empty journal",
        import_ms / 1000,
        "json.loads of the file",
        parse / 1000,
        target(4, 40, scale),
        "s",
    )
    record(
        ".ics export",
        ics_ms / 1000,
        "plain sqlite3 read + json.dumps",
        floor / 1000,
        target(1.5, 15, scale),
        "s",
    )


def jrnl_command(runs: int) -> Path | None:
    """jrnl in a virtual environment of the benchmark's own, never the project's."""
    jrnl = PEERS_VENV / "bin" / "jrnl"
    if not jrnl.exists() and runs > 1:
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run(
            [str(PEERS_VENV / "bin" / "pip"), "install", "-q", "jrnl"],
            check=False,
            capture_output=True,
        )
    return jrnl if jrnl.exists() else None


def peers(folder: Path, journal: Path, runs: int) -> None:
    jrnl = jrnl_command(runs)
    if jrnl is None:
        print(f"peers: jrnl is not installed in {PEERS_VENV}; skipped (a full run installs it)")
        return
    home = folder / "home"
    (home / ".config" / "jrnl").mkdir(parents=True)
    (home / ".config" / "jrnl" / "jrnl.yaml").write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {write_jrnl(journal)}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %I:%M:%S %p'\n"
        "version: v4.6\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}

    def run(*argv: str) -> None:
        subprocess.run([str(jrnl), *argv], env=env, capture_output=True, check=False)

    print(
        f"peers: jrnl -n 10 {median_ms(lambda: run('-n', '10'), runs):.0f} ms, "
        f"jrnl -contains {RARE_WORD} {median_ms(lambda: run('-contains', RARE_WORD), runs):.0f} ms "
        "(same entries; compare with the cold start above)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = ten years of journal")
    parser.add_argument("--quick", action="store_true", help="tiny journal, one run")
    parser.add_argument("--cold-start", action="store_true", help="only the start-up rows")
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default=set(GROUPS),
        help=f"some of the measures, comma-separated: {','.join(GROUPS)}",
    )
    args = parser.parse_args()
    if args.cold_start:
        args.only = {"start-up"}
    if unknown := args.only - set(GROUPS):
        parser.error(f"--only: unknown {', '.join(sorted(unknown))}")
    runs, scale = (1, 0.01) if args.quick else (args.runs, args.scale)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        journal, empty, settings = folder / "journal.db", folder / "empty.db", folder / "c.toml"
        started = time.perf_counter()
        counts = generate(journal, scale, TODAY)
        took = time.perf_counter() - started
        print(f"journal at scale {scale:g}: {counts}, generated in {took:.1f} s")
        open_journal(empty, today=TODAY)
        db.close_journal()
        print(f"{'measure':<42}{'median':>9}     {'floor':<38}{'':>14}{'ratio':>7}  target")
        if "start-up" in args.only:
            start_up(folder, journal, empty, scale, runs)
        if args.only & {"search", "week", "ledger", "autosave"}:
            in_app_figures(journal, empty, settings, scale, runs, args.only)
        if "moves" in args.only:
            data_moves(folder, journal, scale)
        if "peers" in args.only:
            peers(folder, journal, runs)


if __name__ == "__main__":
    main()
