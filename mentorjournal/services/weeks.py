"""Weeks: where one starts depends on the configured first day of the week."""

from datetime import date, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week holding `day`; `first_weekday` 0 is Monday, 6 Sunday."""
    return day - timedelta((day.weekday() - first_weekday) % 7)


def tick_week(first_day: date) -> date:
    """The ISO week (its Monday) that the ticks of the week starting `first_day` belong to:
    the one holding most of its days. Ticks are stored by it, so that the configured first
    day of the week is only a way of showing them."""
    middle = first_day + timedelta(3)
    return middle - timedelta(middle.weekday())


def week_label(start: date, this_week: date) -> str:
    """'week of Mon 23 Nov 2026', with 'this week', 'last week' or 'next week' beside it."""
    relative = {0: "this week", -7: "last week", 7: "next week"}.get((start - this_week).days)
    label = f"week of {start:%a %d %b %Y}"
    return f"{label} · {relative}" if relative else label
