"""The app shell: settings, themes and messages about them."""

from mentorjournal.app import MentorJournalApp
from mentorjournal.config import Config

from ..conftest import TODAY


async def test_config_problems_are_shown_not_crashed_on(journal, tmp_path) -> None:
    app = MentorJournalApp(
        journal,
        config=Config(theme="no-such-theme"),
        config_messages=["config.toml: weekly_hours_goal must be a number; using the default"],
        today=TODAY,
        settings_path=tmp_path / "config.toml",
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = [notification.message for notification in app._notifications]
        assert any("weekly_hours_goal" in message for message in shown)
        assert any("unknown theme 'no-such-theme'" in message for message in shown)
        assert app.theme == "textual-dark"


async def test_configured_theme_is_used(journal, tmp_path) -> None:
    app = MentorJournalApp(
        journal, config=Config(theme="nord"), today=TODAY, settings_path=tmp_path / "c.toml"
    )
    async with app.run_test(size=(120, 40)):
        assert app.theme == "nord"
    assert not (tmp_path / "c.toml").exists()  # nothing changed, nothing written


async def test_a_theme_that_cannot_be_remembered_is_a_message(journal, tmp_path) -> None:
    broken = tmp_path / "config.toml"
    broken.write_text("theme = = nonsense\n")
    app = MentorJournalApp(journal, today=TODAY, settings_path=broken)
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = "nord"
        await pilot.pause()
        assert any("theme not remembered" in n.message for n in app._notifications)
    assert broken.read_text() == "theme = = nonsense\n"


async def test_the_app_makes_a_daily_backup_beside_the_journal(journal, tmp_path) -> None:
    app = MentorJournalApp(journal, today=TODAY, settings_path=tmp_path / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    [backup] = (journal.parent / "backups").glob("journal-*.db")
    assert backup.stat().st_mode & 0o777 == 0o600
