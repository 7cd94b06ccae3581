"""Move a journal between engines: a file to a PostgreSQL server and back.

The copy is made of the JSON export's records (the interchange contract): the new
journal's tables and every record go in in one transaction, with their uids, and the
copy's own export is checked against the source's before it is called done.
"""

from pathlib import Path

from mentorjournal import db
from mentorjournal.io import json_format
from mentorjournal.models import Entry
from mentorjournal.services.journal import open_journal


class CopyRefused(Exception):
    """The copy cannot be made; the message says why, and nothing was written."""


def copy_journal(target: db.Location) -> str:
    """Copy the open journal into `target`, a new journal file or an empty server
    database; the source is closed, and so is the copy. Returns what was copied."""
    source = db.opened()
    if db.shown(target) == db.shown(source) or (
        not db.is_url(target) and not db.is_url(source) and Path(target).absolute() == source
    ):
        raise CopyRefused("the copy's target is the journal itself")
    exported = json_format.export_journal()
    db.close_journal()
    _refuse_existing(target)
    summary: list[str] = []
    try:
        open_journal(target, starters=False, then=lambda: summary.append(_import(exported)))
    except BaseException:
        _remove_new_file(target)
        raise
    finally:
        db.close_journal()
    if not summary:
        raise CopyRefused(f"{db.shown(target)} already holds a journal: nothing copied")
    return summary[0]


def _import(exported: dict) -> str:
    """Inside the new journal's transaction: the records, each entry's merge base as it
    was (an import would set it), and a check that the copy exports as the source did."""
    line = json_format.import_journal(exported).line()
    by_base: dict[int, list[str]] = {}
    for entry in exported["entries"]:
        by_base.setdefault(entry.get("merged_revision") or 0, []).append(entry["uid"])
    for base, uids in by_base.items():
        for start in range(0, len(uids), 500):
            chunk = uids[start : start + 500]
            kept = {Entry.merged_revision: base, Entry.updated_at: Entry.updated_at}
            Entry.update(kept).where(Entry.uid.in_(chunk)).execute()
    if _records(json_format.export_journal()) != _records(exported):
        raise CopyRefused("the copy would differ from the journal")
    return line


def _records(exported: dict) -> dict:
    return {key: value for key, value in exported.items() if key != "exported_at"}


def _refuse_existing(target: db.Location) -> None:
    """A copy makes a new journal: it never merges into, or replaces, one that exists."""
    if not db.is_url(target):
        if Path(target).exists():
            raise CopyRefused(f"{target} exists: a copy goes into a new journal file")
        return
    try:
        open_journal(target, create=False)
    except db.NoJournal:
        return
    finally:
        db.close_journal()
    raise CopyRefused(f"{db.shown(target)} already holds a journal: copy into an empty database")


def _remove_new_file(target: db.Location) -> None:
    """A failed copy into a file leaves no file behind (the server's rolled back)."""
    if db.is_url(target):
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
