"""Option lists that move with j/k too, and one that loads its rows a page at a time."""

from collections.abc import Iterator
from contextlib import contextmanager

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList


class KeyList(OptionList):
    """An OptionList with j and k beside the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    @contextmanager
    def keeping_cursor(self, keep: str | None = None) -> Iterator[None]:
        """Rebuild the options inside: the cursor then goes to the option `keep` (an id),
        else stays on the option it was on, else on the row it was at (if it was on one)."""
        option, index = self.highlighted_option, self.highlighted
        keep = keep or (option.id if option else None)
        yield
        ids = [self.get_option_at_index(i).id for i in range(self.option_count)]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif ids and index is not None:
            self.highlighted = min(index, len(ids) - 1)


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
