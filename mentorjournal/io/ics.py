"""Time blocks as iCalendar (.ics), out (`ics_export`) and back in (`ics_import`), with
the `icalendar`, `recurring-ical-events` and `x-wr-timezone` libraries."""

from mentorjournal.io.ics_export import export_ics
from mentorjournal.io.ics_import import (
    IcsRefused,
    IcsSummary,
    ReadCalendar,
    import_ics,
    read_ics,
    store_ics,
)
from mentorjournal.io.ics_properties import DONE, GROUP, PERSON, SKIPPED, STATUS

__all__ = [
    "DONE",
    "GROUP",
    "PERSON",
    "SKIPPED",
    "STATUS",
    "IcsRefused",
    "IcsSummary",
    "ReadCalendar",
    "export_ics",
    "import_ics",
    "read_ics",
    "store_ics",
]
