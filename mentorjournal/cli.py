"""The command line: opens the app, or runs a subcommand for the shell and scripts."""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, wait
from datetime import date
from pathlib import Path

from mentorjournal import __version__, clock, db, encryption_commands, passphrase
from mentorjournal.io import IMPORT_FORMATS
from mentorjournal.services import StorageError, ValidationError, entries, storage_reason
from mentorjournal.services.journal import close_journal, open_in_background, open_journal
from mentorjournal.services.parsing import parse_date
from mentorjournal.words import amount

EXIT_FAILED = 1
EXIT_UNUSABLE = 2
OPENING_PATIENCE = 10  # seconds an ended app waits for its journal's opening to end


class UserError(Exception):
    """A mistake of the user's: printed as one line, never as a traceback."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not the usage block
        raise UserError(f"{message} (see mentorjournal --help)", EXIT_UNUSABLE)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help="journal file or postgresql:// URL (default: $MENTORJOURNAL_DB, config.toml's "
        "database, or the user data folder)",
    )
    parser = _Parser(
        prog="mentorjournal",
        description="A keyboard-driven terminal journal for deliberate career growth.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"mentorjournal {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    log = commands.add_parser(
        "log", parents=[common], help="add a journal entry (text from arguments or stdin)"
    )
    log.add_argument("text", nargs="*", help="the entry; read from stdin when left out")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="the day to write it on (default today)")
    commands.add_parser("check", parents=[common], help="check the journal file's integrity")
    commands.add_parser("demo", help="open a sample journal in a throwaway file")
    backup = commands.add_parser(
        "backup", parents=[common], help="write a consistent copy of the journal"
    )
    backup.add_argument("path", nargs="?", help="file or folder (default: the backups folder)")
    backup.add_argument("--keep", type=int, metavar="N", help="keep only the newest N backups")
    backup.add_argument(
        "--prune",
        action="store_true",
        help="make a fresh backup and remove every older one (they keep deleted text)",
    )
    _force(backup)
    export = commands.add_parser(
        "export", parents=[common], help="write the journal as json, markdown or ics"
    )
    export.add_argument("--format", choices=("json", "markdown", "ics"), default="json")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write here, or into a FOLDER/ (default: stdout)"
    )
    _force(export)
    _date_range(export)
    load = commands.add_parser(
        "import", parents=[common], help="import a file: its own JSON, .ics, or jrnl's JSON"
    )
    load.add_argument("file", help="the file to import")
    load.add_argument("--format", choices=IMPORT_FORMATS, help="default: guessed")
    load.add_argument(
        "--dry-run", action="store_true", help="say what would happen, change nothing"
    )
    load.add_argument(
        "--strict", action="store_true", help="refuse the whole .ics file on its first odd event"
    )
    _date_range(load)
    _copy_parser(commands, common)
    encryption_commands.add_parsers(commands, common)
    return parser


def _copy_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    copy = commands.add_parser(
        "copy", parents=[common], help="copy the journal into a new file or server database"
    )
    copy.add_argument(
        "--to", required=True, metavar="PATH_OR_URL", help="a new journal file or postgresql:// URL"
    )


def _force(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force", action="store_true", help="replace an existing file (never the journal's own)"
    )


def _date_range(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day")


def _range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    start = parse_date(args.start, "--from") if args.start else None
    end = parse_date(args.end, "--to") if args.end else None
    if start and end and end < start:
        raise UserError("--to is before --from")
    return start, end


def _log(args: argparse.Namespace) -> int:
    day = entries.parse_day(args.date) if args.date is not None else clock.today()
    if args.text:
        text = " ".join(args.text)
    elif sys.stdin is None or sys.stdin.isatty():
        raise UserError("nothing to log: give the text as arguments or on stdin")
    else:
        try:
            text = sys.stdin.read()
        except UnicodeDecodeError:
            raise UserError("nothing logged: the text on stdin is not valid UTF-8") from None
    if not text.strip():
        raise UserError("nothing to log: the text is empty")
    entry = entries.create_entry(day, text.strip("\n"), now=clock.now())
    print(f"logged entry {entry.id} on {entry.day.isoformat()}: {entry.title}")
    return 0


def _check(_args: argparse.Namespace) -> int:
    problems = db.integrity_problems()
    if problems:
        for problem in problems[:20]:
            print(problem, file=sys.stderr)
        raise UserError("integrity check failed: restore the journal from a backup")
    kind = ", encrypted" if db.is_encrypted() else ", on a PostgreSQL server" * db.is_server()
    count = amount(entries.entry_count(), "entry")
    print(f"ok: {count}, schema {db.schema_version()}{kind}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    if args.keep is not None and args.keep < 1:
        raise UserError("--keep needs a number of backups, 1 or more")
    if db.is_server():
        return _backup_server(args)
    target = args.path or db.backups_folder()
    made = db.backup_to(target, force=args.force)
    print(made)
    keep = 1 if args.prune else args.keep
    if keep is not None:
        removed = db.prune_backups(made.parent, keep)
        removed += db.remove_upgrade_copies() if args.prune else []
        for path in removed:
            print(f"removed {path}")
    return 0


def _backup_server(args: argparse.Namespace) -> int:
    """A server journal's backup is its lossless JSON export (the server's own
    `pg_dump` is the other way)."""
    from mentorjournal.io.backups import export_backup

    if args.keep is not None or args.prune:
        raise UserError("--keep and --prune are for a journal file's backups", EXIT_UNUSABLE)
    try:
        made = export_backup(args.path, args.force)
    except db.JournalError as error:
        raise UserError(f"no backup written: {error}", EXIT_UNUSABLE) from None
    print(made)
    print(
        "mentorjournal: a server journal's backup is its JSON export "
        "(restore it with `mentorjournal import` into an empty journal)",
        file=sys.stderr,
    )
    return 0


EXTENSIONS = {"json": "json", "markdown": "md", "ics": "ics"}


def _export(args: argparse.Namespace) -> int:
    from mentorjournal.files import FileRefused, check_target, target_file, write_file

    start, end = _range(args)
    if args.output:  # refused before the work, not after
        name = f"{db.journal_file().stem}-{clock.now():%Y%m%d-%H%M%S}.{EXTENSIONS[args.format]}"
        try:
            output = target_file(args.output, lambda: name)
            check_target(output, args.force)
        except FileRefused as error:
            raise UserError(f"nothing exported: {error}", EXIT_UNUSABLE) from None
    produce = _producer(args.format, start, end)
    if not args.output:
        produce(sys.stdout.write)
    else:
        try:
            print(write_file(output, lambda partial: _fill(partial, produce), force=args.force))
        except FileRefused as error:
            raise UserError(f"nothing exported: {error}", EXIT_UNUSABLE) from None
    if db.is_encrypted():
        where = args.output or "the output"
        print(f"mentorjournal: note: {where} is not encrypted, unlike the journal", file=sys.stderr)
    return 0


Producer = Callable[[Callable[[str], object]], None]  # writes an export to a text sink


def _producer(kind: str, start: date | None, end: date | None) -> Producer:
    """What writes the export's text, given where to write it."""
    from mentorjournal.io import ics, json_format, markdown

    if kind == "json":  # streamed as it is read: a hundred years is 200 MB of text
        return json_format.write_journal
    if kind == "markdown":
        from mentorjournal.config import config_path, load_config

        weekday = load_config(config_path())[0].first_weekday
        text = markdown.export_markdown(start, end, clock.today(), weekday)
    else:
        text = ics.export_ics(start, end).decode("utf-8")
    return lambda write: write(text)


