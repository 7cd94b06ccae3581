"""The Checklist screen: the five steps, their actions, notes and progress, week by week."""

from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from mentorjournal.screens.action_form import ActionForm
from mentorjournal.screens.base import AppScreen, shared_keys
from mentorjournal.screens.entry_picker import EntryPickerScreen
from mentorjournal.screens.note_history import NoteHistoryScreen
from mentorjournal.services import checklist, entries, steps
from mentorjournal.services.checklist import ActionData, Progress
from mentorjournal.services.removal import Removed
from mentorjournal.services.steps import STEP_EXPLANATIONS, STEP_TITLES, STEP_TOPICS
from mentorjournal.services.weeks import week_label
from mentorjournal.widgets.bars import counted
from mentorjournal.widgets.lists import KeyList
from mentorjournal.widgets.step_notes import StepNotes
from mentorjournal.words import amount

PANEL_BAR = 14


class ActionList(KeyList):
    """Step headings with their actions under them."""


def _heading(step: int, progress: Progress, entry_count: int) -> Content:
    details = [
        Content.styled("   this week ", "dim"),
        counted(*progress.week_counts),
        Content.styled("   all time ", "dim"),
        counted(*progress.all_time_counts),
    ]
    if progress.streak:
        details.append(Content.styled(f"   streak {progress.streak} wk", "$text-success"))
    if entry_count:
        details.append(Content.styled(f"   {amount(entry_count, 'journal entry')}", "dim"))
    title = Content.assemble((f"{step}  ", "bold $text-accent"), (STEP_TITLES[step], "bold"))
    return Content("\n").join([title, Content.assemble(*details)])


def _action_line(action: ActionData) -> Content:
    box = ("   ☑ ", "$text-success") if action.done else ("   ☐ ", "")
    parts: list[str | tuple[str, str]] = [box, (action.text, "dim strike" if action.done else "")]
    if action.cadence == "weekly":
        parts.append(("  weekly", "$text-secondary"))
    if action.done and action.cadence == "once" and action.done_on:
        parts.append((f"  done {action.done_on:%d %b %Y}", "dim"))
    return Content.assemble(*parts)


