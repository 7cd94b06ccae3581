"""Step notes keep their history, one version per day."""

from datetime import datetime

import pytest

from mentorjournal.services import ValidationError, steps


def test_notes_keep_one_version_per_day(journal) -> None:
    steps.save_note(1, "purpose", "Lead a platform team", datetime(2026, 3, 1, 9))
    steps.save_note(1, "purpose", "Lead a platform team well", datetime(2026, 3, 1, 18))
    steps.save_note(1, "purpose", "Become a staff engineer", datetime(2026, 11, 27, 8))
    assert steps.note(1, "purpose") == "Become a staff engineer"
    history = steps.note_history(1, "purpose")
    assert [(v.day.isoformat(), v.text) for v in history] == [
        ("2026-11-27", "Become a staff engineer"),
        ("2026-03-01", "Lead a platform team well"),
    ]
    assert steps.note(1, "strengths") == ""


def test_unknown_topics_and_huge_notes_are_refused(journal) -> None:
    with pytest.raises(ValidationError):
        steps.save_note(2, "purpose", "x", datetime(2026, 1, 1))
    with pytest.raises(ValidationError, match="at most"):
        steps.save_note(1, "purpose", "x" * 20_001, datetime(2026, 1, 1))
    assert steps.note_history(1, "purpose") == []
