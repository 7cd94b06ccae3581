"""The JSON interchange format (docs/format.md): the whole journal, losslessly.

Export then import into an empty journal gives back the same journal. Every record
carries its `uid`; importing into a journal that has records merges (see `merge`):
the same record is kept once, in its newer version, and nobody's text is dropped.
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from mentorjournal import clock
from mentorjournal.db import write
from mentorjournal.io import json_export, json_text
from mentorjournal.io.entry_merge import EntrySection
from mentorjournal.io.json_export import FORMAT, SECTIONS, VERSION
from mentorjournal.io.merge import Summary
from mentorjournal.io.records import ImportRefused, Record, parse_json
from mentorjournal.io.sections import Sections

__all__ = [
    "ImportRefused",
    "Summary",
    "check",
    "dumps",
    "export_journal",
    "import_journal",
    "loads",
    "write_journal",
]

# Out (see json_export)


def export_journal(now: datetime | None = None) -> dict[str, Any]:
    """The whole journal as the interchange dictionary."""
    return {
        key: list(value) if isinstance(value, Iterator) else value
        for key, value in json_export.sections(now or clock.now())
    }


def write_journal(write_text: Callable[[str], object], now: datetime | None = None) -> None:
    """The whole journal as the interchange file, streamed to `write_text`: the same
    text as `dumps(export_journal(now))`."""
    json_export.write_journal(write_text, now or clock.now())


def dumps(data: dict[str, Any]) -> str:
    return json_text.encode(data) + "\n"


# In: every record checked; one transaction; one line on the first refusal


def loads(text: str) -> dict[str, Any]:
    return check(parse_json(text))


def check(data: Any) -> dict[str, Any]:
    """`data` if it is an export this release reads, else ImportRefused."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportRefused("this JSON is not a mentorjournal export")
    if data.get("version") != VERSION:
        shown = repr(data.get("version"))[:20]
        raise ImportRefused(f"export version {shown}: this mentorjournal reads version {VERSION}")
    for section in SECTIONS:
        if data.get(section) is not None and not isinstance(data[section], list):
            raise ImportRefused(f"{section!r} is not a list")
    return data


def import_journal(data: dict[str, Any], dry_run: bool = False) -> Summary:
    """Merge an export into the open journal in one transaction (rolled back on a dry run).

    People and groups first: actions, blocks and the ledger point to them.
    """
    summary = Summary()
    with write() as transaction:
        sections = Sections(summary)
        journal = EntrySection(summary)
        readers = (
            ("steps", sections.step),
            ("people", sections.person),
            ("groups", sections.group),
            ("actions", sections.action),
            ("entries", journal.entry),
            ("time_blocks", sections.block),
            ("ledger", sections.ledger_line),
            ("day_notes", sections.day_note),
        )
        for section, reader in readers:
            for index, raw in enumerate(data.get(section) or []):
                reader(Record(section, index, raw))
            sections.flush()
            journal.flush()
        if dry_run:
            transaction.rollback()
    return summary
