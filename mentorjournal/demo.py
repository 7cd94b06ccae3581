"""A believable sample journal for `mentorjournal demo` and the screenshots.

Seeded from the date it is built for, so the same day always gives the same journal.
"""

import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

from mentorjournal.db import write
from mentorjournal.services import (
    blocks,
    checklist,
    day_notes,
    entries,
    groups,
    ledger,
    people,
    steps,
)
from mentorjournal.services.blocks import Draft
from mentorjournal.services.groups import GroupForm
from mentorjournal.services.journal import open_journal
from mentorjournal.services.ledger import EntryForm
from mentorjournal.services.people import PersonForm
from mentorjournal.services.weeks import week_start

DAYS = 182
STREAK = 12  # the last days are all written

PEOPLE = ("Ana", "Ben", "Cai", "Dana", "Farah", "Gus", "Hana", "Kofi", "Lea")

# (name, organisation, role, stage, met days ago, how, keep in touch every N days)
CONTACTS = (
    ("Ana Ribeiro", "Northwind", "Staff engineer", "mentor", 400, "a talk she gave on queues", 30),
    ("Ben Okafor", "Northwind", "Engineering manager", "ally", 300, "my first team lead", 21),
    ("Cai Lin", "Fabrikam", "Data platform lead", "contact", 120, "introduced by Ben", 45),
    ("Dana Weiss", "Contoso", "Principal engineer", "acquaintance", 40, "Rust meetup", None),
    (
        "Farah Haddad",
        "Northwind",
        "Junior developer",
        "mentee",
        200,
        "the onboarding buddy scheme",
        14,
    ),
    ("Gus Lindqvist", "Litware", "CTO", "acquaintance", 20, "LeadDev conference", None),
    ("Hana Sato", "Fabrikam", "Recruiter", "contact", 150, "a hiring loop", 90),
    ("Kofi Mensah", "Adatum", "Director of engineering", "ally", 250, "the platform guild", 30),
    ("Lea Fischer", "Tailspin", "SRE", "contact", 90, "incident review workshop", 60),
    ("Milan Novak", "Northwind", "Product manager", "ally", 350, "same floor", None),
    ("Nora Quist", "Open source", "Maintainer", "acquaintance", 60, "a pull request review", None),
    ("Omar Said", "Wingtip", "Engineer", "mentee", 100, "the Rust meetup", 21),
)
# (name, kind, status, joined days ago, dropped days ago, rating, cost a year, notes)
GROUP_RECORDS = (
    ("Rust meetup", "meetup", "committed", 300, None, 5, 0.0, "every other Thursday"),
    (
        "Platform engineering guild",
        "professional association",
        "committed",
        250,
        None,
        4,
        120.0,
        "",
    ),
    ("Tech leads Slack", "online community", "trying", 120, None, 2, 0.0, "mostly job posts"),
    ("Women in tech leadership circle", "meetup", "trying", 30, None, 4, 0.0, "as an ally"),
    ("Toastmasters", "other", "dropped", 280, 200, 3, 90.0, "good, but Tuesday nights clash"),
    ("Open source foundation board", "board", "dropped", 200, 60, 2, 0.0, ""),
)
# (days ago, person, direction, kind, note, other person, follow up in days or None, done)
LEDGER = (
    (160, "Ana Ribeiro", "receive", "advice", "keep a brag document, weekly", "", 14, True),
    (150, "Ben Okafor", "receive", "introduction", "", "Cai Lin", None, False),
    (140, "Cai Lin", "receive", "resource", "their data platform runbook", "", None, False),
    (130, "Farah Haddad", "give", "feedback", "review of her first design doc", "", None, False),
    (110, "Kofi Mensah", "receive", "opportunity", "a talk slot at the guild", "", 30, True),
    (95, "Ana Ribeiro", "give", "introduction", "", "Kofi Mensah", None, False),
    (80, "Hana Sato", "give", "referral", "referred Lea for the SRE opening", "", None, False),
    (70, "Ben Okafor", "receive", "feedback", "be shorter in design reviews", "", None, False),
    (60, "Omar Said", "give", "resource", "the Rust exercises I wrote", "", None, False),
    (
        45,
        "Ana Ribeiro",
        "receive",
        "advice",
        "write the decision first, then the options",
        "",
        21,
        True,
    ),
    (30, "Milan Novak", "give", "other", "covered his on-call shift", "", None, False),
    (20, "Kofi Mensah", "give", "resource", "the load-testing harness", "", 10, False),
    (12, "Lea Fischer", "receive", "advice", "run incident reviews without blame", "", 20, False),
    (5, "Farah Haddad", "give", "advice", "how to ask for a stretch project", "", 12, False),
    (
        2,
        "Ana Ribeiro",
        "receive",
        "advice",
        "ask about staff roles before the review cycle",
        "",
        9,
        False,
    ),
)
TOPICS = (
    "the on-call rota",
    "our migration to event sourcing",
    "the design review for the billing service",
    "how we estimate platform work",
    "the flaky integration suite",
    "hiring for the data team",
    "writing the quarterly plan",
    "the incident write-up from Tuesday",
)
BOOKS = (
    "Staff Engineer by Will Larson",
    "The Manager's Path",
    "Designing Data-Intensive Applications",
    "Thinking in Systems",
    "A Philosophy of Software Design",
)
COURSES = ("the Rust ownership course", "the distributed systems lectures", "a SQL tuning workshop")
GROUPS = ("the Rust meetup", "the platform engineering guild", "Toastmasters", "the OSS Discord")

