"""A read-only journal's editors take no typing, and the keys typed run no commands."""

from textual import events
from textual.widget import Widget
from textual.widgets import TextArea

EDITING_KEYS = ("enter", "backspace", "delete")  # tab still moves on


def swallow_typing(owner: Widget, event: events.Key) -> None:
    """Stop `event` when it is typing into a read-only TextArea inside `owner`: otherwise
    it would bubble on to the screen's bindings (`d` delete, `y` confirm, digits…)."""
    focused = owner.screen.focused
    if not isinstance(focused, TextArea) or not focused.read_only:
        return
    if owner in focused.ancestors_with_self and (event.is_printable or event.key in EDITING_KEYS):
        event.stop()
        event.prevent_default()
