"""The README's key tables say what the screens bind: no key missing, none made up."""

import re
import tomllib
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.keys import _character_to_key

from mentorjournal.app import MentorJournalApp
from mentorjournal.screens.keymap import check_keymap, declared_bindings

README = (Path(__file__).parents[1] / "README.md").read_text()
# The tables in the order the README has them, and whose keys each one describes
TABLES = [
    ("App", "JournalScreen"),
    ("ChecklistScreen",),
    ("WeekScreen", "WeekGrid"),
    ("LedgerScreen",),
    ("PeopleScreen",),
    ("ReviewScreen",),
]
# Keys that Textual's own widgets give (lists, fields, the palette), not declared by us
WIDGET_KEYS = {"enter", "tab", "up", "down", "home", "end", "pageup", "pagedown", "space"}
WIDGET_KEYS |= {"j", "k", "ctrl+p", "escape"}
ARROWS = {"←": "left", "→": "right", "↑": "up", "↓": "down"}


def _tables() -> list[set[str]]:
    """The keys named in the first column of each `| key | does |` table."""
    tables: list[set[str]] = []
    for line in README.splitlines():
        if line.startswith("| key | does |"):
            tables.append(set())
        elif line.startswith("| `") and tables:
            first_column = line.split("|")[1]
            for quoted in re.findall(r"`([^`]+)`", first_column):
                tables[-1].update(_name(key) for key in quoted.split())
    return tables


def _name(key: str) -> str:
    return ARROWS.get(key) or (_character_to_key(key) if len(key) == 1 else key)


def _declared() -> dict[str, list[Binding]]:
    return declared_bindings(list(Binding.make_bindings(MentorJournalApp.BINDINGS)))


def test_there_is_one_table_per_screen() -> None:
    assert len(_tables()) == len(TABLES)


@pytest.mark.parametrize(("index", "owners"), list(enumerate(TABLES)))
def test_readme_table_matches_the_bindings(index: int, owners: tuple[str, ...]) -> None:
    written = _tables()[index]
    declared = _declared()
    bindings = [binding for owner in owners for binding in declared[owner]]
    bound = {binding.key for binding in bindings}
    assert written - bound - WIDGET_KEYS == set(), "keys in the README that nothing binds"
    by_action: dict[str, set[str]] = {}
    for binding in bindings:
        by_action.setdefault(binding.action, set()).add(binding.key)
    undocumented = sorted(action for action, keys in by_action.items() if not keys & written)
    assert undocumented == [], "bindings the README does not mention"


def test_the_readme_keymap_example_is_valid() -> None:
    block = README.split("## Settings", 1)[1].split("```toml", 1)[1].split("```", 1)[0]
    table = tomllib.loads(block)["keys"]
    declared = _declared()
    known = {b.id for bindings in declared.values() for b in bindings if b.id}
    keymap, messages = check_keymap(table, known)
    assert messages == [] and set(keymap) == set(table)
