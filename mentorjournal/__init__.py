"""mentorjournal: a keyboard-driven terminal journal for deliberate career growth."""

__version__ = "0.1.0"
