"""Two machines on one server journal: two real app processes, each with its own home
(its own drafts and settings), in real terminals, pointed at one PostgreSQL database."""

import subprocess
import time

import pytest

from mentorjournal.db_postgres import driver

from .test_process import Terminal

pytestmark = pytest.mark.postgresql


def machine(home) -> dict[str, str]:
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "MENTORJOURNAL_CONFIG": str(home / "config.toml"),
    }


def bodies(url: str) -> list[str]:
    with driver().connect(url) as other:
        return [row[0] for row in other.execute("SELECT body FROM entry ORDER BY id")]


def test_what_the_laptop_writes_appears_on_the_desktop(pg_url: str, tmp_path) -> None:
    laptop = Terminal(pg_url, machine(tmp_path / "laptop"))
    desktop = Terminal(pg_url, machine(tmp_path / "desktop"))
    try:
        laptop.wait_for(b"Days written")
        desktop.wait_for(b"Days written")
        laptop.type("Planned the week on the laptop")
        started = time.monotonic()
        desktop.wait_for(b"Planned the week on the laptop", timeout=15)
        took = time.monotonic() - started
        assert took < 15  # ~1 s autosave + ~1 s look for changes, more on a loaded machine
    finally:
        codes = quit_all(laptop, desktop)
    assert codes == [0, 0]
    assert bodies(pg_url) == ["Planned the week on the laptop"]
    assert (tmp_path / "laptop" / "data" / "mentorjournal" / "servers").is_dir()


def quit_all(*terminals: Terminal | None) -> list[int]:
    """ctrl+q in each; a process still running after 15 s is killed (and fails the test)."""
    codes = []
    for terminal in terminals:
        if terminal is None:
            continue
        terminal.type("\x11")
        try:
            codes.append(terminal.close())
        except subprocess.TimeoutExpired:
            terminal.process.kill()
            terminal.process.wait()
            codes.append(-1)
    return codes


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_both_machines_edit_one_entry_and_the_later_save_shows_both(pg_url: str, tmp_path):
    laptop = Terminal(pg_url, machine(tmp_path / "laptop"))
    desktop = None
    try:
        laptop.wait_for(b"as you type")  # the journal shown (made on the server by now)
        laptop.type("Draft")
        wait_until(lambda: bodies(pg_url) == ["Draft"], 15, "the laptop never saved")
        desktop = Terminal(pg_url, machine(tmp_path / "desktop"))  # opens on the entry
        desktop.wait_for(b"1 word")
        desktop.type("\x1b[F")  # end
        time.sleep(0.3)
        laptop.type(" from the laptop")
        desktop.type(" from the desktop")
        conflict = b"changed in another window"
        wait_until(lambda: conflict in laptop.screen + desktop.screen, 15, "no conflict shown")
        later = desktop if conflict in desktop.screen else laptop
        [saved] = bodies(pg_url)  # the earlier save, not overwritten by the later
        assert saved in ("Draft from the laptop", "Draft from the desktop")
        later.type("m")  # merge by hand: both texts in its editor, saved as they are
        wait_until(lambda: "from the other window" in bodies(pg_url)[0], 15, "merge not saved")
    finally:
        codes = quit_all(laptop, desktop)
    assert codes == [0, 0]
    [merged] = bodies(pg_url)
    assert "Draft from the desktop" in merged and "Draft from the laptop" in merged
