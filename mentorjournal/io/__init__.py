"""Data in and out: the JSON interchange format, Markdown, iCalendar, jrnl."""

IMPORT_FORMATS = ("json", "ics", "jrnl")
