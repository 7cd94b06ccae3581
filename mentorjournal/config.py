"""Settings from `config.toml`: defaults for anything missing, a message for anything wrong."""

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from platformdirs import user_config_dir

from mentorjournal.files import write_text
from mentorjournal.services import zones
from mentorjournal.services.weeks import WEEKDAYS


@dataclass(frozen=True)
class Config:
    week_start: str = "monday"
    weekly_hours_goal: float = 5.0
    day_start: int = 7
    day_end: int = 21
    theme: str = "textual-dark"
    timezone: str = ""  # where times are shown and typed; empty: the machine's zone
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys, see screens/keymap
    database: str = ""  # the journal: a file's path or a postgresql:// URL; empty: the default

    @property
    def first_weekday(self) -> int:
        """0 for Monday … 6 for Sunday."""
        return WEEKDAYS.index(self.week_start)


def config_path() -> Path:
    override = os.environ.get("MENTORJOURNAL_CONFIG")
    if override:
        return Path(override).expanduser()
    return Path(user_config_dir("mentorjournal")) / "config.toml"


def _check(key: str, value: object) -> str | None:
    """Why `value` is not acceptable for `key`, or None when it is."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    match key:
        case "week_start" if value not in WEEKDAYS:
            return "must be a weekday name, e.g. monday"
        case "weekly_hours_goal" if not number or not 0 < value <= 168:
            return "must be a number of hours between 0 and 168"
        case "day_start" if not isinstance(value, int) or not 0 <= value <= 23:
            return "must be an hour from 0 to 23"
        case "day_end" if not isinstance(value, int) or not 1 <= value <= 24:
            return "must be an hour from 1 to 24"
        case "theme" if not isinstance(value, str) or not value:
            return "must be the name of a theme"
        case "database" if not isinstance(value, str):
            return "must be a journal file's path or a postgresql:// URL, as text"
        case "timezone" if not isinstance(value, str) or (value and not zones.is_zone(value)):
            return "must be a time zone name, e.g. Europe/Berlin"
    return None


def _keys(path: Path, table: object, messages: list[str]) -> dict[str, str]:
    """The `[keys]` entries whose value is a key string; a message for each other one."""
    if not isinstance(table, dict):
        messages.append(f"{path}: keys must be a table, [keys]; ignored")
        return {}
    keys = {}
    for binding_id, value in table.items():
        if isinstance(value, str):
            keys[binding_id] = value
        else:
            messages.append(f'{path}: [keys] {binding_id} must be a key such as "ctrl+n"; ignored')
    return keys


def load_config(path: Path) -> tuple[Config, list[str]]:
    """The settings in `path`, and one message per key that was ignored."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Config(), [f"{path}: {error}; using the default settings"]
    known = {field.name for field in fields(Config)}
    messages, values = [], {}
    for key, value in raw.items():
        if key not in known:
            messages.append(f"{path}: unknown setting {key!r} ignored")
        elif key == "keys":
            values[key] = _keys(path, value, messages)
        elif problem := _check(key, value):
            messages.append(f"{path}: {key} {problem}; using the default")
        else:
            values[key] = float(value) if key == "weekly_hours_goal" else value
    config = replace(Config(), **values)
    if config.day_end <= config.day_start:
        messages.append(f"{path}: day_end must be after day_start; using the defaults")
        config = replace(config, day_start=Config.day_start, day_end=Config.day_end)
    return config, messages


def save_setting(path: Path, key: str, value: object) -> None:
    """Set one key in `path`, keeping the others as they are."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = {}
    raw[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    # The settings file may be a symlink (dotfiles): its target is replaced, through a
    # partial file of our own (never a planted one).
    import tomli_w  # only to save a setting: not at start-up

    write_text(path.resolve(), tomli_w.dumps(raw), force=True)