def _fill(partial: Path, produce: Producer) -> None:
    with partial.open("w", encoding="utf-8") as out:
        produce(out.write)


def _import(args: argparse.Namespace) -> int:
    from mentorjournal.io.importer import OptionRefused, Refused, import_file

    start, end = _range(args)
    try:
        starters = clock.today() if args.new_journal else None
        line = import_file(
            Path(args.file),
            args.format,
            args.dry_run,
            start,
            end,
            starters=starters,
            strict=args.strict,
        )
    except OptionRefused as error:
        raise UserError(f"nothing imported: {error}", EXIT_UNUSABLE) from None
    except Refused as error:
        raise UserError(f"nothing imported: {error}") from None
    print(f"dry run, nothing changed: would have {line}" if args.dry_run else line)
    return 0


def _copy(args: argparse.Namespace) -> int:
    from mentorjournal.io.copy import CopyRefused, copy_journal

    if not args.to.strip():
        raise UserError("--to needs the path of a new journal file or a URL", EXIT_UNUSABLE)
    target = db.location(args.to)
    try:
        line = copy_journal(target)
    except CopyRefused as error:
        raise UserError(f"nothing copied: {error}", EXIT_UNUSABLE) from None
    print(f"copied to {db.shown(target)}: {line}")
    return 0


def _use_configured_zone() -> None:
    """Commands read and write times in the zone the app shows (config.toml's `timezone`)."""
    from mentorjournal.config import config_path, load_config
    from mentorjournal.services import zones

    configured = load_config(config_path())[0].timezone
    if configured:
        zones.set_viewer(configured)


