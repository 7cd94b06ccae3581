"""A crash report names the error and where, never local variables (they hold entry text)."""

import pytest

from mentorjournal.screens.journal import JournalScreen
from mentorjournal.services import entries

from ..conftest import TODAY


async def test_crash_report_has_no_locals_and_the_journal_is_intact(make_app, monkeypatch, capsys):
    def broken(self) -> None:
        secret = "".join(reversed("sdrow yraid etavirp"))  # not in the source as shown
        raise RuntimeError(f"injected failure ({len(secret)})")

    monkeypatch.setattr(JournalScreen, "action_today", broken)
    app = make_app()
    with pytest.raises(RuntimeError, match="injected failure"):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press(*"kept safe")
            await pilot.press("escape", "full_stop")
    report = capsys.readouterr().err
    assert "RuntimeError" in report and "injected failure" in report
    assert "broken" in report  # where it happened
    assert "private diary words" not in report
    assert [entry.body for entry in entries.entries_on(TODAY)] == ["kept safe"]
