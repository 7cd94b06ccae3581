"""Progress drawn as text, in theme colours, for lists and headers."""

from textual.content import Content


def bar(done: int, total: int, width: int = 10) -> Content:
    """`━━━━──────` for done of total; an empty total draws a dim rule."""
    filled = round(width * done / total) if total else 0
    style = "$text-success" if total and done >= total else "$text-accent"
    return Content.assemble(("━" * filled, style), ("─" * (width - filled), "dim"))


def counted(done: int, total: int, width: int = 10) -> Content:
    """A bar followed by `done/total`, or a dim dash when there is nothing to count."""
    if not total:
        return Content.styled("─" * width + " –", "dim")
    return Content.assemble(bar(done, total, width), f" {done}/{total}")
