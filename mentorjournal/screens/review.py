"""The Review screen: the Friday ritual. The week in numbers and pictures, and what to carry on."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import partial
from typing import Any, Self

from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import SelectionList, Static

from mentorjournal import clock
from mentorjournal.screens.base import AppScreen, shared_keys
from mentorjournal.services import review
from mentorjournal.services.blocks import Shown
from mentorjournal.services.review import PROMPTS, Carry, WeekReview
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.services.weeks import week_label
from mentorjournal.widgets.bars import bar, counted
from mentorjournal.widgets.cells import fit, widest
from mentorjournal.widgets.form import Field, FormScreen, text_field
from mentorjournal.widgets.heatmap import Heatmap
from mentorjournal.words import amount, hours

BAR = 14
FOLLOW_UPS_SHOWN = 4


def _section(title: str, lines: list[Content]) -> Content:
    return Content("\n").join([Content.styled(title, "bold $text-accent"), *lines])


def _hour_line(label: str, width: int, done: float, planned: float) -> Content:
    return Content.assemble(
        (fit(label, width), "dim"),
        bar(round(done * 2), round(planned * 2), BAR),
        f" {hours(done)} of {hours(planned)}",
    )


def _trend(change: int) -> tuple[str, str]:
    if change > 0:
        return f"▲ +{change}", "$text-success"
    if change < 0:
        return f"▼ {change}", "$text-error"
    return "= same", "dim"


def _block_value(block: Shown) -> str:
    """A block's value in the carry list: which block, and which of its occurrences."""
    return f"block-{block.id}-{(block.original_start or block.start).isoformat()}"


def _carry_title(carry: Carry) -> Content:
    if carry.open_actions or carry.unfinished_blocks:
        hint = "space chooses, c copies the chosen into next week · w writes the review"
    elif carry.carried:
        hint = "Everything unfinished is carried over into next week."
    else:
        hint = "Nothing unfinished: a clean week."
    if carry.carried and (carry.open_actions or carry.unfinished_blocks):
        hint += f" · {carry.carried} already carried over"
    return _section("Carry over into next week", [Content.styled(hint, "dim")])


class WrittenReview(FormScreen[int]):
    """Three prompts; saved as a journal entry for the week."""

    draft_kind = draft_mode = "review"

    def __init__(self, week: date, now) -> None:
        super().__init__()
        self.week, self.now = week, now
        self.heading = f"Review of the week of {week:%d %B %Y}"

    def draft_origin(self) -> dict[str, Any]:
        return {"week": self.week.isoformat()}

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        return cls(date.fromisoformat(origin["week"]), clock.now())

    def fields(self) -> Iterable[Field]:
        earlier = review.existing_review(self.week)
        answers = review.answers_of(earlier.body) if earlier else [""] * len(PROMPTS)
        for number, prompt in enumerate(PROMPTS):
            yield text_field(f"prompt-{number}", prompt, answers[number])

    def submit(self) -> int:
        answers = [self.value(f"prompt-{number}") for number in range(len(PROMPTS))]
        return review.write_review(self.week, answers, self.now)


