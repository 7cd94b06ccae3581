"""Changing blocks: create, edit, move, tick, delete (and undo), detach, copy, write up.

Times come in the viewer's zone, as shown and typed; rows keep the block's own zone.
"""

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from mentorjournal.db import write
from mentorjournal.models import BLOCK_STATUSES, BlockNote, BlockOccurrence, CarriedOver, TimeBlock
from mentorjournal.services import entries, groups, zones
from mentorjournal.services.block_input import Draft, check
from mentorjournal.services.block_series import WEEK, Shown
from mentorjournal.services.people import person_named
from mentorjournal.services.removal import Removed, put_back, remove


@dataclass(frozen=True)
class Undo:
    """What puts one cancelled occurrence back: its rows before it was cancelled."""

    occurrences: list[dict]


def create_block(draft: Draft, tz: str | None = None) -> int:
    """A new block planned in zone `tz` (default: the viewer's)."""
    draft = check(draft)
    tz = tz or zones.viewer()
    with write():
        block = TimeBlock.create(
            uid=f"{uuid.uuid4()}@mentorjournal",
            start=zones.from_viewer(draft.start, tz),
            end=zones.from_viewer(draft.end, tz),
            tz=tz,
            title=draft.title,
            kind=draft.kind,
            status=draft.status,
            notes=draft.notes,
            person=person_named(draft.person),
            group=groups.group_id_named(draft.group),
            repeat=draft.repeat,
            repeat_until=draft.repeat_until,
        )
    return block.id


def update_block(block_id: int, draft: Draft) -> None:
    """Change a block, or a whole series (its first start, title, kind…)."""
    draft = check(draft)
    tz = TimeBlock.get_by_id(block_id).tz
    start, end = zones.from_viewer(draft.start, tz), zones.from_viewer(draft.end, tz)
    _update(block_id, replace(draft, start=start, end=end))


def _update(block_id: int, draft: Draft) -> None:
    """`update_block` with the draft's times already in the block's own zone."""
    with write():
        block = TimeBlock.get_by_id(block_id)
        moved = draft.start - block.start
        TimeBlock.update(
            start=draft.start,
            end=draft.end,
            title=draft.title,
            kind=draft.kind,
            status=draft.status if draft.repeat == "none" else "planned",
            notes=draft.notes,
            person=person_named(draft.person),
            group=groups.group_id_named(draft.group),
            repeat=draft.repeat,
            repeat_until=draft.repeat_until,
        ).where(TimeBlock.id == block_id).execute()
        if moved and block.repeat == "weekly":  # changed occurrences move with the series
            for row in BlockOccurrence.select().where(BlockOccurrence.block == block_id):
                row.original_start += moved
                row.start += moved
                row.end += moved
                row.save()


def edit(shown: Shown, draft: Draft) -> None:
    """Apply a form filled in on `shown` to its block, or to its whole series: the series
    moves by as much as this occurrence was moved in the form (in its own zone)."""
    draft = check(draft)
    moved = shown.own(draft.start) - shown.own(shown.start)
    first = TimeBlock.get_by_id(shown.id).start + moved
    length = shown.own(draft.end) - shown.own(draft.start)
    _update(shown.id, replace(draft, start=first, end=first + length))


def _change(shown: Shown, start: datetime, end: datetime, status: str) -> Shown:
    """Give one block or one occurrence new times or status, checked like a form."""
    marker = shown.start == shown.end == start == end
    check(replace(shown.draft(), start=start, end=end, status=status), zero_length=marker)
    own_start, own_end = shown.own(start), shown.own(end)
    with write():
        if shown.is_occurrence:
            (
                BlockOccurrence.insert(
                    block=shown.id,
                    original_start=shown.original_start,
                    start=own_start,
                    end=own_end,
                    status=status,
                )
                .on_conflict(
                    conflict_target=[BlockOccurrence.block, BlockOccurrence.original_start],
                    update={
                        BlockOccurrence.start: own_start,
                        BlockOccurrence.end: own_end,
                        BlockOccurrence.status: status,
                    },
                )
                .execute()
            )
        else:
            TimeBlock.update(start=own_start, end=own_end, status=status).where(
                TimeBlock.id == shown.id
            ).execute()
    return replace(shown, start=start, end=end, status=status)


def next_status(status: str) -> str:
    return BLOCK_STATUSES[(BLOCK_STATUSES.index(status) + 1) % len(BLOCK_STATUSES)]


def set_status(shown: Shown, status: str) -> Shown:
    return _change(shown, shown.start, shown.end, status)


