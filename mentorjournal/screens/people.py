"""The People & groups screen: relationships on the left, professional groups on the right."""

from collections.abc import Iterable
from functools import partial

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mentorjournal.screens.base import AppScreen, shared_keys
from mentorjournal.screens.choice import ChoiceScreen
from mentorjournal.screens.people_forms import GroupFormScreen, PersonFormScreen
from mentorjournal.screens.person_page import EDIT, PersonPage
from mentorjournal.services import groups, people
from mentorjournal.services.groups import GroupRow
from mentorjournal.services.people import SORTS, PersonRow
from mentorjournal.services.removal import Removed
from mentorjournal.widgets.cells import fit
from mentorjournal.widgets.debounce import Debounce
from mentorjournal.widgets.lists import KeyList
from mentorjournal.words import amount

STAGE_STYLES = {"mentor": "bold $text-success", "mentee": "$text-accent", "ally": "$text-primary"}


def _person_line(row: PersonRow) -> Content:
    stage = row.details.stage
    parts: list = [
        (fit(row.name, 20) + " ", "bold"),
        (f"{stage:<13}", STAGE_STYLES.get(stage, "dim")),
        (f"{row.last_contact:%d %b %y}" if row.last_contact else "never    ", "dim"),
        (f"{row.given:>4}↑", "$text-success"),
        (f"{row.received:>3}↓", "$text-accent"),
    ]
    if row.overdue_days is not None and row.overdue_days > 0:
        parts.append((f"  {row.overdue_days}d late", "$text-warning"))
    return Content.assemble(*parts)


def _group_line(row: GroupRow) -> Content:
    group = row.details
    stars = "★" * (group.rating or 0) + "☆" * (5 - (group.rating or 0))
    details: list = [
        ("  ", ""),
        (f"{group.status:<10}", "dim"),
        (stars, "$text-warning"),
        (f"  {amount(row.attended, 'meeting')}", "dim"),
    ]
    if row.consider_dropping:
        details.append(("  consider dropping", "$text-error"))
    name = Content.styled(row.name, "bold" if group.status == "committed" else "")
    return Content("\n").join([name, Content.assemble(*details)])