class ReviewScreen(AppScreen):
    """Hours, steps, give and receive, writing; then carry over what is unfinished."""

    MODE = "review"
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("c", "carry_over", "Carry over", id="review.carry-over"),
        Binding("w", "write", "Write review", id="review.write"),
        *shared_keys("periods"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data: WeekReview | None = None
        self.blocks_offered: dict[str, Shown] = {}  # the carry list's values for blocks

    def compose_body(self) -> Iterable[Widget]:
        yield Static(id="review-title")
        with VerticalScroll(id="review"):
            with Horizontal(id="review-top"):
                yield Static(id="review-hours", classes="review-box")
                yield Static(id="review-steps", classes="review-box")
            with Horizontal(id="review-middle"):
                yield Static(id="review-people", classes="review-box")
                with Vertical(classes="review-box", id="review-journal-box"):
                    yield Static(id="review-journal")
                    yield Heatmap(id="heatmap")
        with Vertical(id="carry-pane"):  # always on screen: what `c` acts on is in view
            yield Static(id="carry-title")
            yield SelectionList[str](id="carry")

    def on_mount(self) -> None:
        self.refresh_review()
        self.query_one("#carry", SelectionList).focus(scroll_visible=False)

    def reload(self) -> None:
        self.refresh_review()

    def refresh_review(self) -> None:
        """Draw the week on show, as the journal is now."""
        data = self.data = review.review_week(self.week, self.this_week, self.app.now())
        title = Content.assemble(
            ("Review · ", "bold"), (week_label(self.week, self.this_week), "bold")
        )
        self.query_one("#review-title", Static).update(title)
        self._show_hours(data)
        self._show_steps(data)
        self._show_people(data)
        self._show_journal(data)
        self._show_carry(data)
        self.drawn()

    def _show_hours(self, data: WeekReview) -> None:
        goal = self.app.config.weekly_hours_goal
        width = widest(["goal", *(kind.kind for kind in data.kinds)]) + 2
        lines = [_hour_line("goal", width, data.hours.done, goal)]
        lines += [_hour_line(kind.kind, width, kind.done, kind.planned) for kind in data.kinds]
        if not data.kinds:
            lines.append(Content.styled("No blocks this week.", "dim"))
        heading = "Hours invested · done of planned"
        self.query_one("#review-hours", Static).update(_section(heading, lines))

    def _show_steps(self, data: WeekReview) -> None:
        lines = [
            Content.assemble(
                (f"{row.step} {fit(STEP_TITLES[row.step], 24)} ", ""),
                counted(*row.progress.week_counts, 10),
                ("  ", ""),
                _trend(row.change),
            )
            for row in data.steps
        ]
        heading = "The five steps · weekly actions, change since last week"
        self.query_one("#review-steps", Static).update(_section(heading, lines))

    def _show_people(self, data: WeekReview) -> None:
        follow_ups = [
            Content(f"{f.due:%a %d %b}: {f.person}, {f.kind} {f.note}".strip())
            for f in data.follow_ups_next_week[:FOLLOW_UPS_SHOWN]
        ]
        groups = ", ".join(f"{g.start:%a} {g.name}" for g in data.groups_attended)
        lines = [
            Content.assemble(
                ("gave ", "dim"),
                (f"{data.gave}", "$text-success"),
                ("  received ", "dim"),
                (f"{data.received}", "$text-accent"),
            ),
            Content(", ".join(data.people) or "nobody this week"),
            Content.styled("Follow-ups due next week", "bold"),
            *(follow_ups or [Content.styled("none", "dim")]),
            Content.styled("Groups attended", "bold"),
            Content(groups or "none"),
        ]
        self.query_one("#review-people", Static).update(_section("Give and receive", lines))

    def _show_journal(self, data: WeekReview) -> None:
        writing = data.writing
        line = (
            f"{writing.days_written} of 7 days written · {amount(writing.words, 'word')} · "
            f"streak {amount(writing.streak, 'day')}"
        )
        self.query_one("#review-journal", Static).update(_section("Journal", [Content(line)]))
        last_day = min(self.week + timedelta(6), self.app.today())
        self.query_one(Heatmap).show(
            review.words_per_day(last_day),
            last_day,
            review.HEATMAP_WEEKS,
            self.app.config.first_weekday,
        )

    def _show_carry(self, data: WeekReview) -> None:
        """The open actions and unfinished blocks, keeping what was chosen and the cursor."""
        carry = self.query_one("#carry", SelectionList)
        chosen = set(carry.selected)
        cursor = carry.highlighted_option.value if carry.highlighted_option else None
        options = [
            (f"action · step {a.step} · {a.text}", f"action-{a.id}")
            for a in data.carry.open_actions
        ]
        self.blocks_offered = {_block_value(b): b for b in data.carry.unfinished_blocks}
        options += [
            (f"block · {b.start:%a %H:%M} · {b.title} ({b.kind})", value)
            for value, b in self.blocks_offered.items()
        ]
        carry.clear_options()
        carry.add_options([(label, value, value in chosen) for label, value in options])
        values = [value for _label, value in options]
        if values:
            carry.highlighted = values.index(cursor) if cursor in values else 0
        self.query_one("#carry-title", Static).update(_carry_title(data.carry))

    # Actions

    def action_carry_over(self) -> None:
        chosen = self.query_one("#carry", SelectionList).selected
        if not chosen or self.data is None:
            self.notify("Choose what to carry over with space first.")
            return
        actions = [int(value.removeprefix("action-")) for value in chosen if "action-" in value]
        picked = [self.blocks_offered[value] for value in chosen if value in self.blocks_offered]
        self.app.write(partial(review.carry_over, actions, picked, self.week), self._carried)

    def _carried(self, count: int) -> None:
        self.query_one("#carry", SelectionList).deselect_all()
        next_week = self.week + timedelta(7)
        self.notify(f"Carried {amount(count, 'item')} into the week of {next_week:%d %b}.")
        self.refresh_review()

    def action_write(self) -> None:
        self.app.push_screen(WrittenReview(self.week, self.app.now()), self._written)

    def _written(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.notify("Review saved in the journal.")
            self.refresh_review()

    def action_step(self, delta: int) -> None:
        self.week += timedelta(7 * delta)
        self.refresh_review()

    def action_today(self) -> None:
        self.week = self.this_week
        self.refresh_review()
