"""Our own iCalendar properties, so that what other calendars cannot say comes back in."""

STATUS = "X-MENTORJOURNAL-STATUS"  # planned, done or skipped (a one-off block, an override)
DONE = "X-MENTORJOURNAL-DONE"  # on a series: the weeks ticked done (original starts)
SKIPPED = "X-MENTORJOURNAL-SKIPPED"  # which EXDATEs were skipped (the rest were cancelled)
PERSON = "X-MENTORJOURNAL-PERSON"
GROUP = "X-MENTORJOURNAL-GROUP"
STAMP = "%Y%m%dT%H%M%S"  # how DONE and SKIPPED write an original start (wall clock, own zone)