# (title, body, step, tags); {person}, {topic}, {book}, {course}, {group} are filled in.
PAGES = (
    (
        "Morning page",
        "Slept badly but the first hour was clear. Wrote down three things I want "
        "from this quarter: ship the queue rewrite, give one talk, and ask better "
        "questions in design reviews.\n\nWhat I am good at shows when I explain "
        "{topic} to someone new. I should do more of that on purpose.",
        1,
        "reflection",
    ),
    (
        "Strengths, again",
        "Re-read my strengths list. Still true: patient debugging, writing things "
        "down, calm in incidents. Missing: saying no early enough. {person} said "
        "last month that I take on work to avoid a hard conversation. Fair.",
        1,
        "reflection, strengths",
    ),
    (
        "Reading: {book}",
        "Forty minutes with {book} before stand-up. The chapter on sponsorship "
        "versus mentorship stuck: a sponsor spends their credibility on you, so "
        "you earn it first.\n\n- [ ] write a one-paragraph summary for the team wiki\n"
        "- [x] add the book to the reading list",
        2,
        "reading, learning",
    ),
    (
        "Course block",
        "Did the two-hour block for {course}. Finished the exercises on lifetimes; "
        "the borrow checker is less of a wall now. Booked the same slot next week "
        "so it stays a habit and not an event.",
        2,
        "course, learning",
    ),
    (
        "Podcast on the commute",
        "Listened to an episode on running incident reviews without blame. One "
        "idea to steal: ask 'what made this look like the right call at the time?' "
        "Will try it on {topic}.",
        2,
        "podcast",
    ),
    (
        "{group}",
        "Went to {group} tonight. Two good talks, one too long. Talked to {person} "
        "about {topic}; they offered to share their runbook template. This group "
        "keeps giving more than it takes; keeping it.",
        3,
        "groups, community",
    ),
    (
        "Which groups to keep",
        "Honest look at the groups I tried this year. {group} is worth the evening "
        "every time. The Slack community I joined in spring is mostly job posts: "
        "dropping it. Three is the most I can show up for properly.",
        3,
        "groups",
    ),
    (
        "Introduced {person}",
        "Introduced {person} to a friend who runs the data platform at her old "
        "company; both were looking at the same problem with {topic}. Cost me ten "
        "minutes and an email. Noted it in the ledger.",
        4,
        "giving, network",
    ),
    (
        "What I can offer",
        "Made a list of what I can give back: the load-testing harness I wrote, "
        "reviews of conference proposals, introductions to two hiring managers, "
        "and an honest read on {topic}. A mentee is not only a taker.",
        4,
        "giving",
    ),
    (
        "Prep for mentor meeting",
        "Agenda for Thursday with {person}:\n\n1. Report back: I tried the 'write "
        "the decision first' approach on {topic}. It worked.\n2. Ask: how did they "
        "decide between staff and management?\n3. Offer: the notes from the "
        "reliability talk.",
        5,
        "mentoring, homework",
    ),
    (
        "Mentor meeting notes",
        "Hour with {person}. Advice: stop waiting for permission to lead the design "
        "review; send the doc and invite comment. Also: keep a brag document, "
        "updated weekly, not the night before the review.\n\nAction: report back in "
        "two weeks on the design review.",
        5,
        "mentoring, advice",
    ),
    (
        "Reported back",
        "Sent {person} the follow-up: the design doc went out, nine comments, one "
        "real objection that changed the plan. Thanked them for the push. They "
        "replied within an hour. Relationships really are built in these small loops.",
        5,
        "mentoring, follow-up",
    ),
    (
        "Quiet day",
        "Mostly heads-down on {topic}. Nothing to report except that the afternoon "
        "focus block held. Tomorrow: the review prep.",
        None,
        "",
    ),
    (
        "Retro on the week",
        "Went well: the course block twice, the talk with {person}. Did not: skipped "
        "the reading slot on Wednesday for a meeting that could have been an email. "
        "Change: protect Wednesday mornings.",
        None,
        "review",
    ),
)