def shift(shown: Shown, delta: timedelta) -> Shown:
    """Move a block (or one occurrence) by `delta`, keeping its length."""
    return _change(shown, shown.start + delta, shown.end + delta, shown.status)


def resize(shown: Shown, delta: timedelta) -> Shown:
    """Lengthen (or shorten, with a negative `delta`) a block at its end."""
    return _change(shown, shown.start, shown.end + delta, shown.status)


def _cancel(shown: Shown) -> Undo:
    """Take one occurrence out of its series."""
    key = (BlockOccurrence.block == shown.id) & (
        BlockOccurrence.original_start == shown.original_start
    )
    before = list(BlockOccurrence.select().where(key).dicts())
    BlockOccurrence.delete().where(key).execute()
    BlockOccurrence.create(
        block=shown.id,
        original_start=shown.original_start,
        start=shown.own(shown.start),
        end=shown.own(shown.end),
        status=shown.status,
        cancelled=True,
    )
    return Undo(before or [{"block": shown.id, "original_start": shown.original_start}])


def delete(shown: Shown, whole_series: bool = True) -> Undo | Removed:
    """Delete a block, a whole series, or (whole_series False) one occurrence of it.
    The block's changed weeks, notes links and carry-over marks go with it, and back."""
    if shown.is_occurrence and not whole_series:
        with write():
            return _cancel(shown)
    children = [BlockOccurrence.block, BlockNote.block, CarriedOver.block]
    return remove(TimeBlock, shown.id, children=children)


def restore(undo: Undo | Removed) -> None:
    """Put back what `delete` took away."""
    if isinstance(undo, Removed):
        put_back(undo)
        return
    with write():
        first = undo.occurrences[0]
        BlockOccurrence.delete().where(
            (BlockOccurrence.block == first["block"])
            & (BlockOccurrence.original_start == first["original_start"])
        ).execute()
        if "id" in first:  # the occurrence had its own changes before it was cancelled
            BlockOccurrence.insert_many(undo.occurrences).execute()


def detach(shown: Shown, draft: Draft) -> int:
    """Edit one occurrence only: it leaves the series and becomes a block of its own."""
    draft = check(replace(draft, repeat="none", repeat_until=None))
    with write():
        delete(shown, whole_series=False)
        return create_block(draft, shown.tz)


def duplicate_next_week(shown: Shown) -> int:
    """A one-off copy of the block in the same slot a week later (in its own zone)."""
    start, end = (zones.to_viewer(shown.own(t) + WEEK, shown.tz) for t in (shown.start, shown.end))
    copy = replace(
        shown.draft(), start=start, end=end, repeat="none", repeat_until=None, status="planned"
    )
    return create_block(copy, shown.tz)


def write_up(block: Shown, now: datetime) -> tuple[int, bool]:
    """The journal entry about a block (or one occurrence of a series), linked to its
    step: meeting notes, or a reflection on learning. Written once: asked again, it
    returns the entry already written. Returns its id, and whether it is new."""
    start = block.original_start or block.start
    with write():
        written = (
            BlockNote.select(BlockNote.entry)
            .where((BlockNote.block == block.id) & (BlockNote.block_start == start))
            .scalar()
        )
        if written is not None:
            return written, False
        day = min(block.start.date(), now.date())
        body = _write_up_body(block)
        earlier = _unlinked_write_up(day, body)
        if earlier is not None:  # written before notes were linked to their block
            BlockNote.create(block=block.id, block_start=start, entry=earlier)
            return earlier, False
        tags = ["meeting"] if block.kind.endswith("meeting") else ["learning"]
        entry = entries.create_entry(day, body, step=block.step, tags=tags, now=now)
        BlockNote.create(block=block.id, block_start=start, entry=entry.id)
    return entry.id, True


def _unlinked_write_up(day: date, body: str) -> int | None:
    """An entry of `day` that starts with the heading `body` starts with, about no block."""
    heading = body.split("\n", 1)[0]
    for entry in entries.entries_on(day):
        if entry.body.split("\n", 1)[0] == heading and not _about_a_block(entry.id):
            return entry.id
    return None


def _about_a_block(entry_id: int) -> bool:
    return BlockNote.select().where(BlockNote.entry == entry_id).exists()


def _write_up_body(block: Shown) -> str:
    if block.kind != "mentor meeting":
        return f"# Reflection: {block.title}\n\nWhat I learned:\n\nWhat I will try next:\n"
    with_whom = f" with {block.person}" if block.person else ""
    body = f"# Notes: {block.title}{with_whom}\n\n"
    if block.notes:
        body += f"Agenda: {block.notes}\n\n"
    return body + "What I learned:\n\nWhat I will do, and when I will report back:\n"
