"""`python -m mentorjournal` runs the command line."""

from mentorjournal.cli import main

raise SystemExit(main())