# Pages on this date in earlier years, for "On this day".
EARLIER_YEARS = (
    (
        2,
        "Why I am starting this journal\n\nI keep waiting for a mentor to find me. This "
        "year I will do the finding: know what I want, put learning in the calendar, show "
        "up to a few groups, and keep track of what I give as well as what I get.",
    ),
    (
        1,
        "A year in\n\nRe-read the first page. Two groups kept, one dropped, a mentor I "
        "meet every month, and a habit of reporting back after advice. Next year: give more.",
    ),
)


def _page(title: str, body: str, rng: random.Random) -> str:
    """A page with its blanks filled in, the same person, topic… in title and body."""
    words = {
        "person": rng.choice(PEOPLE),
        "topic": rng.choice(TOPICS),
        "book": rng.choice(BOOKS),
        "course": rng.choice(COURSES),
        "group": rng.choice(GROUPS),
    }
    return f"# {title.format(**words)}\n\n{body.format(**words)}"


# Step notes as they were rewritten over the months: (days ago, step, topic, text).
NOTES = (
    (170, 1, "strengths", "Patient debugging. Writing things down."),
    (
        40,
        1,
        "strengths",
        "Patient debugging; calm in incidents.\nWriting things down so others can follow.\n"
        "Explaining hard systems to people new to them.",
    ),
    (170, 1, "purpose", "Become a better engineer."),
    (
        60,
        1,
        "purpose",
        "Within three years, lead the technical direction of a platform team, and help "
        "two people grow the way my mentors helped me.",
    ),
    (
        30,
        4,
        "offer",
        "Ideas: the load-testing harness; a checklist for incident reviews.\n"
        "People: two hiring managers; the organisers of the Rust meetup.\n"
        "Skills: reviewing conference proposals, SQL tuning.",
    ),
    (10, 5, "notes", "Agenda template: report back, one question, one offer."),
)


def create(path: Path, today: date) -> int:
    """A fresh sample journal at `path`, begun six months before `today`; returns entries."""
    open_journal(path, today=today - timedelta(DAYS))
    return populate(today)


def populate(today: date) -> int:
    """Write the sample journal into the open database; returns how many entries."""
    rng = random.Random(today.toordinal())
    count = 0
    with write():
        _tick_checklist(today, rng)
        _people_and_groups(today)
        _plan_weeks(today, rng)
        for back, step, topic, text in NOTES:
            at = datetime.combine(today - timedelta(back), time(7, 30))
            steps.save_note(step, topic, text, at)
        for back in range(DAYS, -1, -1):
            day = today - timedelta(back)
            if back > STREAK and rng.random() < 0.18:  # some days go unwritten
                continue
            for _ in range(2 if rng.random() < 0.2 else 1):
                title, body, step, tags = rng.choice(PAGES)
                hour = 6 if back == 0 else rng.choice((7, 8, 12, 18, 21))  # today: early
                at = datetime.combine(day, time(hour, rng.randrange(60)))
                text = _page(title, body, rng)
                entries.create_entry(day, text, step=step, tags=tags.split(", "), now=at)
                count += 1
        for years, text in EARLIER_YEARS:
            try:
                day = today.replace(year=today.year - years)
            except ValueError:  # 29 February
                continue
            at = datetime.combine(day, time(8))
            entries.create_entry(day, text, step=1, tags=["reflection"], now=at)
            count += 1
    return count


