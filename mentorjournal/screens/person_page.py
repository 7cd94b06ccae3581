"""A person's page: details, what you gave and received, meetings, journal mentions."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mentorjournal.services import blocks, ledger, people, search
from mentorjournal.services.people import PersonForm
from mentorjournal.words import amount

EDIT = -1


def _section(title: str, lines: list[Content], empty: str) -> Static:
    heading = Content.styled(title, "bold $text-accent")
    body = lines or [Content.styled(empty, "dim")]
    return Static(Content("\n").join([heading, *body]), classes="page-section")


def _facts(person: PersonForm) -> str:
    """Stage, role, how you met and how often to keep in touch, in one line."""
    facts = [f"{person.stage}"]
    if person.role or person.organisation:
        facts.append(" at ".join(part for part in (person.role, person.organisation) if part))
    if person.met_on or person.met_how:
        facts.append(f"met {person.met_on or ''} {person.met_how}".strip())
    if person.touch_every_days:
        facts.append(f"keep in touch every {amount(person.touch_every_days, 'day')}")
    return " · ".join(facts)


class PersonPage(ModalScreen[int | None]):
    """Returns an entry id to open in the journal, EDIT to edit the person, or None."""

    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "Close", id="dialog.close"),
        Binding("e", "dismiss(-1)", "Edit", id="edit"),
    ]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        person = people.get_person(self.person_id)
        with VerticalScroll(classes="dialog", id="person-page"):
            yield Static(Content.styled(person.name, "bold"))
            yield Static(Content(_facts(person)), classes="page-facts")
            if person.notes:
                yield Static(Content(person.notes), classes="page-facts")
            through, by = ledger.introductions_of(self.person_id)
            lines = [Content(f"introduced you to {name}") for name in through]
            lines += [Content(f"you met them through {name}") for name in by]
            yield _section("Who you know through whom", lines, "No introductions recorded.")
            rows = ledger.person_entries(self.person_id)
            yield _section(
                f"Ledger ({sum(r.direction == 'give' for r in rows)} given, "
                f"{sum(r.direction == 'receive' for r in rows)} received)",
                [
                    Content.assemble(
                        (f"{r.day:%d %b %Y}  ", "dim"), r.describe(), (f"  {r.note}", "dim")
                    )
                    for r in rows[:30]
                ],
                "Nothing given or received yet.",
            )
            meetings = blocks.person_blocks(self.person_id)
            yield _section(
                "Meetings",
                [
                    Content.assemble(
                        (f"{m.start:%d %b %Y %H:%M}  ", "dim"), m.title, (f"  {m.status}", "dim")
                    )
                    for m in meetings
                ],
                "No meetings planned.",
            )
            hits, total = search.search_entries(f'"{person.name}"', limit=20)
            yield Static(
                Content.styled(
                    f"Journal entries that mention them ({total}) · enter opens",
                    "bold $text-accent",
                )
            )
            yield OptionList(
                *(
                    Option(
                        Content.assemble((f"{hit.day:%d %b %Y}  ", "dim"), hit.title),
                        id=str(hit.entry_id),
                    )
                    for hit in hits
                ),
                id="mentions",
            )
            yield Static(Content.styled("e edit · escape close", "dim"))

    @on(OptionList.OptionSelected, "#mentions")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
