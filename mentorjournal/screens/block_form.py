"""The form for a time block: title, kind, when, with whom, and whether it repeats."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self

from textual.suggester import SuggestFromList

from mentorjournal.services import blocks, groups
from mentorjournal.services.blocks import BLOCK_KINDS, Draft, Shown
from mentorjournal.widgets.form import Field, FormScreen, choice_field, text_field

REPEAT_CHOICES = [("does not repeat", "none"), ("every week", "weekly")]


def _length(shown: Shown) -> str:
    minutes = int((shown.end - shown.start).total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours and rest else f"{hours}h" if hours else f"{rest}m"


class BlockForm(FormScreen[int]):
    """New block at `start`, or edit `shown`: the whole series, or (`only_this`) one
    occurrence, which then leaves its series. Returns the block's id."""

    draft_kind, draft_mode = "block", "week"

    def __init__(
        self, start: datetime, shown: Shown | None = None, only_this: bool = False
    ) -> None:
        super().__init__()
        self.start = shown.start if shown else start
        self.shown = shown
        self.only_this = only_this
        what = (
            "this occurrence"
            if only_this
            else "the series"
            if shown and shown.repeat == "weekly"
            else "block"
        )
        self.heading = f"Edit {what}" if shown else "New block"

    def draft_origin(self) -> dict[str, Any]:
        shown = self.shown
        return {
            "start": self.start.isoformat(),
            "block": shown.id if shown else None,
            "only_this": self.only_this,
        }

    @classmethod
    def from_draft(cls, origin: dict[str, Any]) -> Self:
        start = datetime.fromisoformat(origin["start"])
        shown = next(
            (
                block
                for block in blocks.week_blocks(start.date())
                if block.id == origin.get("block") and block.start == start
            ),
            None,
        )
        return cls(start, shown, bool(shown and origin.get("only_this")))

    def fields(self) -> Iterable[Field]:
        shown = self.shown
        yield text_field("title", "Title", shown.title if shown else "")
        yield choice_field("kind", "Kind", BLOCK_KINDS, shown.kind if shown else "other")
        yield text_field("date", "Date", f"{self.start:%Y-%m-%d}")
        yield text_field("start", "Starts", f"{self.start:%H:%M}")
        ends = _length(shown) if shown else "1h"
        yield text_field("end", "Ends", ends, "a time (10:30) or a length (1h30)")
        yield text_field("person", "With", shown.person if shown else "", "a name")
        yield text_field(
            "group",
            "Group",
            shown.group if shown else "",
            "for a group meeting: which group",
            suggester=SuggestFromList(groups.group_names(), case_sensitive=False),
        )
        yield text_field("notes", "Notes", shown.notes if shown else "", "agenda, links")
        if not self.only_this:
            repeat = shown.repeat if shown else "none"
            yield choice_field("repeat", "Repeats", REPEAT_CHOICES, repeat)
            until = shown and shown.repeat_until
            yield text_field("until", "Until", until, "YYYY-MM-DD, or empty")

    def _draft(self) -> Draft:
        day = blocks.parse_date(self.value("date"))
        start = datetime.combine(day, blocks.parse_time(self.value("start")))
        end = blocks.parse_end(self.value("end"), start)
        repeat, until = "none", None
        if not self.only_this:
            repeat = self.value("repeat")
            if self.value("until").strip():
                until = blocks.parse_date(self.value("until"), "until")
        return Draft(
            title=self.value("title"),
            kind=self.value("kind"),
            start=start,
            end=end,
            notes=self.value("notes"),
            person=self.value("person"),
            repeat=repeat,
            repeat_until=until,
            status=self.shown.status if self.shown else "planned",
            group=self.value("group"),
        )

    def submit(self) -> int:
        draft = self._draft()
        if self.shown is None:
            return blocks.create_block(draft)
        if self.only_this:
            return blocks.detach(self.shown, draft)
        blocks.edit(self.shown, draft)
        return self.shown.id
