"""The five steps of the method."""

from mentorjournal.models import Step

STEP_TITLES = {
    1: "Commit to your own development",
    2: "Block out time to invest in yourself",
    3: "Join professional groups",
    4: "Know what you bring",
    5: "Do your homework",
}


def create_steps() -> None:
    """Insert the five fixed steps (part of creating a fresh journal)."""
    Step.insert_many(
        [{"number": number, "title": title} for number, title in STEP_TITLES.items()]
    ).execute()


def step_label(number: int | None) -> str:
    return f"{number} · {STEP_TITLES[number]}" if number else "no step"
