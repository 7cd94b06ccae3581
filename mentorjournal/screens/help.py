"""Help: every key of the screen underneath, grouped by where it works."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.sections = self._sections(screen)

    def _sections(self, screen: Screen) -> dict[str, list[tuple[str, str]]]:
        sections: dict[str, list[tuple[str, str]]] = {}
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            node = active.node
            where = (
                "Everywhere"
                if node is self.app
                else "This screen"
                if node is screen
                else f"In the {type(node).__name__}"
            )
            keys = self.app.get_key_display(binding)
            sections.setdefault(where, []).append((keys, binding.description))
        return sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static("[b]Keys[/b]  [dim]escape closes[/dim]", classes="dialog-title")
            for where in sorted(self.sections, key=self._order):
                rows = "\n".join(
                    f"  [b]{escape(f'{keys:>10}')}[/b]  {escape(what)}"
                    for keys, what in self.sections[where]
                )
                yield Static(f"[b $accent]{where}[/]\n{rows}", classes="help-section")

    @staticmethod
    def _order(where: str) -> int:
        return {"This screen": 0, "Everywhere": 2}.get(where, 1)