def _tick_checklist(today: date, rng: random.Random) -> None:
    """Weekly actions mostly done in past weeks, a few this week; once actions over time."""
    this_week = week_start(today)
    for back in range(DAYS // 7, -1, -1):
        week = this_week - timedelta(7 * back)
        for actions in checklist.actions_in_week(week).values():
            for action in actions:
                chance = 0.4 if back == 0 else 0.75 if action.cadence == "weekly" else 0.025
                if not action.done and rng.random() < chance:
                    at = datetime.combine(min(week + timedelta(2), today), time(18))
                    checklist.toggle_action(action.id, week, at)


# Weekly series: (title, kind, weekday, start, minutes, person, notes)
SERIES = (
    ("Rust course", "course", 1, time(7, 30), 90, "", "chapter a week, exercises included"),
    ("Reading: DDIA", "reading", 3, time(7, 30), 60, "", ""),
    ("Commute podcast", "podcast", 0, time(8, 0), 30, "", ""),
    ("Commute podcast", "podcast", 4, time(8, 0), 30, "", ""),
)
# One-off blocks, weeks from this week: (weeks, title, kind, weekday, start, minutes, person, notes)
ONE_OFF = (
    (-12, "LeadDev conference", "conference", 2, time(9), 480, "", "talks on staff+ roles"),
    (-7, "Incident review workshop", "workshop", 3, time(13), 180, "", ""),
    (-3, "SQL tuning workshop", "workshop", 1, time(14), 120, "", ""),
    (0, "Design review prep", "other", 3, time(18, 30), 60, "", "overlaps the meetup"),
    (0, "Try the flashcards app", "app", 5, time(10), 30, "", ""),
    (1, "Lunch with Kofi", "mentor meeting", 1, time(12, 30), 60, "Kofi Mensah", "hiring loop"),
    (1, "Write the talk proposal", "other", 4, time(16), 90, "", "for the spring meetup"),
)

# Day notes, weeks from this week: (weeks, weekday, days, text)
DAY_NOTES = (
    (-12, 2, 2, "LeadDev conference days"),
    (0, 4, 3, "Long weekend away"),
    (1, 2, 1, "Quarterly planning day"),
)


def _plan_weeks(today: date, rng: random.Random) -> None:
    """Six months of time blocks: past weeks mostly done, next week planned."""
    this_week = week_start(today)
    first = this_week - timedelta(DAYS // 7 * 7)
    for title, kind, weekday, at, minutes, person, notes in SERIES:
        start = datetime.combine(first + timedelta(weekday), at)
        draft = Draft(
            title, kind, start, start + timedelta(minutes=minutes), notes, person, "weekly"
        )
        blocks.create_block(draft)
    for weeks in range(-(DAYS // 7), 2):
        monday = this_week + timedelta(7 * weeks)
        if weeks % 4 == 0:  # a monthly hour with a mentor
            _once(
                monday,
                2,
                time(12),
                60,
                "Monthly chat with Ana",
                "mentor meeting",
                "Ana Ribeiro",
                "report back on the design review; ask about staff roles",
            )
        if weeks % 2 == 0:
            _once(monday, 3, time(18), 120, "Rust meetup", "group meeting", "", "", "Rust meetup")
        if weeks % 4 == 2:
            guild = "Platform engineering guild"
            _once(monday, 1, time(17, 30), 90, "Guild evening", "group meeting", "", "", guild)
        if weeks % 6 == 1:
            circle = "Women in tech leadership circle"
            _once(monday, 0, time(19), 60, "Leadership circle", "group meeting", "", "", circle)
    for weeks, title, kind, weekday, at, minutes, person, notes in ONE_OFF:
        _once(this_week + timedelta(7 * weeks), weekday, at, minutes, title, kind, person, notes)
    for weeks, weekday, days, text in DAY_NOTES:
        first_day = this_week + timedelta(7 * weeks + weekday)
        day_notes.add(first_day, text, first_day + timedelta(days - 1))
    now = datetime.combine(today, time(6, 30))
    for weeks in range(-(DAYS // 7), 1):
        for shown in blocks.week_blocks(this_week + timedelta(7 * weeks)):
            if shown.end <= now:
                roll = rng.random()
                blocks.set_status(
                    shown, "done" if roll < 0.8 else "skipped" if roll < 0.9 else "planned"
                )


def _once(
    monday: date,
    weekday: int,
    at: time,
    minutes: int,
    title: str,
    kind: str,
    person: str,
    notes: str,
    group: str = "",
) -> None:
    start = datetime.combine(monday + timedelta(weekday), at)
    end = start + timedelta(minutes=minutes)
    blocks.create_block(Draft(title, kind, start, end, notes, person, group=group))


def _people_and_groups(today: date) -> None:
    """A dozen people in every stage, groups in every status, and the ledger between them."""
    for name, organisation, role, stage, met, how, every in CONTACTS:
        met_on = today - timedelta(met)
        form = PersonForm(name, organisation, role, stage, met_on, how, "", every)
        people.create_person(form, met_on)
    for name, kind, status, joined, dropped, rating, cost, notes in GROUP_RECORDS:
        left = today - timedelta(dropped) if dropped else None
        form = GroupForm(name, kind, status, today - timedelta(joined), left, rating, cost, notes)
        groups.create_group(form)
    for back, person, direction, kind, note, other, follow, done in LEDGER:
        day = today - timedelta(back)
        follow_up = day + timedelta(follow) if follow else None
        entry = ledger.add(EntryForm(day, person, direction, kind, note, other, follow_up))
        if kind == "advice" and direction == "receive":
            ledger.act_on_advice(entry, day)
        if done and follow_up:
            done_on = min(follow_up, today)
            at = datetime.combine(done_on, time(17))
            ledger.mark_followed_up(entry, at, week_start(done_on))
