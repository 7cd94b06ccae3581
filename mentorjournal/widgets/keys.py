"""Keys as the user sees them: after config.toml's `[keys]` remapping (the app's `keymap`)."""

from textual.binding import Binding
from textual.dom import DOMNode


def keys_of(node: DOMNode, binding: Binding) -> list[str]:
    """How the keys of `binding` are shown, after the user's `[keys]` remapping."""
    remapped = getattr(node.app, "keymap", {}).get(binding.id or "")
    if not remapped:
        return [node.app.get_key_display(binding)]
    return [
        node.app.get_key_display(binding.with_key(key, key_display=None))
        for key in remapped.split(",")
    ]


def key_of(node: DOMNode, binding_id: str) -> str:
    """The first key now bound to `binding_id` among `node`'s bindings, as shown."""
    for binding in Binding.make_bindings(type(node).BINDINGS):
        if binding.id == binding_id:
            return keys_of(node, binding)[0]
    return binding_id
