"""Two machines on one server journal: two real app processes, each with its own home
(its own drafts and settings), in real terminals, pointed at one PostgreSQL database."""

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
        for terminal in (laptop, desktop):
            terminal.type("\x11")  # ctrl+q
    assert laptop.close() == 0 and desktop.close() == 0
    assert bodies(pg_url) == ["Planned the week on the laptop"]
    assert (tmp_path / "laptop" / "data" / "mentorjournal" / "servers").is_dir()
