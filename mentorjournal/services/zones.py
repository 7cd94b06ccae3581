"""Time zones: the viewer's zone, and wall-clock times carried from one zone to another.

A block is stored as wall-clock times in the zone it was planned in (so that a weekly
series keeps its hour across a change of clocks there). Screens show every block in the
viewer's zone: `timezone` in config.toml, else the machine's.
"""

from datetime import UTC, datetime, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_viewer: str | None = None


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def is_zone(name: str) -> bool:
    """True for a zone name the tz database knows (Europe/Berlin, UTC…)."""
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def machine_zone() -> str:
    from tzlocal import get_localzone_name  # only when no zone is configured

    name = get_localzone_name()
    return name if name and is_zone(name) else "UTC"


def set_viewer(name: str | None) -> None:
    """Show times in zone `name` from now on (None: the machine's)."""
    global _viewer
    _viewer = name or None


def viewer() -> str:
    """The zone times are shown (and typed) in."""
    global _viewer
    if _viewer is None:
        _viewer = machine_zone()
    return _viewer


def aware(wall: datetime, name: str) -> datetime:
    """Wall-clock `wall` in zone `name`, as an aware datetime."""
    return wall.replace(tzinfo=zone(name))


def convert(wall: datetime, source: str, target: str) -> datetime:
    """The wall-clock time in `target` at the instant `wall` is in `source`."""
    if source == target:
        return wall
    return aware(wall, source).astimezone(zone(target)).replace(tzinfo=None)


def to_viewer(wall: datetime, source: str) -> datetime:
    return convert(wall, source, viewer())


def from_viewer(wall: datetime, target: str) -> datetime:
    return convert(wall, viewer(), target)


def instant(wall: datetime, name: str) -> datetime:
    """The UTC instant of a wall-clock time in zone `name`."""
    return aware(wall, name).astimezone(UTC)


def name_of(info: tzinfo | None) -> str | None:
    """The tz database name of a tzinfo (ZoneInfo, pytz, dateutil, UTC), or None."""
    if info is None:
        return None
    from icalendar.timezone.tzid import tzid_from_tzinfo  # knows every tzinfo flavour

    if datetime(2000, 1, 1, tzinfo=info).utcoffset() is None:
        return None
    name = getattr(info, "key", None) or tzid_from_tzinfo(info)
    if name in ("UTC", "Etc/UTC", "GMT", "Z") or info is UTC:
        return "UTC"
    return name if name and is_zone(name) else None
