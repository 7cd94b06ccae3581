"""The user's `[keys]` table: binding ids to keys, checked before Textual applies it.

`[keys]` in config.toml maps a binding id to one key or several, comma-separated:

    [keys]
    new = "a"
    delete = "x,delete"

An unknown id or a key that is not a key becomes a message naming it; the rest applies.
"""

import pkgutil
from collections.abc import Iterable, Mapping
from importlib import import_module

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
NAMED_KEYS = {key.value for key in Keys}


def _key_name(typed: str) -> str | None:
    """The Textual name of one key as typed (`?`, `ctrl+n`, `pageup`), or None if not a key."""
    typed = typed.strip()
    *modifiers, base = typed.split("+") if len(typed) > 1 else [typed]
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return None
    if len(base) == 1:
        base = _character_to_key(base)
    elif base not in NAMED_KEYS and key_to_character(REPLACED_KEYS.get(base, base)) is None:
        return None
    return "+".join([*modifiers, base])


def declared_bindings(extra: Iterable[Binding] = ()) -> dict[str, list[Binding]]:
    """Every binding the app declares, by the class that declares it, with `extra` as "App"."""
    import mentorjournal.screens
    import mentorjournal.widgets

    for package in (mentorjournal.screens, mentorjournal.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            import_module(f"{package.__name__}.{module.name}")
    declared = {"App": list(extra)}
    classes: list[type] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.__module__.startswith("mentorjournal.") and "BINDINGS" in cls.__dict__:
            declared[cls.__name__] = list(Binding.make_bindings(cls.__dict__["BINDINGS"]))
    return declared


def binding_ids(extra: Iterable[Binding] = ()) -> set[str]:
    """Every binding id the app declares: its screens', widgets' and `extra`."""
    return {
        binding.id
        for bindings in declared_bindings(extra).values()
        for binding in bindings
        if binding.id
    }


def clashes(keymap: Mapping[str, str], declared: Mapping[str, list[Binding]]) -> list[str]:
    """One message for each binding that a remapped key takes from another, on one screen."""
    messages = []
    for where, bindings in declared.items():
        kept = {b.key: b for b in bindings if b.id not in keymap}
        for binding in bindings:
            for key in keymap.get(binding.id or "", "").split(","):
                lost = kept.get(key)
                if lost is not None and lost.id != binding.id:
                    messages.append(
                        f"config: [keys] {binding.id} = {key!r} takes that key from "
                        f"“{lost.description}” ({lost.id}) on {where}"
                    )
    return sorted(set(messages))


def check_keymap(table: Mapping[str, str], known: set[str]) -> tuple[dict[str, str], list[str]]:
    """The keymap to apply (ids to Textual key names), and one message per entry ignored."""
    keymap, messages = {}, []
    for binding_id, typed in table.items():
        if binding_id not in known:
            messages.append(f"config: [keys] {binding_id!r} is not a key binding; ignored")
            continue
        typed_keys = typed.split(",")
        bad = [key.strip() for key in typed_keys if _key_name(key) is None]
        if bad:
            messages.append(
                f"config: [keys] {binding_id} = {typed!r}: {bad[0]!r} is not a key; ignored"
            )
            continue
        keymap[binding_id] = ",".join(str(_key_name(key)) for key in typed_keys)
    return keymap, messages
