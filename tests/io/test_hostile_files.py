"""Hostile files through the real command line: one line naming the record, no traceback,
the journal untouched."""

import pytest

from mentorjournal.cli import main

HEAD = '{"format": "mentorjournal", "version": 1, '
ENTRY = '"entries": [{"written_at": "2026-11-27T08:00", "body": %s}]}'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[" * 200_000 + "]" * 200_000, "nested deeper than 64"),
        (HEAD + '"x": ' + "[" * 70 + "]" * 70 + "}", "nested deeper than 64"),
        (HEAD + '"people": [{"id": ' + "9" * 5000 + ', "name": "Ana"}]}', "too large"),
        (HEAD + '"people": [{"id": 1e999, "name": "Ana"}]}', "too large"),
        (HEAD + '"people": [{"id": NaN, "name": "Ana"}]}', "not a number"),
        (HEAD + ENTRY % '"\\ud800 lone"', "entries[0]: 'body' is not valid UTF-8"),
        (HEAD + ENTRY % '["a", "list"]', "entries[0]: 'body' is missing or not a str"),
        (
            HEAD + '"entries": [{"written_at": "0001-01-01T00:00", "body": "x"}]}',
            "entries[0]: 'written_at' must be between 1900-01-01",
        ),
        (
            HEAD + '"entries": [{"written_at": "9999-12-31T23:59:59-23:59", "body": "x"}]}',
            "entries[0]: 'written_at' is not a date and time",
        ),
        (
            HEAD + '"ledger": [{"date": "2201-01-01", "person": "Ana", "direction": "give"}]}',
            "ledger[0]: 'date' must be between",
        ),
        ('{"entries": [{"date": "2025-01-01", "title": "x", "tags": 7}]}', "entry 1: 'tags'"),
        ('{"entries": [{"date": "2025-01-01", "body": ["a"]}]}', "entry 1: 'body' must be a text"),
        ('{"entries": [{"date": "0001-01-01", "body": "a"}]}', "entry 1: the date must be"),
    ],
)
def test_a_hostile_file_is_one_line(capsys, tmp_path, content, message) -> None:
    journal, path = tmp_path / "journal.db", tmp_path / "hostile.json"
    assert main(["--db", str(journal), "log", "kept"]) == 0
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    capsys.readouterr()
    code = main(["--db", str(journal), "import", str(path)])
    _out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message in err
    assert main(["--db", str(journal), "export", "--format", "markdown"]) == 0
    assert "kept" in capsys.readouterr()[0]
