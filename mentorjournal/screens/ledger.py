"""The Ledger screen: what you gave and received, follow-ups due, and the balance per person."""

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mentorjournal.screens.base import AppScreen, shared_keys
from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.ledger_form import LedgerForm
from mentorjournal.services import ValidationError, ledger
from mentorjournal.services.ledger import FILTER_LENGTH, PAGE, FollowedUp, Row
from mentorjournal.services.removal import Removed
from mentorjournal.widgets.cells import fit
from mentorjournal.widgets.debounce import Debounce
from mentorjournal.widgets.lists import KeyList, PagedList
from mentorjournal.words import agree, amount

FOLLOW_UPS_SHOWN = 4
FOLLOW_UPS_PAGE = 25  # more than PagedList.NEAR_END; the list shows FOLLOW_UPS_SHOWN
BALANCES_PAGE = 40


def _entry_line(row: Row, today: date) -> Content:
    arrow = ("→ gave ", "$text-success") if row.direction == "give" else ("← got  ", "$text-accent")
    parts: list = [
        (f"{row.day:%d %b %Y}  ", "dim"),
        arrow,
        (f" {fit(row.person, 18)} ", "bold"),
        (f"{row.kind:<13}", "dim"),
    ]
    # the follow-up before the note, so that a narrow terminal cuts the note, not the date
    if row.follow_up and not row.followed_up:
        late = row.follow_up < today
        parts.append(
            (f"follow up {row.follow_up:%d %b}  ", "$text-error" if late else "$text-warning")
        )
    elif row.followed_up:
        parts.append((f"followed up {row.followed_up:%d %b}  ", "dim"))
    parts.append(row.note or row.describe())
    if row.kind == "introduction" and row.other_person and row.note:
        parts.append((f"  ({row.describe()})", "dim"))
    return Content.assemble(*parts)


def _entry_option(row: Row, today: date) -> Option:
    return Option(_entry_line(row, today), id=str(row.id))


def _balance_option(balance: ledger.Balance) -> Option:
    line = Content.assemble(
        fit(balance.person, 20) + " ",
        (f"{balance.given:>3}", "$text-success"),
        " / ",
        (f"{balance.received:<3}", "$text-accent"),
    )
    return Option(line, id=balance.person)


def _follow_up_said(row: Row, done: FollowedUp) -> str:
    """What marking the follow-up done did, in words."""
    said = ["Follow-up done"]
    if done.report_id is not None:
        said.append(f"your report-back to {row.person} is recorded as given")
    if done.action_id is not None:
        said.append("its step-5 action is ticked")
    return "; ".join(said)


