"""Counts and amounts said in words: "1 entry", "2 entries", "1 person", "1.5 h".

The one home for plurals, so that no screen or command writes "1 meetings".
"""

IRREGULAR = {"person": "people"}


def plural(noun: str, count: int = 2) -> str:
    """`noun` as it reads after `count`: the last word takes the plural."""
    if count == 1:
        return noun
    head, _space, last = noun.rpartition(" ")
    if last in IRREGULAR:
        many = IRREGULAR[last]
    elif last.endswith("y") and last[-2:-1] not in tuple("aeiou"):
        many = last[:-1] + "ies"
    elif last.endswith(("s", "x", "ch", "sh")):
        many = last + "es"
    else:
        many = last + "s"
    return f"{head} {many}" if head else many


def amount(count: int, noun: str) -> str:
    """`3 entries`, `1 entry`, `1,204 words`."""
    return f"{count:,} {plural(noun, count)}"


def agree(count: int, one: str, many: str) -> str:
    """The verb that goes with `count`: agree(1, "matches", "match")."""
    return one if count == 1 else many


def hours(value: float) -> str:
    """`1.5 h`, `2 h`: hours to one decimal, without a trailing `.0`."""
    return f"{value:.1f}".removesuffix(".0") + " h"
