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
from mentorjournal.services.review import PROMPTS, WeekReview
from mentorjournal.services.steps import STEP_TITLES
from mentorjournal.services.weeks import week_label, week_start
from mentorjournal.widgets.bars import bar, counted
from mentorjournal.widgets.cells import fit, widest
from mentorjournal.widgets.form import Field, FormScreen, text_field
from mentorjournal.widgets.heatmap import Heatmap
from mentorjournal.words import amount, hours

BAR = 14


def _section(title: str, lines: list[Content]) -> Content:
    return Content("\n").join([Content.styled(title, "bold $text-accent"), *lines])


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
        self.this_week = week_start(self.app.today(), self.app.config.first_weekday)
        self.week = self.this_week
        self.data: WeekReview | None = None

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

    def refresh_review(self) -> None:
        now = self.app.now()
        data = self.data = review.review_week(self.week, self.this_week, now)
        goal = self.app.config.weekly_hours_goal
        title = Content.assemble(
            ("Review · ", "bold"), (week_label(self.week, self.this_week), "bold")
        )
        self.query_one("#review-title", Static).update(title)
        kinds = sorted(data.hours.per_kind.items(), key=lambda item: -item[1])
        width = widest([kind for kind, _ in kinds])
        hour_lines = [
            Content.assemble(
                (fit("goal", width + 2), "dim"),
                bar(round(data.hours.done * 2), round(goal * 2), BAR),
                f" {hours(data.hours.done)} of {hours(goal)}",
            )
        ]
        hour_lines += [
            Content.assemble(
                (fit(kind, width + 2), "dim"),
                bar(round(data.done_per_kind.get(kind, 0) * 2), round(planned * 2), BAR),
                f" {hours(data.done_per_kind.get(kind, 0))} of {hours(planned)}",
            )
            for kind, planned in kinds
        ]
        if not kinds:
            hour_lines.append(Content.styled("No blocks this week.", "dim"))
        heading = "Hours invested · done of planned"
        self.query_one("#review-hours", Static).update(_section(heading, hour_lines))
        step_lines = []
        for step, progress in data.steps.items():
            before = data.steps_last_week[step]
            change = progress.weekly_done - before.weekly_done
            trend = (
                ("▲ +" + str(change), "$text-success")
                if change > 0
                else ("▼ " + str(change), "$text-error")
                if change < 0
                else ("= same", "dim")
            )
            step_lines.append(
                Content.assemble(
                    (f"{step} {fit(STEP_TITLES[step], 24)} ", ""),
                    counted(*progress.week_counts, 10),
                    ("  ", ""),
                    trend,
                )
            )
        heading = "The five steps · weekly actions, change since last week"
        self.query_one("#review-steps", Static).update(_section(heading, step_lines))
        people_lines = [
            Content.assemble(
                ("gave ", "dim"),
                (f"{data.gave}", "$text-success"),
                ("  received ", "dim"),
                (f"{data.received}", "$text-accent"),
            ),
            Content(", ".join(data.people) or "nobody this week"),
            Content.styled("Follow-ups due next week", "bold"),
            *(Content(line) for line in data.follow_ups_next_week[:4]),
            Content.styled("Groups attended", "bold"),
            Content(", ".join(data.groups_attended) or "none"),
        ]
        if not data.follow_ups_next_week:
            people_lines.insert(3, Content.styled("none", "dim"))
        self.query_one("#review-people", Static).update(_section("Give and receive", people_lines))
        self.query_one("#review-journal", Static).update(
            _section(
                "Journal",
                [
                    Content(
                        f"{data.days_written} of 7 days written · {amount(data.words, 'word')} · "
                        f"streak {amount(data.streak, 'day')}"
                    )
                ],
            )
        )
        last_day = min(self.week + timedelta(6), self.app.today())
        self.query_one(Heatmap).show(review.words_per_day(last_day), last_day, review.HEATMAP_WEEKS)
        carry = self.query_one("#carry", SelectionList)
        carry.clear_options()
        for action in data.open_actions:
            carry.add_option(
                (f"action · step {action.step} · {action.text}", f"action-{action.id}")
            )
        for index, block in enumerate(data.unfinished_blocks):
            label = f"block · {block.start:%a %H:%M} · {block.title} ({block.kind})"
            carry.add_option((label, f"block-{index}"))
        count = carry.option_count
        if count:
            carry.highlighted = 0
        self.query_one("#carry-title", Static).update(
            _section(
                "Carry over into next week",
                [
                    Content.styled(
                        "space chooses, c copies the chosen into next week · w writes the review"
                        if count
                        else "Nothing unfinished: a clean week.",
                        "dim",
                    )
                ],
            )
        )

    # Actions

    def action_carry_over(self) -> None:
        chosen = self.query_one("#carry", SelectionList).selected
        if not chosen or self.data is None:
            self.notify("Choose what to carry over with space first.")
            return
        actions = [
            int(value.removeprefix("action-")) for value in chosen if value.startswith("action-")
        ]
        picked = [
            self.data.unfinished_blocks[int(value.removeprefix("block-"))]
            for value in chosen
            if value.startswith("block-")
        ]
        next_week = self.week + timedelta(7)
        self.app.write(
            partial(review.carry_over, actions, picked, next_week),
            lambda count: self._carried(count, next_week),
        )

    def _carried(self, count: int, next_week: date) -> None:
        self.notify(f"Carried {amount(count, 'item')} into the week of {next_week:%d %b}.")
        self.query_one("#carry", SelectionList).deselect_all()

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
