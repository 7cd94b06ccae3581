"""Option lists that move with j/k too, and one that loads its rows a page at a time."""

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList


class KeyList(OptionList):
    """An OptionList with j and k beside the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]


class PagedList(KeyList):
    """Asks for the next page when the cursor nears the last loaded row.

    Lists never hold every row: the owner adds a page on NeedMore and says whether
    there are more with `has_more`.
    """

    NEAR_END = 20

    class NeedMore(Message):
        def __init__(self, paged: "PagedList") -> None:
            super().__init__()
            self.paged = paged

        @property
        def control(self) -> "PagedList":
            return self.paged

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.has_more = False

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        near_end = highlighted is not None and highlighted >= self.option_count - self.NEAR_END
        if near_end and self.has_more:
            self.has_more = False
            self.post_message(self.NeedMore(self))