class PeopleScreen(AppScreen):
    """People you learn from and help; groups you try, keep or drop."""

    MODE = "people"
    CSS_PATH = "people.tcss"
    BINDINGS = [
        *shared_keys("new", "edit", "delete", "undo"),
        Binding("s", "sort", "Sort", id="people.sort"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("escape", "leave_filter", "Leave filter", show=False, id="leave-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort = SORTS[0]
        self._typing = Debounce(self, self.refresh_people)

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="people-body"):
            with Vertical(id="people-pane"):
                yield Input(
                    placeholder="/ filter people: name, organisation, role or stage",
                    id="people-filter",
                    compact=True,
                )
                yield Static(id="people-sort")
                yield KeyList(id="people")
            with Vertical(id="groups-pane"):
                yield Static(id="funnel")
                yield KeyList(id="groups")

    def on_mount(self) -> None:
        self.refresh_people()
        self.refresh_groups()
        self.query_one("#people", KeyList).focus()

    # Drawing

    def reload(self) -> None:
        self.refresh_people()
        self.refresh_groups()

    def refresh_people(self, keep: int | None = None) -> None:
        text = self.query_one("#people-filter", Input).value
        rows = people.people(self.app.now(), self.sort, text)
        listed = self.query_one("#people", KeyList)
        current = listed.highlighted_option
        keep_id = str(keep) if keep else current.id if current else None
        listed.clear_options()
        listed.add_options(Option(_person_line(row), id=str(row.id)) for row in rows)
        if not rows:
            hint = "Nobody matches." if text.strip() else "Nobody yet: n adds a person."
            listed.add_option(Option(Content.styled(hint, "dim"), disabled=True))
        ids = [str(row.id) for row in rows]
        listed.highlighted = ids.index(keep_id) if keep_id in ids else 0 if rows else None
        self.query_one("#people-sort", Static).update(
            Content.styled(
                f"{amount(len(rows), 'person')}, by {self.sort} "
                "(s sorts) · last contact · given↑ received↓",
                "dim",
            )
        )

    def refresh_groups(self, keep: int | None = None) -> None:
        rows = groups.groups(self.app.today())
        funnel = groups.funnel()
        self.query_one("#funnel", Static).update(
            Content.assemble(
                ("Groups  ", "bold $text-accent"),
                f"{funnel.tried} tried → {funnel.kept} kept, {funnel.dropped} dropped",
            )
        )
        listed = self.query_one("#groups", KeyList)
        with listed.keeping_cursor(None if keep is None else str(keep)):
            listed.clear_options()
            listed.add_options(Option(_group_line(row), id=str(row.id)) for row in rows)
            if not rows:
                listed.add_option(
                    Option(Content.styled("No groups yet: n adds one here.", "dim"), disabled=True)
                )

    # Which pane, which row

    def _pane(self) -> str:
        return "groups" if self.focused is self.query_one("#groups") else "people"

    def _selected(self, pane: str) -> int | None:
        option = self.query_one(f"#{pane}", KeyList).highlighted_option
        return int(option.id) if option and option.id else None

    # Actions

    def action_new(self) -> None:
        if self._pane() == "groups":
            self.app.push_screen(GroupFormScreen(), lambda gid: gid and self.refresh_groups(gid))
        else:
            self.app.push_screen(PersonFormScreen(self.app.now()), self._person_saved)

    def _person_saved(self, person_id: int | None) -> None:
        if person_id is not None:
            self.refresh_people(keep=person_id)

    def action_open(self) -> None:
        if self._pane() == "groups":
            self.action_edit()
            return
        person_id = self._selected("people")
        if person_id is not None:
            self.app.push_screen(
                PersonPage(person_id), lambda result: self._from_page(person_id, result)
            )

    def _from_page(self, person_id: int, result: int | None) -> None:
        if result == EDIT:
            self.app.push_screen(PersonFormScreen(self.app.now(), person_id), self._person_saved)
        elif result is not None:
            self.app.open_entry(result)

    def action_edit(self) -> None:
        if self._pane() == "groups":
            group_id = self._selected("groups")
            row = next((r for r in groups.groups(self.app.today()) if r.id == group_id), None)
            if row is not None:
                self.app.push_screen(
                    GroupFormScreen(row.id, row.details),
                    lambda gid: gid and self.refresh_groups(gid),
                )
            return
        person_id = self._selected("people")
        if person_id is not None:
            self.app.push_screen(PersonFormScreen(self.app.now(), person_id), self._person_saved)

    def action_delete(self) -> None:
        if self._pane() == "groups":
            group_id = self._selected("groups")
            if group_id is not None:
                self.app.write(partial(groups.delete_group, group_id), self._group_deleted)
            return
        person_id = self._selected("people")
        if person_id is None:
            return
        name, count = people.get_person(person_id).name, people.ledger_count(person_id)
        goes = f" and their {amount(count, 'ledger entry')}" if count else ""
        question = Content(
            f"Delete {name}{goes}? Their meetings stay, without a person. This cannot be undone."
        )
        answers = [("n", "Keep", "no"), ("y", "Delete", "yes")]
        self.app.push_screen(
            ChoiceScreen(question, answers), lambda answer: self._delete_person(person_id, answer)
        )

    def _group_deleted(self, deleted: Removed) -> None:
        self.refresh_groups()
        self.offer_undo(
            f"Deleted {deleted.row['name']}",
            partial(groups.restore_group, deleted),
            lambda: self.refresh_groups(keep=deleted.row["id"]),
        )

    def _delete_person(self, person_id: int, answer: str | None) -> None:
        if answer == "yes":
            self.app.write(
                partial(people.delete_person, person_id), lambda _: self.refresh_people()
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_filter":
            return isinstance(self.focused, Input)
        return super().check_action(action, parameters)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refresh_people()

    def action_filter(self) -> None:
        self.query_one("#people-filter", Input).focus()

    def action_leave_filter(self) -> None:
        self.query_one("#people", KeyList).focus()

    def on_input_changed(self) -> None:
        self._typing.poke()

    def on_input_submitted(self) -> None:
        self._typing.now()
        self.action_leave_filter()

    @on(OptionList.OptionSelected, "#people, #groups")
    def _chosen(self) -> None:
        self.action_open()