def _run_app(path: db.Location, locked: bool = False, opening: Future | None = None) -> int:
    """The app; `locked`: the journal is encrypted and the app asks its passphrase first;
    `opening`: the journal being opened in a thread meanwhile (else the app opens it)."""
    from mentorjournal.app import MentorJournalApp
    from mentorjournal.config import config_path, load_config

    config, messages = load_config(config_path())
    if not db.is_url(path) and (warning := db.synced_folder_warning(Path(path))):
        messages.append(warning)
    for message in messages:
        print(f"mentorjournal: {message}", file=sys.stderr)
    app = MentorJournalApp(
        path, config=config, config_messages=messages, locked=locked, opening=opening
    )
    app.run()
    if app.refused:
        print(f"mentorjournal: {app.refused}", file=sys.stderr)
    return app.return_code or 0


def _app(path: db.Location) -> int:
    """The app, the journal opened in a thread while Textual is imported and drawn (a
    file's pages checked, a server connected to): the first frame waits for neither.
    An encrypted journal whose passphrase is not in the environment is opened by the
    app, once it has asked for it."""
    given = passphrase.from_environment() if _encrypted_file(path) else None
    if given is None and _encrypted_file(path):
        return _run_app(path, locked=True)
    opening = open_in_background(path, passphrase=given)
    try:
        return _run_app(path, opening=opening)
    finally:  # the app may end first (ctrl+q on a slow server): the journal is closed after
        wait([opening], timeout=OPENING_PATIENCE)


def _encrypted_file(path: db.Location) -> bool:
    return not db.is_url(path) and Path(path).exists() and db.is_encrypted(path)


def _open(args: argparse.Namespace, path: db.Location) -> None:
    """Open the journal for a command (the passphrase of an encrypted one asked here)."""
    create = args.command in ("log", "import")
    if not _encrypted_file(path):
        open_journal(path, create=create, starters=not args.new_journal)
        return
    given = passphrase.from_environment()
    for _try in range(passphrase.TRIES - 1 if given is None else 0):
        try:
            open_journal(path, create=create, passphrase=passphrase.ask_for(path))
            return
        except db.WrongPassphrase:
            print("mentorjournal: wrong passphrase, try again", file=sys.stderr)
    open_journal(path, create=create, passphrase=given or passphrase.ask_for(path))


def _demo() -> int:
    """The app on a sample journal in a temporary folder; the real journal is not opened."""
    from mentorjournal import demo

    with tempfile.TemporaryDirectory(prefix="mentorjournal-demo-") as folder:
        path = Path(folder) / "demo.db"
        demo.create(path, clock.today())
        try:
            return _run_app(path)
        finally:
            db.close_journal()


WRITES = {"log": "logged", "import": "imported"}  # commands that change the journal
COMMANDS = {
    "log": _log,
    "check": _check,
    "backup": _backup,
    "export": _export,
    "import": _import,
    "copy": _copy,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    os.umask(0o077)
    try:
        args = _parser().parse_args(argv)
        if args.command == "demo":
            return _demo()
        path = _journal(args)
        if args.command in encryption_commands.COMMANDS:  # they open the file on their own
            if db.is_url(path):
                raise UserError("encryption is for journal files, not a server", EXIT_UNUSABLE)
            return encryption_commands.COMMANDS[args.command](args, Path(path).absolute())
        # a journal made by an import gets its starters after the file, unless it has them
        args.new_journal = args.command == "import" and not _is_file_or_url(path)
        try:
            if args.command is None:
                return _app(path)
            _open(args, path)
            if args.command in WRITES and db.is_read_only():
                raise UserError(
                    f"{path} is read-only: nothing {WRITES[args.command]}", EXIT_UNUSABLE
                )
            _use_configured_zone()
            return COMMANDS[args.command](args)
        finally:
            close_journal()
    except (db.JournalError, passphrase.PassphraseError) as error:
        return _fail(str(error), EXIT_UNUSABLE)
    except ValidationError as error:
        return _fail(error.message, EXIT_FAILED)
    except StorageError as error:  # disk full, journal locked, read-only…: nothing was written
        return _fail(f"cannot write to the journal: {storage_reason(error)}", EXIT_UNUSABLE)
    except UserError as error:
        return _fail(str(error), error.code)
    except KeyboardInterrupt:
        return 130


def _journal(args: argparse.Namespace) -> db.Location:
    """--db, else $MENTORJOURNAL_DB, else config.toml's `database`, else the default."""
    given = getattr(args, "db", None)
    if given is not None and not given.strip():
        raise UserError("--db needs the path of a journal file or a URL", EXIT_UNUSABLE)
    if given:
        return db.location(given)
    if not os.environ.get("MENTORJOURNAL_DB"):
        from mentorjournal.config import config_path, load_config

        configured = load_config(config_path())[0].database
        if configured.strip():
            return db.location(configured)
    return db.default_path()


def _is_file_or_url(path: db.Location) -> bool:
    """A journal file that exists, or a server's (made by opening it, with its starters)."""
    return db.is_url(path) or Path(path).exists()


def _fail(message: str, code: int) -> int:
    print(f"mentorjournal: {message}", file=sys.stderr)
    return code
