"""config.toml: defaults when missing, a message naming the key when wrong, never a crash."""

import tomllib

from mentorjournal.config import Config, load_config, save_setting


def test_missing_file_means_defaults(tmp_path) -> None:
    assert load_config(tmp_path / "none.toml") == (Config(), [])


def test_values_are_read(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('week_start = "sunday"\nweekly_hours_goal = 6\nday_start = 6\ntheme = "nord"\n')
    config, messages = load_config(path)
    assert messages == []
    assert config == Config(week_start="sunday", weekly_hours_goal=6.0, day_start=6, theme="nord")


def test_unknown_key_warns_and_bad_value_names_its_key(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('colour = "red"\nweekly_hours_goal = "lots"\nday_start = 25\nweek_start = 3\n')
    config, messages = load_config(path)
    assert config == Config()
    assert any("unknown setting 'colour'" in m for m in messages)
    assert any("weekly_hours_goal must be a number" in m for m in messages)
    assert any("day_start must be an hour" in m for m in messages)
    assert any("week_start must be a weekday" in m for m in messages)


def test_end_before_start_falls_back(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("day_start = 20\nday_end = 9\n")
    config, messages = load_config(path)
    assert (config.day_start, config.day_end) == (7, 21)
    assert "day_end must be after day_start" in messages[0]


def test_broken_toml_is_a_message(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n")
    config, messages = load_config(path)
    assert config == Config()
    assert "using the default settings" in messages[0]


def test_save_setting_keeps_the_other_keys(tmp_path) -> None:
    path = tmp_path / "folder" / "config.toml"
    save_setting(path, "theme", "gruvbox")
    path.write_text(path.read_text() + "weekly_hours_goal = 7.5\n")
    save_setting(path, "theme", "nord")
    assert tomllib.loads(path.read_text()) == {"theme": "nord", "weekly_hours_goal": 7.5}


def test_default_config_path_is_in_the_user_config_folder(tmp_path, monkeypatch) -> None:
    from mentorjournal.config import config_path

    monkeypatch.delenv("MENTORJOURNAL_CONFIG")
    assert config_path() == tmp_path / "config" / "mentorjournal" / "config.toml"


def test_the_viewers_time_zone_is_a_setting(tmp_path) -> None:
    from mentorjournal.app import MentorJournalApp
    from mentorjournal.services import zones

    path = tmp_path / "config.toml"
    path.write_text('timezone = "America/New_York"\n')
    config, messages = load_config(path)
    assert (config.timezone, messages) == ("America/New_York", [])
    MentorJournalApp(tmp_path / "journal.db", config=config)
    assert zones.viewer() == "America/New_York"
    path.write_text('timezone = "Mars/Olympus"\n')
    config, messages = load_config(path)
    assert config.timezone == "" and "timezone must be a time zone name" in messages[0]
