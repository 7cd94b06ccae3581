"""Search every entry (FTS5): type, see dated snippets, enter opens one."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mentorjournal.services import ValidationError
from mentorjournal.services.search import (
    MARK_END,
    MARK_START,
    QUERY_LENGTH,
    Hit,
    search_entries,
)
from mentorjournal.widgets.debounce import Debounce


def _snippet(text: str) -> Content:
    """The snippet with its matches in bold."""
    parts: list[str | tuple[str, str]] = []
    for index, piece in enumerate(text.replace(MARK_END, MARK_START).split(MARK_START)):
        parts.append((piece, "bold $accent") if index % 2 else piece)
    return Content.assemble(*parts)


def _option(hit: Hit) -> Option:
    heading = Content.assemble((f"{hit.day:%a %d %b %Y}", "bold"), "  ", hit.title or "(untitled)")
    return Option(Content.assemble(heading, "\n", _snippet(hit.snippet)), id=str(hit.entry_id))


class SearchScreen(ModalScreen[int | None]):
    """Returns the id of the entry chosen, or None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("down", "results", "Results", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._typing = Debounce(self, self._search)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search"):
            yield Input(
                placeholder='Search all entries: words, "a phrase", -not',
                max_length=QUERY_LENGTH,
                id="query",
            )
            yield Static("Type to search.", id="search-summary")
            yield OptionList(id="results")

    def on_input_changed(self) -> None:
        self._typing.poke()

    def on_input_submitted(self) -> None:
        self.run_search()
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()

    def run_search(self) -> None:
        self._typing.now()

    def _search(self) -> None:
        text = self.query_one(Input).value
        results = self.query_one(OptionList)
        summary = self.query_one("#search-summary", Static)
        try:
            hits, total = search_entries(text)
        except ValidationError as error:
            results.clear_options()
            summary.update(Content(error.message))
            return
        results.clear_options()
        results.add_options(_option(hit) for hit in hits)
        if hits:
            results.highlighted = 0
        shown = f" (the best {len(hits)} shown)" if total > len(hits) else ""
        matches = "1 entry matches" if total == 1 else f"{total} entries match"
        summary.update(f"{matches}{shown}" if text.strip() else "Type to search.")

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
