"""Where a cold start's time goes: `python benchmarks/profile_start.py JOURNAL [--runs N]`.

The app starts in a 120×40 pseudo-terminal, as in bench.py, with each step of its
start-up wrapped: the child logs when a step begins and ends on the monotonic clock the
parent also reads, so every step is placed in milliseconds from the spawn. Printed: the
median start and duration of each step over the runs, and when the first frame and the
first frame with the journal's data were written. `--cprofile FILE` also writes one run's
cProfile statistics (up to the frame with the data) for `python -m pstats FILE`.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

FIRST_FRAME = "Days written"  # the first screen's frame, as bench.py waits for it
DATA_SHOWN = "streak"  # drawn once the first screen shows the journal's data
# (module, attribute path): the steps of a start-up, wrapped in the child.
STEPS = [
    ("mentorjournal.cli", "main"),
    ("mentorjournal.cli", "_app"),
    ("mentorjournal.services.journal", "open_journal"),
    ("mentorjournal.db", "_check_header"),
    ("mentorjournal.db", "_inspect"),
    ("mentorjournal.db", "_quick_check"),
    ("mentorjournal.db", "_connect"),
    ("mentorjournal.db", "checked"),
    ("mentorjournal.config", "load_config"),
    ("mentorjournal.cli", "_run_app"),
    ("mentorjournal.app", "MentorJournalApp.__init__"),
    ("mentorjournal.app", "MentorJournalApp._apply_keymap"),
    ("mentorjournal.app", "MentorJournalApp.on_mount"),
    ("mentorjournal.app", "MentorJournalApp._start"),
    ("mentorjournal.app", "MentorJournalApp.on_journal_opened"),
    ("mentorjournal.app", "MentorJournalApp._show_journal"),
    ("mentorjournal.app", "MentorJournalApp.on_journal_checked"),
    ("mentorjournal.app", "MentorJournalApp._at_work"),
    ("mentorjournal.app", "MentorJournalApp._offer_drafts"),
    ("mentorjournal.app", "MentorJournalApp._daily_backup"),
    ("mentorjournal.services.journal", "finish_opening"),
    ("mentorjournal.services.drafts", "DraftStore.left_behind"),
    ("mentorjournal.screens.journal", "JournalScreen.compose"),
    ("mentorjournal.screens.journal", "JournalScreen.on_mount"),
    ("mentorjournal.screens.journal", "JournalScreen.show_journal"),
    ("mentorjournal.screens.journal", "JournalScreen.show_day"),
    ("mentorjournal.screens.journal", "JournalScreen._refresh_overview"),
    ("mentorjournal.widgets.entry_editor", "EntryEditor._highlight_markdown"),
    ("textual.css.stylesheet", "Stylesheet.parse"),
    ("textual.css.stylesheet", "Stylesheet.reparse"),
    ("textual.css.stylesheet", "Stylesheet.update"),
    ("textual.screen", "Screen._refresh_layout"),
    ("textual.screen", "Screen._compositor_refresh"),
]


def _wrap(owner: object, name: str, span: str, log: list) -> None:
    """Log (span, begun, ended) each time `owner.name` runs (awaited, if a coroutine)."""
    import functools
    import inspect

    original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def wrapper(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                log.append((span, begun, time.perf_counter()))

    else:

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            begun = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                log.append((span, begun, time.perf_counter()))

    setattr(owner, name, wrapper)


def _wrap_steps(module: object, paths: list[str], log: list) -> None:
    for path in paths:
        owner = module
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        if name in (owner.__dict__ if isinstance(owner, type) else dir(owner)):
            _wrap(owner, name, path, log)


class _StepFinder:
    """Wraps the steps of each module in STEPS as the program imports it (in its own
    order: the journal is opened before the app is imported), timing the import."""

    def __init__(self, steps: list[tuple[str, str]], log: list, then: dict) -> None:
        self.steps: dict[str, list[str]] = defaultdict(list)
        for module, path in steps:
            self.steps[module].append(path)
        self.steps.update({module: self.steps[module] for module in then})
        self.log, self.then = log, then

    def find_spec(self, name: str, path, target=None):
        if name not in self.steps:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run, log, paths = spec.loader.exec_module, self.log, self.steps[name]
        then = self.then.get(name, lambda module: None)

        def exec_module(module) -> None:
            begun = time.perf_counter()
            run(module)
            log.append((f"import {name}", begun, time.perf_counter()))
            _wrap_steps(module, paths, log)
            then(module)

        spec.loader.exec_module = exec_module
        return spec


def _instrument(log: list, bare: bool, then: dict) -> None:
    """Wrap the steps of STEPS as their modules are imported; `then` maps a module's
    name to what to do with it once imported."""
    steps = [(m, p) for m, p in STEPS if m.startswith("textual") or not bare]
    for module, _ in steps:
        if module in sys.modules:  # imported by Python itself already: wrap it now
            _wrap_steps(sys.modules[module], [p for m, p in steps if m == module], log)
    sys.meta_path.insert(0, _StepFinder(steps, log, then))


def _bare_app() -> str:
    """bench.py's BARE_APP, read without importing bench (which imports the app)."""
    import ast

    tree = ast.parse((Path(__file__).parent / "bench.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "BARE_APP":
            return ast.literal_eval(node.value)
    raise LookupError("BARE_APP not found in bench.py")


def child(journal: str, log_path: str, profile_path: str | None) -> None:
    """The app on `journal`, its steps logged to `log_path` once data is shown."""
    log: list = [("python started", time.perf_counter(), time.perf_counter())]
    profiler = None
    if profile_path:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    bare, seen = journal == "--bare", set()

    def patch_driver(module) -> None:
        write = module.LinuxDriver.write

        def logged_write(self, data: str) -> None:
            write(self, data)
            _logged_frame(data)

        module.LinuxDriver.write = logged_write

    def _logged_frame(data: str) -> None:
        now = time.perf_counter()
        log.append(("frame written", now, now))
        for marker in (FIRST_FRAME, DATA_SHOWN, "Fri 27 Nov 2026", "On this day"):
            if marker in data and marker not in seen:
                seen.add(marker)
                log.append((f"frame with {marker!r}", now, now))
        if DATA_SHOWN in seen and FIRST_FRAME in seen:
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(profile_path)
            Path(log_path).write_text(json.dumps(log))
            os._exit(0)

    _instrument(log, bare, {"textual.drivers.linux_driver": patch_driver})
    if bare:  # bench.py's bare Textual app, for comparison
        seen.add(DATA_SHOWN)
        exec(_bare_app().replace("bare app ready", FIRST_FRAME), {})
    else:
        from mentorjournal.cli import main

        main(["--db", journal])


def run_once(journal: Path, profile_path: str | None = None) -> dict[str, list]:
    """One cold start: each step's (start, duration) in ms from the spawn."""
    from bench import Terminal

    with tempfile.TemporaryDirectory() as folder:
        log_path = Path(folder) / "log.json"
        command = [sys.executable, __file__, "--child", str(journal), str(log_path)]
        if profile_path:
            command.append(profile_path)
        terminal = Terminal(command)
        try:
            terminal.process.wait(timeout=60)
        finally:
            terminal.close()
        spans: dict[str, list] = defaultdict(list)
        for span, begun, ended in json.loads(log_path.read_text()):
            start = (begun - terminal.started) * 1000
            spans[span].append((start, (ended - begun) * 1000))
        return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("journal", type=Path, nargs="?", help="the journal to open")
    parser.add_argument("--bare", action="store_true", help="bench.py's bare Textual app")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cprofile", metavar="FILE")
    args = parser.parse_args()
    journal = "--bare" if args.bare else args.journal.absolute()
    runs = [run_once(journal) for _ in range(args.runs)]
    if args.cprofile:
        run_once(journal, args.cprofile)
    firsts = defaultdict(list)  # per span: its first occurrence's start, its summed duration
    for spans in runs:
        for span, occurrences in spans.items():
            firsts[span].append((occurrences[0][0], sum(d for _, d in occurrences)))
    print(f"{'step (medians of ' + str(len(runs)) + ' runs)':<52}{'starts at':>10}{'takes':>9}")
    for span, values in sorted(
        firsts.items(), key=lambda item: statistics.median(v[0] for v in item[1])
    ):
        if span == "frame written":
            continue
        start = statistics.median(v[0] for v in values)
        took = statistics.median(v[1] for v in values)
        print(f"{span:<52}{start:>8.1f}ms{took:>7.1f}ms")
    frames = [len(spans["frame written"]) for spans in runs]
    print(f"frames written up to the data: {statistics.median(frames):g}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        main()
