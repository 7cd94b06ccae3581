"""Keys: every binding has an id, `[keys]` remaps them, the footer keeps whole words."""

import inspect
import itertools
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.widgets import Label, Static
from textual.widgets._footer import FooterKey

from mentorjournal.app import MentorJournalApp
from mentorjournal.config import load_config
from mentorjournal.screens.help import HelpScreen
from mentorjournal.screens.keymap import binding_ids
from mentorjournal.screens.people import PeopleScreen
from mentorjournal.screens.people_forms import PersonFormScreen
from mentorjournal.services.journal import open_journal

from ..conftest import TODAY
from .typing import wait_for

CONFIG = """
[keys]
new = "ctrl+n"
delete = "x"
search = "ctrl+f"
"no-such-binding" = "q"
edit = "ctrl+"
"""


def _our_classes() -> list[type]:
    binding_ids()  # imports every screen and widget module
    found, todo = [], [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("mentorjournal.") and "BINDINGS" in cls.__dict__:
            found.append(cls)
    return found


def test_every_binding_has_an_id() -> None:
    classes = [*_our_classes(), MentorJournalApp]
    assert len(classes) > 10
    missing = [
        f"{cls.__name__}: {binding.key}"
        for cls in classes
        for binding in Binding.make_bindings(cls.__dict__["BINDINGS"])
        if not binding.id
    ]
    assert missing == []


def _app(journal: Path, tmp_path: Path, text: str) -> MentorJournalApp:
    settings = tmp_path / "config.toml"
    settings.write_text(text)
    config, messages = load_config(settings)
    open_journal(journal, today=TODAY)
    return MentorJournalApp(
        journal, config=config, config_messages=messages, today=TODAY, settings_path=settings
    )


async def test_keys_table_remaps_and_bad_entries_are_messages(journal, tmp_path) -> None:
    app = _app(journal, tmp_path, CONFIG)
    async with app.run_test(size=(120, 40)) as pilot:
        told = " ".join(str(n.message) for n in app._notifications)
        assert "'no-such-binding' is not a key binding" in told
        assert "'ctrl+' is not a key" in told
        await pilot.press("escape", "5")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("n")
        assert isinstance(app.screen, PeopleScreen)  # n no longer adds
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, PersonFormScreen)
        await pilot.press("escape")
        hints = str(app.screen.query_one("#nav-hints", Label).render())
        assert "^f search" in hints
        footer = [key.key_display for key in app.screen.query(FooterKey)]
        assert "^n" in footer and "x" in footer and "n" not in footer
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "^n" in text and "x  " in text


async def test_the_palette_names_the_remapped_key(journal, tmp_path) -> None:
    app = _app(journal, tmp_path, CONFIG)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "5")
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
        helps = {command.title: command.help for command in commands}
        assert helps["New"] == "key ^n"
        assert helps["Delete"] == "key x"
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)


async def test_a_remapped_key_that_clashes_is_a_message(journal, tmp_path) -> None:
    app = _app(journal, tmp_path, '[keys]\nnew = "s"\n')
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "5")
        await pilot.pause()
        await pilot.press("s")
        expected = "new = 's' takes that key from “Sort” (people.sort) on PeopleScreen"
        await wait_for(
            pilot, lambda: expected in " ".join(str(n.message) for n in app._notifications)
        )


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_footers_keep_whole_words(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        for key in "123456":
            await pilot.press("escape", key)
            await pilot.pause()
            await pilot.pause()
            shown = list(app.screen.query(FooterKey))
            assert any(item.action == "help" for item in shown), (app.current_mode, shown)
            for item in shown:
                region = item.region
                assert region.right <= size[0], (app.current_mode, item.description)
                assert region.width >= len(item.key_display) + len(item.description) + 2
            plain = sorted((item.region.x, item.region.right) for item in shown)
            for (_x, right), (x, _right) in itertools.pairwise(plain):
                assert right <= x, (app.current_mode, plain)


def test_screens_declare_no_common_key_twice() -> None:
    """n e d u [ ] . come from screens/base.py's shared_keys, declared there once."""
    from mentorjournal.screens import base

    for cls in _our_classes():
        if issubclass(cls, base.AppScreen):
            source = inspect.getsource(cls)
            for key in ('"n"', '"e"', '"d"', '"u"', '"left_square_bracket"', '"full_stop"'):
                assert f"Binding({key}" not in source, (cls.__name__, key)
