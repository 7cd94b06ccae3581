"""The App: six screens, global keys, the command palette, saving on every way out."""

import asyncio
import contextlib
import signal
import threading
import tomllib
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import date, datetime, time
from importlib import import_module
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

if TYPE_CHECKING:
    from mentorjournal.widgets.form import FormScreen

import mentorjournal.clock
from mentorjournal.config import Config, config_path, save_setting
from mentorjournal.screens.base import AppScreen, declared_keys
from mentorjournal.screens.journal import JournalScreen
from mentorjournal.services import StorageError, block_series, journal, zones
from mentorjournal.services.block_series import Shown
from mentorjournal.services.drafts import DraftStore
from mentorjournal.widgets.drafts import DraftKeeper
from mentorjournal.widgets.keys import key_of
from mentorjournal.widgets.nav_bar import NavBar
from mentorjournal.widgets.write_path import WritePath

QUIT_ANYWAY_SECONDS = 5
EXIT_UNUSABLE = 2  # the journal cannot be used (as the command line's exit status)
ENDED_BLOCKS_EVERY = 30  # seconds between looks for blocks that have just ended
LOOK_FOR_CHANGES_EVERY = 1.0  # seconds between looks for other windows' commits and midnight

SCREENS = {
    "journal": ("1", "Journal"),
    "checklist": ("2", "Checklist"),
    "week": ("3", "Week"),
    "ledger": ("4", "Ledger"),
    "people": ("5", "People & groups"),
    "review": ("6", "Review"),
}


def _later(module: str, name: str) -> Callable[[], Screen]:
    """A screen made on first use, its module imported then: start-up stays quick."""

    def make() -> Screen:
        return getattr(import_module(f"mentorjournal.screens.{module}"), name)()

    return make


class JournalChanged(Message):
    """Something was committed to the journal (here, in a worker, or elsewhere)."""


class _Outcome(Message):
    """What a thread of the opening found: nothing wrong (`error` None), or the error."""

    def __init__(self, error: BaseException | None) -> None:
        super().__init__()
        self.error = error


class JournalOpened(_Outcome):
    """The journal opened in a thread can be read."""


class JournalChecked(_Outcome):
    """The open journal's page check is over: it can be written (unless damaged)."""


