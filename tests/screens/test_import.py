"""Importing from inside the app, through the command palette."""

import json

from textual.widgets import Input, Static

from mentorjournal.screens.import_file import ImportForm
from mentorjournal.services import entries

JRNL = {
    "entries": [
        {
            "title": "From jrnl",
            "body": "",
            "date": "2025-01-02",
            "time": "09:00",
            "tags": [],
            "starred": False,
        }
    ]
}


async def test_import_a_file_from_the_palette(make_app, tmp_path) -> None:
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps(JRNL))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_import_file()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ImportForm)
        form.query_one("#path", Input).value = str(tmp_path / "nope.json")
        await pilot.press("ctrl+s")
        assert "there is no file" in str(form.query_one("#path-error", Static).render())
        form.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("added 1 entry;" in n.message for n in app._notifications)
    from datetime import date

    assert [e.title for e in entries.entries_on(date(2025, 1, 2))] == ["From jrnl"]


async def test_the_palette_lists_import(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Import file…" in titles
