"""Render every screen of the demo journal to SVG: `python scripts/screenshots.py [FOLDER]`.

A fixed date and terminal size make the pictures repeatable; `--size 80x24`
renders the small-terminal variants for checking.
"""

import argparse
import asyncio
import tempfile
from datetime import date, time
from pathlib import Path

from mentorjournal import db, demo
from mentorjournal.app import MentorJournalApp

DAY = date(2026, 11, 27)
CLOCK = time(10, 15)
# (keys pressed from the screen before, picture): every screen of the app, in order
SHOTS = (
    ((), "journal"),
    (("escape", "slash", *"mentor"), "search"),
    (("escape", "question_mark"), "help"),
    (("escape", "2"), "checklist"),
    (("3",), "week"),
    (("4",), "ledger"),
    (("5",), "people"),
    (("6",), "review"),
)


async def _shoot(folder: Path, size: tuple[int, int], workdir: Path) -> list[Path]:
    journal = workdir / "demo.db"
    demo.create(journal, DAY)
    app = MentorJournalApp(journal, today=DAY, clock=CLOCK, settings_path=workdir / "config.toml")
    suffix = "" if size == (120, 40) else f"-{size[0]}x{size[1]}"
    written = []

    async with app.run_test(size=size) as pilot:
        for keys, name in SHOTS:
            await pilot.press(*keys)
            await pilot.pause(0.3)  # past the typing pause, so that a search has run
            await pilot.pause()  # and the footer has drawn its keys
            written.append(Path(app.save_screenshot(f"{name}{suffix}.svg", str(folder))))
    db.close_journal()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--size", default="120x40", help="COLUMNSxROWS (default 120x40)")
    args = parser.parse_args()
    columns, rows = (int(n) for n in args.size.split("x"))
    args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        for path in asyncio.run(_shoot(args.folder, (columns, rows), Path(workdir))):
            print(path)


if __name__ == "__main__":
    main()
