"""The footer: only the keys that fit whole at this width; `?` lists every one."""

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

HELP_ACTION = "help"


def _cells(key: FooterKey) -> int:
    """The width a footer key takes: ` key description `, and the palette's border."""
    width = cell_len(key.key_display) + 2
    if key.description:
        width += cell_len(key.description) + 1
    if key.has_class("-command-palette"):
        width += 2
    return width


class KeysFooter(Footer):
    """Keys are shown in the order the screen declares them, as many as fit whole.

    The help key and the palette key always stay: they lead to the rest.
    """

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        kept = [
            key for key in keys if key.action == HELP_ACTION or key.has_class("-command-palette")
        ]
        self._laid_out_for = self.size.width or self.app.size.width
        room = self._laid_out_for - sum(_cells(key) for key in kept)
        for key in keys:
            if key in kept:
                continue
            room -= _cells(key)
            if room < 0:
                break
            yield key
        yield from kept

    _laid_out_for = 0  # the width the keys were chosen for

    def on_resize(self) -> None:
        if self._bindings_ready and self.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)