class LedgerScreen(AppScreen):
    """Give and receive, newest first; follow-ups due on top."""

    MODE = "ledger"
    CSS_PATH = "ledger.tcss"
    BINDINGS = [
        Binding("g", "new('give')", "Give", id="ledger.give"),
        Binding("r", "new('receive')", "Receive", id="ledger.receive"),
        *shared_keys("new", "edit", "delete", "undo", hide=["new"]),
        Binding("f", "follow_up", "Follow-up done", id="ledger.follow-up"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("escape", "leave_filter", "Leave filter", show=False, id="leave-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.narrow = ledger.Filter()
        self._typing = Debounce(self, self._filter)

    def compose_body(self) -> Iterable[Widget]:
        yield Label("Follow-ups due", classes="panel-title")
        yield PagedList(id="follow-ups")
        yield Input(
            placeholder="/ filter: a name or word, give or receive, a kind, 2026-01-01..2026-03-31",
            max_length=FILTER_LENGTH,
            id="ledger-filter",
            compact=True,
        )
        with Horizontal(id="ledger-body"):
            with Vertical(id="ledger-main"):
                yield Static(id="ledger-count")
                yield PagedList(id="ledger-entries")
            with Vertical(id="balance-pane"):
                yield Label("Balance · given / received", classes="panel-title")
                yield PagedList(id="balances")

    def on_mount(self) -> None:
        self.refresh_all()
        self.query_one("#ledger-entries", PagedList).focus()

    def reload(self) -> None:
        self.refresh_all()

    def refresh_all(self, keep: int | None = None) -> None:
        follow_ups = self.query_one("#follow-ups", PagedList)
        due = self._reload(follow_ups)
        if due and follow_ups.highlighted is None:
            follow_ups.highlighted = 0
        if not due:
            follow_ups.add_option(
                Option(Content.styled("Nothing promised: all caught up.", "dim"), disabled=True)
            )
        follow_ups.styles.height = min(max(len(due), 1), FOLLOW_UPS_SHOWN)
        # the balance per person counts the whole ledger: it fills in after the frame
        self.call_after_refresh(self._reload, self.query_one("#balances", PagedList))
        self.refresh_entries(keep)
        self.drawn()

    def _pages(self, paged: PagedList) -> tuple[Callable[[int, int], list], Callable, int]:
        """How the list `paged` reads a page (offset, limit), makes an option, and its page."""
        today = self.app.today()
        if paged.id == "follow-ups":
            return ledger.follow_ups_due, partial(_entry_option, today=today), FOLLOW_UPS_PAGE
        if paged.id == "balances":
            return ledger.balances, _balance_option, BALANCES_PAGE
        return partial(ledger.entries, self.narrow), partial(_entry_option, today=today), PAGE

    def _reload(self, paged: PagedList) -> list:
        """The list read again from the start, as many rows as it held (at least a
        page), the cursor kept on its option."""
        fetch, option, page = self._pages(paged)
        loaded = max(page, paged.option_count)
        rows = fetch(0, loaded)
        with paged.keeping_cursor():
            paged.clear_options()
            paged.add_options(option(row) for row in rows)
        paged.has_more = len(rows) == loaded
        return rows

    def refresh_entries(self, keep: int | None = None) -> None:
        entries_list = self.query_one("#ledger-entries", PagedList)
        current = entries_list.highlighted_option
        keep_id = str(keep) if keep else current.id if current else None
        total = ledger.count(self.narrow)
        loaded = max(PAGE, entries_list.option_count)
        rows = ledger.entries(self.narrow, limit=loaded)
        entries_list.clear_options()
        entries_list.add_options(_entry_option(row, self.app.today()) for row in rows)
        entries_list.has_more = len(rows) < total
        ids = [row.id for row in rows]
        if keep_id and keep_id.isdigit() and int(keep_id) in ids:
            entries_list.highlighted = ids.index(int(keep_id))
        elif rows:
            entries_list.highlighted = 0
        self.query_one("#ledger-count", Static).update(
            Content.styled(
                amount(total, "entry")
                + (
                    f" {agree(total, 'matches', 'match')} the filter"
                    if self.query_one("#ledger-filter", Input).value.strip()
                    else ""
                ),
                "dim",
            )
        )

    @on(PagedList.NeedMore)
    def _more(self, event: PagedList.NeedMore) -> None:
        """The next page of the list whose cursor nears its last loaded row."""
        fetch, option, page = self._pages(event.paged)
        rows = fetch(event.paged.option_count, page)
        event.paged.add_options(option(row) for row in rows)
        event.paged.has_more = len(rows) == page

    # Filtering

    def on_input_changed(self) -> None:
        self._typing.poke()

    def _filter(self) -> None:
        """Narrow the list; a filter that cannot be understood says why, in words, and
        the list stays as it was."""
        try:
            self.narrow = ledger.parse_filter(self.query_one("#ledger-filter", Input).value)
        except ValidationError as error:
            message = Content.styled(f"filter: {error.message}", "$text-error")
            self.query_one("#ledger-count", Static).update(message)
            return
        self.refresh_entries()

    def on_input_submitted(self) -> None:
        self._typing.now()
        self.query_one("#ledger-entries", PagedList).focus()

    def action_filter(self) -> None:
        self.query_one("#ledger-filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one("#ledger-entries", PagedList).focus()

    @on(OptionList.OptionSelected, "#balances")
    def _filter_by_person(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#ledger-filter", Input).value = event.option.id or ""
        self.query_one("#ledger-entries", PagedList).focus()

    @on(OptionList.OptionSelected, "#ledger-entries, #follow-ups")
    def _open(self) -> None:
        self.action_edit()

    # The entry under the cursor (in the list or among the follow-ups)

    def _selected(self) -> Row | None:
        focused = self.focused
        source = focused if isinstance(focused, KeyList) and focused.id != "balances" else None
        source = source or self.query_one("#ledger-entries", PagedList)
        option = source.highlighted_option
        return ledger.get(int(option.id)) if option and option.id and option.id.isdigit() else None

    def action_new(self, direction: str = "give") -> None:
        self.app.push_screen(LedgerForm(self.app.today(), direction), self._added)

    def _added(self, entry_id: int | None) -> None:
        if entry_id is None:
            return
        self.refresh_all(keep=entry_id)
        row = ledger.get(entry_id)
        if row.direction == "receive" and row.kind == "advice":
            question = Content(
                f"Add a step-5 action: act on this advice and report back to {row.person}?"
            )
            answers = [("y", "Add the action", "yes"), ("n", "Not now", "no")]
            self.app.push_screen(
                ChoiceScreen(question, answers), lambda answer: self._act_on(entry_id, answer)
            )

    def _act_on(self, entry_id: int, answer: str | None) -> None:
        if answer == "yes":
            self.app.write(
                partial(ledger.act_on_advice, entry_id, self.app.today()),
                lambda _: self.notify("Added to the checklist, step 5."),
            )

    def action_edit(self) -> None:
        row = self._selected()
        if row is None:
            self.notify("No entry here: g records something given, r something received.")
            return
        self.app.push_screen(LedgerForm(self.app.today(), row=row), self._edited)

    def _edited(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.refresh_all(keep=entry_id)

    def action_delete(self) -> None:
        row = self._selected()
        if row is None:
            return
        self.app.write(
            partial(ledger.delete, row.id), lambda deleted: self._was_deleted(row, deleted)
        )

    def _was_deleted(self, row: Row, deleted: Removed) -> None:
        self.refresh_all()
        self.offer_undo(
            f"Deleted “{row.describe()}”",
            partial(ledger.restore, deleted),
            lambda: self.refresh_all(keep=deleted.row["id"]),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_filter":
            return isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_follow_up(self) -> None:
        row = self._selected()
        if row is not None and row.followed_up:
            self.notify(f"Already followed up on {row.followed_up:%d %b}.")
            return
        if row is None or not row.follow_up:
            self.notify("Put the cursor on an entry with a follow-up due.")
            return
        now = self.app.now()
        self.app.write(
            partial(ledger.mark_followed_up, row.id, now, self.week_of(now.date())),
            lambda done: self._followed_up(row, done),
        )

    def _followed_up(self, row: Row, done: FollowedUp | None) -> None:
        if done is None:  # another window was quicker
            self.refresh_all(keep=row.id)
            return
        self.offer_undo(
            _follow_up_said(row, done),
            partial(ledger.undo_follow_up, done),
            lambda: self.refresh_all(keep=done.entry_id),
            "Follow-up marked not done again.",
        )
