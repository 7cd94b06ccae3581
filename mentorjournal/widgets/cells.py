"""Text fitted to terminal cells, not characters: 王小明 takes six cells, a combining accent none.

Every column of names and labels goes through `fit`, so that rows line up whatever
the script.
"""

from rich.cells import cell_len, chop_cells


def fit(text: str, width: int, align: str = "<") -> str:
    """`text` in exactly `width` cells: padded with spaces, or cut short with `…`.

    `align` is `<` (left, the default) or `>` (right).
    """
    if width <= 0:
        return ""
    if cell_len(text) > width:
        text = _cut(text, width - 1) + "…"
    padding = " " * (width - cell_len(text))
    return padding + text if align == ">" else text + padding


def widest(texts: list[str]) -> int:
    """The cells the widest of `texts` takes (0 for none)."""
    return max((cell_len(text) for text in texts), default=0)


def _cut(text: str, cells: int) -> str:
    """The longest start of `text` that fits in `cells`, never half a wide character."""
    return chop_cells(text, cells)[0] if text and cells > 0 else ""