class MentorJournalApp(WritePath, App[None]):
    """The journal: one screen per key, 1 to 6."""

    CSS_PATH = ["app.tcss", "screens/journal.tcss"]  # the first screen's: parsed once
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    TITLE = "mentorjournal"
    # The Journal is composed and drawn at once, with no data; it is filled once the
    # journal is open. The other screens are imported when first shown.
    DEFAULT_MODE = "journal"
    MODES = {
        "journal": JournalScreen,
        "checklist": _later("checklist", "ChecklistScreen"),
        "week": _later("week", "WeekScreen"),
        "ledger": _later("ledger", "LedgerScreen"),
        "people": _later("people", "PeopleScreen"),
        "review": _later("review", "ReviewScreen"),
    }
    BINDINGS = [
        *(
            Binding(key, f"go('{mode}')", f"Go to {name}", show=False, id=f"go-{mode}")
            for mode, (key, name) in SCREENS.items()
        ),
        Binding("slash", "search", "Search", id="search"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("ctrl+z", "suspend_process", "Suspend", show=False, id="suspend"),
        Binding("R", "reflect", "Reflect on the block that ended", show=False, id="reflect"),
    ]

    def __init__(
        self,
        journal_path: Path,
        config: Config | None = None,
        config_messages: Iterable[str] = (),
        today: date | None = None,
        clock: time | None = None,
        settings_path: Path | None = None,
        locked: bool = False,
        opening: Future[None] | None = None,
    ) -> None:
        """`locked`: the journal is encrypted and not open yet; its passphrase is asked
        first. `opening`: the journal being opened in a thread (see `open_in_background`);
        without it, a journal not open yet is opened so once the app has started."""
        super().__init__()
        self._opening = opening
        self.journal_path = journal_path
        self.locked = locked
        self.config = config or Config()
        self._config_messages = list(config_messages)
        if self.config.timezone:  # else the machine's zone, or what a test set
            zones.set_viewer(self.config.timezone)
        if today or clock:
            mentorjournal.clock.fix(today, clock)
        self._settings_path = settings_path or config_path()
        self._savers: set[Callable[[], bool]] = set()
        self.drafts = DraftStore(journal_path)
        self._draft_keepers: set[DraftKeeper] = set()
        self._asking_to_quit = False
        self._quit_anyway_until = 0.0
        self.closing = False  # a signal is ending the app: save, never ask
        self._checked_blocks_at: datetime | None = None
        self.ended_block: Shown | None = None
        self.keymap: dict[str, str] = {}  # binding id -> keys, from config.toml's [keys]
        self._keymap_messages = self._apply_keymap() if self.config.keys else []
        self.opened = False  # the first screen shows the journal (its check may still run)
        self.ready = False  # checked too: the work that follows (drafts, backup…) started
        self.refused: str | None = None  # why the journal could not be opened
        self._held_keys: list[events.Key | events.Paste] | None = None  # while it opens
        self._after_frame: list[Callable[[], object]] = []
        self.changes = 0  # counts the changes seen; a screen redraws when it is behind
        self._catching_up = False
        self._watch: journal.ChangeWatch | None = None
        self.connection_lost: str | None = None  # why a server journal is out of reach
        self._stop_listening: Callable[[], None] | None = None
        self._day = mentorjournal.clock.today()

    # Time: injectable, so tests and screenshots see a fixed date.

    def today(self) -> date:
        return mentorjournal.clock.today()

    def now(self) -> datetime:
        return mentorjournal.clock.now()

    # Saving: widgets holding unsaved text register a saver.

    def add_saver(self, saver: Callable[[], bool]) -> None:
        """`saver` writes what it holds and returns False if something stayed unsaved."""
        self._savers.add(saver)

    def remove_saver(self, saver: Callable[[], bool]) -> None:
        self._savers.discard(saver)

    def save_all(self) -> bool:
        """Run every saver; True when nothing is left unsaved."""
        results = [saver() for saver in list(self._savers)]
        return all(results)

    # Drafts: what is typed and not yet saved, kept beside the journal.

    def add_draft_keeper(self, keeper: DraftKeeper) -> None:
        self._draft_keepers.add(keeper)

    def remove_draft_keeper(self, keeper: DraftKeeper) -> None:
        self._draft_keepers.discard(keeper)

    def keep_drafts(self) -> None:
        """Write every draft now (the app is closing): nothing typed is lost."""
        for keeper in list(self._draft_keepers):
            keeper.keep_now()

    @work(group="drafts")
    async def _offer_drafts(self) -> None:
        from mentorjournal.screens.recovery import offer_drafts  # its forms: not at start-up

        await offer_drafts(self)

    def on_mount(self) -> None:
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            message = f"config: unknown theme {self.config.theme!r}"
            self.notify(message, severity="warning", markup=False)
        for message in [*self._config_messages, *self._keymap_messages]:
            self.notify(message, severity="warning", timeout=8, markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.app_suspend_signal.subscribe(self, lambda _app: self.save_all())
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(signum, self._exit_on_signal, signum)
        if self.locked:
            from mentorjournal.screens.passphrase import PassphraseScreen

            self.push_screen(PassphraseScreen(self.journal_path), self._unlocked)
        else:
            self._start()

    def _unlocked(self, opened: bool | None) -> None:
        if opened:
            self.locked = False
            self._start()

    def _start(self) -> None:
        """Once the journal is open (in a thread: the command line's, or one started
        now), the first frame is filled from it. Keys typed before that wait, and reach
        it in order."""
        self._held_keys = []
        opening, self._opening = self._opening, None
        if opening is None and journal.is_open():  # (tests open it themselves)
            self.call_after_refresh(self._show_journal)
        else:
            self._when_done(opening or journal.open_in_background(self.journal_path), JournalOpened)

    def _when_done(self, work: Future[None], message: type[_Outcome]) -> None:
        """Post `message` with the outcome of `work` once it is done, from the thread
        that ends it: the app is told, the thread never waits for the app."""
        work.add_done_callback(lambda done: self.post_message(message(done.exception())))

    def on_journal_opened(self, event: JournalOpened) -> None:
        if self._usable(event):
            self.call_after_refresh(self._show_journal)  # the first frame painted first

    def _show_journal(self) -> None:
        """The first screen filled, then the keys typed meanwhile. Its page check may
        still be running: writes wait for it, and the work that writes waits for the
        check and for the frame with the data on screen."""
        self.opened = True
        first = next(s for s in self.screen_stack if isinstance(s, JournalScreen))
        try:
            self._watch = journal.ChangeWatch()  # what others commit from now on is news
            first.show_journal()
        except StorageError as error:  # a server lost since it was opened, or a damaged
            self.refuse(self._damage() or error)  # page read before the check said so
            return
        self.call_after_refresh(self._release_keys)  # once the fill has settled
        self.after_frame(lambda: self._when_done(journal.page_check(), JournalChecked))

    @staticmethod
    def _damage() -> Exception | None:
        """What the page check found wrong, once it is over (None: the pages are fine)."""
        try:
            journal.checked()
        except journal.JournalError as damage:
            return damage
        return None

    def on_journal_checked(self, event: JournalChecked) -> None:
        if self._usable(event):
            journal.finish_opening()
            self._at_work()

    def _usable(self, outcome: _Outcome) -> bool:
        """False when the journal cannot be used (damaged, not a journal, a server that
        refuses…): the app ends before anything was written."""
        if isinstance(outcome.error, journal.JournalError):
            self.refuse(outcome.error)
        elif outcome.error is not None:
            raise outcome.error
        return outcome.error is None

    def refuse(self, error: BaseException) -> None:
        """The journal cannot be used: the app ends, and the command line says why.
        What was typed meanwhile (the check of a damaged file came late) is kept in
        the drafts, beside the journal, never in it."""
        self.refused = str(error)
        if self.opened:
            self.keep_drafts()
        self.exit(return_code=EXIT_UNUSABLE)

    def after_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` after the next display pass (Textual's `post_display_hook`):
        work that can wait until what is already changed has been drawn."""
        self._after_frame.append(callback)

    def post_display_hook(self) -> None:
        callbacks, self._after_frame = self._after_frame, []
        for callback in callbacks:
            self.call_later(callback)

    def _at_work(self) -> None:
        """Drafts offered back, the daily backup, the look for ended blocks and changes."""
        self.ready = True
        self._offer_drafts()
        self._checked_blocks_at = self.now()
        self._daily_backup()
        self._remove_stale_edits()
        self.set_interval(ENDED_BLOCKS_EVERY, lambda: self.check_ended_blocks(self.now()))
        self._listen_for_changes()

    # Change: every commit, here or elsewhere, and midnight, reach the screen on show.

    def _listen_for_changes(self) -> None:
        """Hear this process's commits at once, other processes' within a second.

        Listeners run in the writing thread: `post_message` hands over to the app's
        thread without making the writer wait (`call_from_thread` would block it, and
        hang it while the app closes).
        """
        self._stop_listening = journal.on_change(self._heard_commit)
        self.set_interval(LOOK_FOR_CHANGES_EVERY, self.look_for_changes)

    def _heard_commit(self) -> None:
        """A commit of this process: counted at once when made in the app's thread (so
        that the screen that made it can say it already shows it), else handed over."""
        if threading.get_ident() == self._thread_id:
            self.on_journal_changed()
        else:
            self.post_message(JournalChanged())

    def shown_own_change(self, screen: Screen, before: int) -> None:
        """`screen` was up to date at change `before` and has shown the one change made
        since (its own autosave): no need to redraw it."""
        if isinstance(screen, AppScreen) and self.changes == before + 1:
            screen.drawn(was=before)

    def look_for_changes(self) -> None:
        """Another connection's commit, or a new day, counts as a change."""
        today = self.today()
        new_day, self._day = today != self._day, today
        if new_day or (self._watch is not None and self._watch.changed()):
            self.post_message(JournalChanged())
        lost = self._watch.lost if self._watch is not None else None
        if lost != self.connection_lost:
            self.connection_lost = lost
            for bar in self.screen.query(NavBar):
                bar.show_lost(lost)

    def on_journal_changed(self) -> None:
        """Many changes in a row make one redraw, once the app is idle again."""
        self.changes += 1
        if not self._catching_up:
            self._catching_up = True
            self.call_after_refresh(self._redraw_screen_on_show)

    def _redraw_screen_on_show(self) -> None:
        """The screen on show catches up now; the others when they are shown."""
        self._catching_up = False
        if self._watch is not None:  # a worker's commit, heard already, is not news twice
            self._watch.changed()
        if isinstance(self.screen, AppScreen) and self.connection_lost is None:
            self.screen.catch_up()  # (a lost server's screen catches up once it is back)

    async def on_event(self, event: events.Event) -> None:
        """While the journal opens, keys and pastes wait (they are let through in order
        once its first screen shows it) and clicks do nothing."""
        if self._holds(event):
            self._held_keys.append(event)
        elif self._held_keys is None or not isinstance(event, events.MouseDown):
            await super().on_event(event)

    def _holds(self, event: events.Event) -> bool:
        """Keys and pastes wait while the journal opens; keys that act at once (ctrl+q:
        priority bindings) never wait."""
        if self._held_keys is None:
            return False
        if isinstance(event, events.Key):
            active = self.active_bindings.get(event.key)
            return active is None or not active.binding.priority
        return isinstance(event, events.Paste)

    def _release_keys(self) -> None:
        """The keys typed while the journal opened, handed to the app in the order they
        came, as if typed now (keys that act are handled as fast typing is: a key that
        moves the focus may see the next one land where the focus was)."""
        held, self._held_keys = self._held_keys or [], None
        for event in held:
            self.post_message(event)

    # The user's own keys

    def _apply_keymap(self) -> list[str]:
        """Apply config.toml's [keys] before the first screen is composed (its keys are
        shown as remapped); returns what to tell the user about it."""
        from mentorjournal.screens.keymap import check_keymap, clashes, declared_bindings

        declared = declared_bindings(list(Binding.make_bindings(self.BINDINGS)))
        known = {binding.id for bindings in declared.values() for binding in bindings}
        self.keymap, messages = check_keymap(self.config.keys, known - {None})
        self.set_keymap(self.keymap)
        return [*messages, *clashes(self.keymap, declared)]

    # Blocks that end while the app is open: one key to reflect on them.

    def check_ended_blocks(self, now: datetime) -> None:
        since, self._checked_blocks_at = self._checked_blocks_at or now, now
        ended = block_series.ended_between(since, now)
        if not ended:
            return
        self.ended_block = ended[-1]
        self.refresh_bindings()
        self.notify(
            f"“{self.ended_block.title}” has just ended. "
            f"Press {key_of(self, 'reflect')} to write what came of it.",
            title="Reflect",
            timeout=60,
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.locked:  # nothing reaches the journal before its passphrase
            return action in ("quit", "suspend_process")
        if action == "reflect":
            return self.ended_block is not None
        return True

    def action_reflect(self) -> None:
        if self.ended_block is not None:
            from mentorjournal.services import blocks

            block, self.ended_block = self.ended_block, None
            self.refresh_bindings()
            self.write(
                lambda: blocks.write_up(block, self.now()),
                lambda written: self.open_entry(written[0]),
            )

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        self.drafts.close()

    def _exit_on_signal(self, signum: int) -> None:
        """SIGHUP (terminal closed) or SIGTERM: save, then leave through the normal exit."""
        self.closing = True
        self.keep_drafts()
        self.save_all()
        self.exit(return_code=128 + signum)

    def _remember_theme(self, theme: object) -> None:
        name = getattr(theme, "name", str(theme))
        if name == self.config.theme:
            return
        try:
            save_setting(self._settings_path, "theme", name)
        except (OSError, tomllib.TOMLDecodeError) as error:
            self.notify(f"theme not remembered: {error}", severity="warning", markup=False)

    async def action_quit(self) -> None:
        """Quit once everything is saved; a filled form asks first. If something cannot be
        saved, a second ctrl+q quits and it waits in the drafts for the next start."""
        from mentorjournal.widgets.form import FormScreen

        if self._asking_to_quit:
            return
        form = next(
            (s for s in reversed(self.screen_stack) if isinstance(s, FormScreen) and s.dirty),
            None,
        )
        if form is not None:
            self._ask_about(form)
            return
        self.keep_drafts()
        saved = self.save_all() and not self.writes_waiting()
        if saved or monotonic() < self._quit_anyway_until:
            self.exit()
            return
        self._quit_anyway_until = monotonic() + QUIT_ANYWAY_SECONDS
        self.notify(
            "Something is not saved yet (see the messages on screen). Press ctrl+q again to "
            "quit anyway: typed text is kept as a draft and offered back at the next start.",
            severity="error",
            timeout=QUIT_ANYWAY_SECONDS,
        )

    def _ask_about(self, form: "FormScreen") -> None:
        """Quitting with a filled form: save it, discard it, or go back to it."""
        from mentorjournal.screens.choice import ChoiceScreen

        self._asking_to_quit = True
        question = Content(
            f"“{form.heading}” has changes that are not saved. Save them before quitting?"
        )
        answers = [("s", "Save", "save"), ("d", "Discard", "discard"), ("b", "Back", "back")]
        self.push_screen(
            ChoiceScreen(question, answers), lambda answer: self._quit_with(form, answer)
        )

    def _quit_with(self, form: "FormScreen", answer: str | None) -> None:
        self._asking_to_quit = False
        if answer == "save":
            form.when_saved(lambda: self.call_later(self.run_action, "quit"))
            form.action_save()
        elif answer == "discard":
            form.discard()
            self.call_later(self.run_action, "quit")

    def action_go(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_search(self) -> None:
        from mentorjournal.screens.search import SearchScreen

        self.push_screen(SearchScreen(), self._open_found)

    def _open_found(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.open_entry(entry_id)

    def open_entry(self, entry_id: int) -> None:
        """Show an entry on the Journal screen, ready to edit."""
        self.action_go("journal")
        journal = self.screen
        if isinstance(journal, JournalScreen):
            journal.open_entry(entry_id)

    def action_help(self) -> None:
        from mentorjournal.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, then every action of this app and of the screen."""
        builtin = list(super().get_system_commands(screen))
        yield from builtin
        yield SystemCommand(
            "Import file…",
            "Import a mentorjournal JSON export, an .ics calendar or a jrnl export",
            self.action_import_file,
        )
        titles = {command.title for command in builtin}
        for node in (self, screen):
            for keys, binding in declared_keys(node):
                if binding.description not in titles:
                    help_text = binding.tooltip or f"key {' or '.join(keys)}"
                    yield SystemCommand(binding.description, help_text, self._run(binding, node))

    def _run(self, binding: Binding, node: DOMNode) -> Callable[[], object]:
        return lambda: self.run_action(binding.action, node)

    @work(thread=True, group="backup")
    def _daily_backup(self) -> None:
        """Once a day, a backup in the journal's backups folder, made while the app is in
        use: a journal file's copy, a server journal's JSON export."""
        from mentorjournal.io import backups
        from mentorjournal.services import journal

        try:
            backups.daily_backup(self.journal_path)
        except journal.JournalError as error:
            message = f"Daily backup skipped: {error}"
            self.call_from_thread(self.notify, message, severity="warning", markup=False)
        finally:
            journal.close_connection()  # this thread's own

    def _remove_stale_edits(self) -> None:
        """Text left in the editing folder by a run that was killed leaves the disk now."""
        from mentorjournal.external_editor import remove_stale
        from mentorjournal.services import journal

        with contextlib.suppress(journal.JournalError):  # e.g. a read-only folder: none made
            remove_stale(journal.editing_folder())

    # Importing a file in the background

    def action_import_file(self) -> None:
        from mentorjournal.screens.import_file import ImportForm

        self.push_screen(ImportForm(), self._start_import)

    def _start_import(self, path: Path | None) -> None:
        from mentorjournal.screens.import_file import ImportProgress

        if path is not None:
            self.push_screen(ImportProgress(path))
            self._import_in_background(path)

    @work(thread=True, exclusive=True, group="import")
    def _import_in_background(self, path: Path) -> None:
        from mentorjournal.io.importer import Refused, import_file
        from mentorjournal.services.journal import close_connection

        try:
            message, severity = import_file(path, today=self.today()), "information"
        except Refused as error:
            message, severity = f"Nothing imported: {error}", "error"
        finally:
            close_connection()  # this thread's own
        self.call_from_thread(self._imported, message, severity)

    def _imported(self, message: str, severity: str) -> None:
        self.pop_screen()
        self.notify(message, severity=severity, timeout=10, markup=False)

    def _fatal_error(self) -> None:
        """Report a crash without local variables: here they would be private journal text."""
        from rich.segment import Segments
        from rich.traceback import Traceback

        with contextlib.suppress(Exception):  # the crash may have come from saving itself
            self.keep_drafts()
        with contextlib.suppress(Exception):
            self.save_all()
        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[asyncio])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()