class ChecklistScreen(AppScreen):
    """The method made visible, one week at a time."""

    MODE = "checklist"
    CSS_PATH = "checklist.tcss"
    BINDINGS = [
        Binding("escape", "leave_field", "Leave field", id="leave-field"),
        Binding("space", "toggle", "Done", id="checklist.toggle"),
        *shared_keys("new", "edit", "delete", "undo", "periods"),
        Binding("J", "move(1)", "Move down", key_display="J", show=False, id="checklist.down"),
        Binding("K", "move(-1)", "Move up", key_display="K", show=False, id="checklist.up"),
        Binding("a", "archive", "Archive", show=False, id="checklist.archive"),
        Binding("o", "open_entries", "Entries", show=False, id="checklist.entries"),
        Binding("v", "versions", "Note history", show=False, id="checklist.versions"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.step = 1
        self.actions: dict[int, list[ActionData]] = {}

    def compose_body(self) -> Iterable[Widget]:
        with Horizontal(id="checklist-header"):
            yield Static(id="week-label")
            yield Static(id="overall")
        with Horizontal(id="checklist"):
            yield ActionList(id="actions")
            with VerticalScroll(id="step-panel"):
                yield Static(id="step-title")
                yield Static(id="step-explanation")
                yield Static(id="step-progress")
                yield StepNotes(self.app.now, id="step-notes")

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(ActionList).focus()

    def on_screen_suspend(self) -> None:
        self.query_one(StepNotes).save_now()

    def restore_draft(self, data: dict, replaces: str) -> None:
        """Show the step whose notes a draft holds, with its text (see `recovery`)."""
        self.step = data["step"]
        self.refresh_rows(keep=f"step-{self.step}")
        if self.query_one(StepNotes).step == self.step:
            self.query_one(StepNotes).restore(data["notes"], replaces)

    def reload(self) -> None:
        self.refresh_rows()

    # Drawing

    def refresh_rows(self, keep: str | None = None) -> None:
        """Redraw the list for the week on show, keeping the cursor on `keep` (an option id)."""
        action_list = self.query_one(ActionList)
        current = action_list.highlighted_option
        keep = keep or (current.id if current else None)
        self.actions = checklist.actions_in_week(self.week)
        progress = checklist.progress_in_week(self.week, self.this_week, self.actions)
        written = entries.step_counts(self.week, self.week + timedelta(7))
        action_list.clear_options()
        for step, actions in self.actions.items():
            action_list.add_option(
                Option(_heading(step, progress[step], written.get(step, 0)), id=f"step-{step}")
            )
            action_list.add_options(Option(_action_line(a), id=f"action-{a.id}") for a in actions)
            if not actions:
                hint = Content.styled("   no actions yet: n adds one", "dim italic")
                action_list.add_option(Option(hint, id=f"empty-{step}", disabled=True))
        ids = [action_list.get_option_at_index(i).id for i in range(action_list.option_count)]
        action_list.highlighted = ids.index(keep) if keep in ids else 0
        overall = sum(progress.values(), Progress())
        self.query_one("#week-label", Static).update(
            Content.styled(week_label(self.week, self.this_week), "bold")
        )
        self.query_one("#overall", Static).update(
            Content.assemble(
                ("all steps · weekly ", "dim"),
                counted(*overall.week_counts),
                ("   all time ", "dim"),
                counted(*overall.all_time_counts),
            )
        )
        self._show_step(self.step, progress[self.step], written.get(self.step, 0))
        self.drawn()

    def _show_step(self, step: int, progress: Progress, entry_count: int) -> None:
        self.step = step
        self.query_one("#step-title", Static).update(
            Content.styled(f"Step {step} · {STEP_TITLES[step]}", "bold $text-accent")
        )
        self.query_one("#step-explanation", Static).update(STEP_EXPLANATIONS[step])
        weeks = amount(progress.streak, "week")
        written = amount(entry_count, "entry")
        lines = [
            Content.assemble(("This week ", "dim"), counted(*progress.week_counts, PANEL_BAR)),
            Content.assemble(("All time  ", "dim"), counted(*progress.all_time_counts, PANEL_BAR)),
            Content.assemble(("Streak    ", "dim"), f"{weeks} all done"),
            Content.assemble(
                ("Journal   ", "dim"),
                f"{written} this week",
                (" · o opens" if entry_count else "", "dim"),
            ),
        ]
        self.query_one("#step-progress", Static).update(Content("\n").join(lines))
        self.query_one(StepNotes).show(step)

    # Where the cursor is

    def _selected(self) -> tuple[int, ActionData | None]:
        """The step under the cursor, and the action if the cursor is on one."""
        option = self.query_one(ActionList).highlighted_option
        if option is None or not option.id:
            return self.step, None
        kind, _, number = option.id.partition("-")
        if kind == "action":
            action = next(
                a for actions in self.actions.values() for a in actions if a.id == int(number)
            )
            return action.step, action
        return int(number), None

    @on(OptionList.OptionHighlighted, "#actions")
    def _moved(self) -> None:
        step, _action = self._selected()
        if step != self.step:
            progress = checklist.progress_in_week(self.week, self.this_week)[step]
            written = entries.step_counts(self.week, self.week + timedelta(7)).get(step, 0)
            self._show_step(step, progress, written)

    @on(OptionList.OptionSelected, "#actions")
    def _chosen(self) -> None:
        self.action_edit()

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":
            return isinstance(self.focused, TextArea)
        return super().check_action(action, parameters)

    def action_leave_field(self) -> None:
        self.query_one(ActionList).focus()

    def action_toggle(self) -> None:
        _step, action = self._selected()
        if action is None:
            self.notify("Put the cursor on an action to tick it.")
            return
        toggle = partial(checklist.toggle_action, action.id, self.week, self.app.now())
        self.app.write(toggle, lambda _done: self.refresh_rows())

    def action_new(self) -> None:
        step, _action = self._selected()
        self.app.push_screen(ActionForm(step, self.app.today()), self._saved)

    def action_edit(self) -> None:
        step, action = self._selected()
        if action is None:
            self.query_one(StepNotes).first_field().focus()
            return
        self.app.push_screen(ActionForm(step, self.app.today(), action), self._saved)

    def _saved(self, action_id: int | None) -> None:
        if action_id is not None:
            self.refresh_rows(keep=f"action-{action_id}")

    def action_delete(self) -> None:
        _step, action = self._selected()
        if action is None:
            self.notify("Steps are fixed; only actions can be deleted.", severity="warning")
            return
        self.app.write(
            partial(checklist.delete_action, action.id), partial(self._was_deleted, action)
        )

    def _was_deleted(self, action: ActionData, deleted: Removed) -> None:
        self.refresh_rows()
        self.offer_undo(
            f"Deleted “{action.text}”",
            partial(checklist.restore_action, deleted),
            lambda: self.refresh_rows(keep=f"action-{deleted.row['id']}"),
        )

    def action_move(self, delta: int) -> None:
        _step, action = self._selected()
        if action is not None:
            self.app.write(
                partial(checklist.move_action, action.id, delta, self.week),
                lambda moved: moved and self.refresh_rows(keep=f"action-{action.id}"),
            )

    def action_archive(self) -> None:
        _step, action = self._selected()
        if action is None:
            return
        self.app.write(
            partial(checklist.archive_action, action.id, self.app.today()),
            lambda _: self._archived(action),
        )

    def _archived(self, action: ActionData) -> None:
        self.refresh_rows()
        self.notify(
            f"Archived “{action.text}”: hidden from now on, kept in earlier weeks.", markup=False
        )

    def action_step(self, delta: int) -> None:
        self.week += timedelta(7 * delta)
        self.refresh_rows()

    def action_today(self) -> None:
        self.week = self.this_week
        self.refresh_rows()

    def action_open_entries(self) -> None:
        step, _action = self._selected()
        found = entries.entries_for_step(step, self.week, self.week + timedelta(7))
        if not found:
            self.notify(f"No journal entries for step {step} in this week.")
            return
        title = f"Step {step} in the {week_label(self.week, self.this_week)}"
        self.app.push_screen(EntryPickerScreen(title, found), self._open_entry)

    def _open_entry(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.app.open_entry(entry_id)

    def action_versions(self) -> None:
        self.query_one(StepNotes).save_now()
        versions = [
            (label, version)
            for topic, label in STEP_TOPICS[self.step]
            for version in steps.note_history(self.step, topic)
        ]
        versions.sort(key=lambda item: item[1].day, reverse=True)
        title = f"Step {self.step} · {STEP_TITLES[self.step]}"
        self.app.push_screen(NoteHistoryScreen(title, versions))
