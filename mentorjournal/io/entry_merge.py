"""Journal entries merged from another journal: nobody's text is ever dropped.

The same entry (same uid) changed on one side only takes the changed version; changed
on both sides since they last met (each side's revision past the revision it last came
in at) keeps the newer as the entry and the other as an entry of its own, titled so
that it shows. New entries are checked and indexed as typed ones are.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from mentorjournal.io.merge import (
    KEPT_TWICE,
    Found,
    Known,
    Summary,
    complete,
    copy_uid,
    file_uid,
    insert_rows,
)
from mentorjournal.io.records import Record
from mentorjournal.models import Entry, EntryTag
from mentorjournal.services import ValidationError, entries, search

SECTION = "entries"


@dataclass(frozen=True)
class Version:
    """One side's version of an entry."""

    uid: str | None
    day: date
    written_at: datetime
    updated_at: datetime
    body: str
    step: int | None
    tags: tuple[str, ...]
    revision: int
    merged_revision: int

    def order(self) -> tuple:
        return (self.updated_at, self.revision, self.body)


def read_version(r: Record) -> Version:
    """An entry as written in the file, checked by the rules of the entries service."""
    written_at = r.moment("written_at")
    step = r.raw.get("step")
    if step not in (None, 1, 2, 3, 4, 5) or isinstance(step, bool):
        raise r.refuse("'step' must be 1 to 5, or null")
    tags = r.get("tags", list, required=False) or []
    if not all(isinstance(tag, str) for tag in tags):
        raise r.refuse("'tags' must be a list of texts")
    body, day = r.text("body", entries.BODY_LENGTH, required=True), r.day("day")
    try:
        tags = entries.check_entry(day or written_at.date(), body, step, tags)
    except ValidationError as error:
        raise r.refuse(f"{error.field}: {error.message}") from None
    revision = r.get("revision", int, required=False) or 1
    return Version(
        uid=file_uid(r),
        day=day or written_at.date(),
        written_at=written_at,
        updated_at=r.moment("updated_at", required=False) or written_at,
        body=body,
        step=step,
        tags=tuple(tags),
        revision=max(revision, 1),
        merged_revision=r.get("merged_revision", int, required=False) or 0,
    )


class EntrySection:
    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        key = (Entry.written_at, Entry.body)
        self.known = Known(Entry, lambda w, b: (w, b), key, unique=False)
        self.local = {
            row_id: (revision, merged, body)
            for row_id, revision, merged, body in Entry.select(
                Entry.id, Entry.revision, Entry.merged_revision, Entry.body
            ).tuples()
        }
        self.new: list[tuple[int, Version]] = []

    def entry(self, r: Record) -> None:
        theirs = read_version(r)
        found = self.known.find(theirs.uid, (theirs.written_at, theirs.body))
        if found is None:
            self._add(theirs, theirs.uid, theirs.revision)
            self.summary.added[SECTION] += 1
            return
        if self.known.is_pending(found):  # the file has it twice
            self.summary.present[SECTION] += 1
            return
        revision, merged, body = self.local[found.id]
        if body == theirs.body:
            self._same_text(found, theirs)
            return
        base = max(merged, theirs.merged_revision)
        mine_changed, theirs_changed = revision > base, theirs.revision > base
        if theirs_changed and not mine_changed:
            self._replace(found, theirs)
            self.summary.updated[SECTION] += 1
        elif mine_changed and not theirs_changed:
            self.summary.present[SECTION] += 1
        else:
            self._keep_both(found, theirs)

    def _same_text(self, found: Found, theirs: Version) -> None:
        if found.updated_at and theirs.updated_at > found.updated_at:  # a newer step or tags
            self._replace(found, theirs)
            self.summary.updated[SECTION] += 1
        else:
            self.summary.present[SECTION] += 1

    def _keep_both(self, found: Found, theirs: Version) -> None:
        """The newer stays the entry, the older becomes its own entry, its title saying so."""
        mine = self._local_version(found.id)
        older = min(mine, theirs, key=Version.order)
        if older is mine:
            self._replace(found, theirs)
        uid = copy_uid(mine.uid or "", older.revision, older.body)
        if uid in self.known.by_uid:
            self.summary.present[SECTION] += 1
            return
        title = entries.title_of(older.body) or "untitled"
        copy = replace(older, body=f"{KEPT_TWICE}: {title}\n\n{older.body}")
        self._add(copy, uid, 0)
        self.summary.twice[SECTION] += 1

    def _local_version(self, entry_id: int) -> Version:
        entry = Entry.get_by_id(entry_id)
        tags = tuple(row.name for row in entry.tag_rows.order_by(EntryTag.id))
        return Version(
            entry.uid,
            entry.day,
            entry.written_at,
            entry.updated_at,
            entry.body,
            entry.step_id,
            tags,
            entry.revision,
            entry.merged_revision,
        )

    def _replace(self, found: Found, theirs: Version) -> None:
        entry_id = found.id
        title = entries.title_of(theirs.body)
        Entry.update(
            body=theirs.body,
            title=title,
            step=theirs.step,
            updated_at=theirs.updated_at,
            revision=theirs.revision,
            merged_revision=theirs.revision,
        ).where(Entry.id == entry_id).execute()
        self.local[entry_id] = (theirs.revision, theirs.revision, theirs.body)
        found.updated_at = theirs.updated_at
        EntryTag.delete().where(EntryTag.entry == entry_id).execute()
        EntryTag.insert_many([{"entry": entry_id, "name": tag} for tag in theirs.tags]).execute()
        body = entries.indexed_body(title, theirs.body)
        search.index_entry(entry_id, title, body, list(theirs.tags))

    def _add(self, version: Version, uid: str | None, merged: int) -> None:
        row = {
            "uid": uid,
            "day": version.day,
            "written_at": version.written_at,
            "updated_at": version.updated_at,
            "title": entries.title_of(version.body),
            "body": version.body,
            "step": version.step,
            "revision": version.revision,
            "merged_revision": merged,
        }
        entry_id = self.known.add(complete(Entry, row), (version.written_at, version.body))
        self.local[entry_id] = (version.revision, merged, version.body)
        self.new.append((entry_id, version))

    def flush(self) -> None:
        """Write the new entries, their tags and their index rows."""
        self.known.flush()
        tags = [{"entry": i, "name": tag} for i, version in self.new for tag in version.tags]
        insert_rows(EntryTag, tags)
        rows = []
        for entry_id, version in self.new:
            title = entries.title_of(version.body)
            body = entries.indexed_body(title, version.body)
            rows.append((entry_id, title, body, list(version.tags)))
        search.index_many(rows)
        self.new.clear()
