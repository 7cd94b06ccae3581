"""JSON text exactly as `json.dumps(value, ensure_ascii=False, indent=2)` writes it, faster.

With `indent` the standard library writes every value through its pure-Python encoder;
without it, through its C one. Here each run of plain values (texts, numbers, true,
false, null) is written by the C encoder in one call, the line break and indentation
given as its item separator, so that the text is byte for byte the same. Keys are texts.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from json.encoder import c_make_encoder, encode_basestring

INDENT = "  "
_NESTED = frozenset((dict, list, tuple))  # exactly these types: no subclasses
BATCH = 500  # records written at once
_ENCODERS: dict[int, Callable[[object], str]] = {}


def _unencodable(value: object) -> object:
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _plain(level: int) -> Callable[[object], str]:
    """The C encoder writing items one per line, at `level` (made once per level)."""
    if level not in _ENCODERS:
        _ENCODERS[level] = _one_line_each(",\n" + INDENT * level)
    return _ENCODERS[level]


def _one_line_each(separator: str) -> Callable[[object], str]:
    if c_make_encoder is None:  # an interpreter without the C accelerator
        return json.JSONEncoder(ensure_ascii=False, separators=(separator, ": ")).encode
    chunks = c_make_encoder(
        None, _unencodable, encode_basestring, None, ": ", separator, False, False, True
    )

    def encoder(value: object) -> str:
        return "".join(chunks(value, 0))

    return encoder


def encode(value: object, level: int = 0) -> str:
    """`value` as indented JSON, its first line not indented, its others for `level`."""
    kind = type(value)
    if kind is dict:
        return _object(value, level) if value else "{}"
    if kind is list or kind is tuple:
        return _array(value, level) if value else "[]"
    return _plain(level)(value)


def _wrapped(opening: str, parts: list[str], closing: str, level: int) -> str:
    inner = INDENT * (level + 1)
    between = ",\n" + inner
    return f"{opening}\n{inner}{between.join(parts)}\n{INDENT * level}{closing}"


def _flat(values: Iterable) -> bool:
    """Whether the C encoder writes `values` as `indent` would: no container but empty
    ones (`[]`, `{}`), checked without a Python loop."""
    return _NESTED.isdisjoint(map(type, filter(None, values)))


def _object(value: dict, level: int) -> str:
    """Each run of plain items in one call of the C encoder, each nested one in its own."""
    plain = _plain(level + 1)
    if _flat(value.values()):
        return _wrapped("{", [plain(value)[1:-1]], "}", level)
    items = list(value.items())
    nested = [index for index, (_, item) in enumerate(items) if type(item) in _NESTED and item]
    parts: list[str] = []
    begin = 0
    for index in nested:
        if index > begin:
            parts.append(plain(dict(items[begin:index]))[1:-1])
        key, item = items[index]
        parts.append(f"{encode_basestring(key)}: {encode(item, level + 1)}")
        begin = index + 1
    if begin < len(items):
        parts.append(plain(dict(items[begin:]))[1:-1])
    return _wrapped("{", parts, "}", level)


def _array(value: list | tuple, level: int) -> str:
    if _flat(value):
        return _wrapped("[", [_plain(level + 1)(list(value))[1:-1]], "]", level)
    return _wrapped("[", [encode(item, level + 1) for item in value], "]", level)


def write_object(write: Callable[[str], object], fields: Iterable[tuple[str, object]]) -> None:
    """A top-level object written piece by piece: a value that is an iterator (a
    generator of records) is written as an array, each record as it comes."""
    separator = "{\n" + INDENT
    for key, value in fields:
        write(f"{separator}{encode_basestring(key)}: ")
        separator = ",\n" + INDENT
        if isinstance(value, Iterator):
            _write_array(write, value)
        else:
            write(encode(value, 1))
    write("\n}" if separator != "{\n" + INDENT else "{}")


def _write_array(write: Callable[[str], object], items: Iterator) -> None:
    """The records as they come, BATCH at a time."""
    between = ",\n" + INDENT * 2
    batch: list[str] = []
    first = True
    for item in items:
        batch.append(encode(item, 2))
        if len(batch) == BATCH:
            write(("[\n" + INDENT * 2 if first else between) + between.join(batch))
            batch, first = [], False
    if batch:
        write(("[\n" + INDENT * 2 if first else between) + between.join(batch))
        first = False
    write("[]" if first else "\n" + INDENT + "]")
