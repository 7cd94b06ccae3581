"""A journal's backups in its private `backups/` folder: a journal file's checked copy
(`db.backup_to`), a server journal's lossless JSON export, which `import` into an empty
journal restores."""

from pathlib import Path

from peewee import DatabaseError, InterfaceError

from mentorjournal import db, files


def export_backup(target: Path | str | None = None, force: bool = False) -> Path:
    """Write the open journal's JSON export, read as one moment left it, to `target`: a
    file, or a folder that gets a timestamped name (default: `backups/`), 0600.

    Raises JournalError (nothing written) when it cannot be read or written.
    """
    journal = db.journal_file()
    name = lambda: db.backup_name(journal, ".json")  # noqa: E731
    try:
        path = files.target_file(target or db.backups_folder(journal), name)
        return files.write_file(path, _export_into, force)
    except files.FileRefused as error:
        raise db.JournalError(str(error)) from error
    except (DatabaseError, InterfaceError) as error:
        raise db.JournalError(f"cannot read {db.shown(db.opened())}: {db.said(error)}") from error


def _export_into(partial: Path) -> None:
    from mentorjournal.io import json_format  # a server journal's only: not for a file's

    with db.snapshot(), partial.open("w", encoding="utf-8") as out:
        json_format.write_journal(out.write)


def daily_backup(journal: db.Location, keep: int = 7) -> Path | None:
    """Once a day, a backup of the open journal (`journal`) in its backups folder, keeping
    the newest `keep`; None when today's is there already, or the journal is read-only.

    Made in a worker thread while the app starts: a file's copy reads through a
    connection of its own, a server journal's export through the thread's own (close it
    with `db.close_connection` when done). Raises JournalError.
    """
    if not db.is_server():
        return db.daily_backup(Path(journal), keep)
    stand_in = db.local_stand_in(journal)
    folder = db.backups_folder(stand_in)
    if db.backed_up_today(folder, stand_in):
        return None
    made = export_backup(folder)
    db.prune_backups(folder, keep, stand_in, ".json")
    return made
