"""The footer: only the keys that fit whole at this width; `?` lists every one."""

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
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

    The help key and the palette key always stay: they lead to the rest. The keys are
    composed again only when what they would show changed (Textual's Footer composes
    them again on every change of focus, each key restyled as it mounts).
    """

    _laid_out_for = 0  # the width the keys were chosen for
    _composed_for: tuple = ()  # the bindings shown then, and that width
    _pending = False  # a recompose is already due

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        kept = [
            key for key in keys if key.action == HELP_ACTION or key.has_class("-command-palette")
        ]
        self._laid_out_for = self.size.width or self.app.size.width
        self._composed_for = self._shown()
        room = self._laid_out_for - sum(_cells(key) for key in kept)
        for key in keys:
            if key in kept:
                continue
            room -= _cells(key)
            if room < 0:
                break
            yield key
        yield from kept

    def _shown(self) -> tuple:
        """What the keys show: each binding shown, whether it is enabled, the width."""
        if not self._bindings_ready:
            return ()
        bindings = self.screen.active_bindings.values()
        shown = tuple((b.key, b.description, enabled) for _, b, enabled, _ in bindings if b.show)
        return shown, self.size.width or self.app.size.width

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._recompose_if_changed()

    def on_resize(self) -> None:
        if self._bindings_ready and self.size.width != self._laid_out_for:
            self._recompose_if_changed()

    def _recompose_if_changed(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose)

    async def _recompose(self) -> None:
        self._pending = False
        if self._shown() != self._composed_for:
            await self.recompose()
