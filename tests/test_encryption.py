"""Encrypted journals: encrypt, decrypt and rekey through the command line, and every
other command on an encrypted journal."""

import getpass
import os
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from playhouse.migrate import migrate

from mentorjournal import clock, db, passphrase
from mentorjournal.cli import main
from mentorjournal.models import database
from mentorjournal.services import entries, search
from mentorjournal.services.journal import open_journal

from .conftest import TODAY

SECRET = "correct horse battery staple"
WORDS = ("zanzibar", "quetzalcoatl", "Müller's-feedback")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def bodies(path: Path, key: str | None = SECRET) -> list[str]:
    open_journal(path, passphrase=key)
    try:
        return sorted(
            e.body for day, _ in entries.days_with_entries() for e in entries.entries_on(day)
        )
    finally:
        db.close_journal()


def files_holding(folder: Path, word: str) -> list[Path]:
    """Every file under `folder` whose bytes contain `word` (as `grep -rl` would say)."""
    needle = word.encode()
    return [path for path in folder.rglob("*") if path.is_file() and needle in path.read_bytes()]


def unreadable_by_sqlite3(path: Path) -> bool:
    try:
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        return "not a database" in str(error)
    return False


@pytest.fixture
def with_passphrase(monkeypatch) -> str:
    monkeypatch.setenv(passphrase.VARIABLE, SECRET)
    return SECRET


@pytest.fixture
def plain_journal(capsys, journal_path: Path) -> Path:
    """A plain journal with an entry per word and a plain backup."""
    for word in WORDS:
        assert main(["log", f"feedback from {word} about the queue"]) == 0
    assert main(["backup"]) == 0
    capsys.readouterr()
    return journal_path


@pytest.fixture
def encrypted(capsys, plain_journal: Path, with_passphrase: str) -> Path:
    code, out, err = run(capsys, "encrypt", "--remove-plain-backups")
    assert (code, err) == (0, ""), err
    assert "encrypted" in out and "removed 1 unencrypted backup\n" in out
    return plain_journal


def test_after_encrypt_no_word_is_left_in_any_file(capsys, plain_journal, monkeypatch) -> None:
    folder = plain_journal.parent
    assert files_holding(folder, WORDS[0])  # the test can see words when they are there
    old_bytes = folder / "old-inode.db"
    os.link(plain_journal, old_bytes)  # the plain file's inode, to see it overwritten
    monkeypatch.setenv(passphrase.VARIABLE, SECRET)

    assert run(capsys, "encrypt", "--remove-plain-backups")[0] == 0
    assert run(capsys, "backup")[0] == 0  # backups from now on
    open_journal(plain_journal, passphrase=SECRET)
    clock.fix(date(2030, 1, 1), None)  # a new day: the app's daily backup is due
    assert db.daily_backup(plain_journal) is not None
    db.close_journal()

    assert set(old_bytes.read_bytes()) == {0}, "the plain original was not overwritten"
    old_bytes.unlink()
    for word in WORDS:
        assert files_holding(folder, word) == [], word
    assert unreadable_by_sqlite3(plain_journal)
    for backup in (folder / "backups").glob("*.db"):
        assert unreadable_by_sqlite3(backup)
        assert len(bodies(backup)) == len(WORDS)  # each opens with the same passphrase
    assert bodies(plain_journal) == sorted(f"feedback from {w} about the queue" for w in WORDS)


def test_every_command_works_on_an_encrypted_journal(capsys, encrypted, tmp_path) -> None:
    code, out, _err = run(capsys, "check")
    assert code == 0 and out.startswith("ok: 3 entries") and "encrypted" in out
    assert run(capsys, "log", "zanzibar again")[0] == 0
    code, _out, err = run(capsys, "export", "--format", "json", "-o", str(tmp_path / "out.json"))
    assert code == 0 and "out.json is not encrypted" in err and err.count("\n") == 1
    assert b"zanzibar again" in (tmp_path / "out.json").read_bytes()  # exports are plain

    other = tmp_path / "other.db"
    assert run(capsys, "--db", str(other), "import", str(tmp_path / "out.json"))[0] == 0
    assert main(["--db", str(other), "log", "only in the other one"]) == 0
    assert run(capsys, "--db", str(other), "export", "-o", str(tmp_path / "more.json"))[0] == 0
    code, out, _err = run(capsys, "import", str(tmp_path / "more.json"))
    assert code == 0, out
    assert "only in the other one" in bodies(encrypted)
    holding = files_holding(tmp_path, "only in the other")
    assert all(path.suffix == ".json" or path.name.startswith("other.db") for path in holding)
    assert unreadable_by_sqlite3(encrypted)


def test_a_wrong_passphrase_is_one_line_exit_2_and_the_file_untouched(
    capsys, encrypted, monkeypatch
) -> None:
    before = encrypted.read_bytes()
    monkeypatch.setenv(passphrase.VARIABLE, "not it")
    for argv in (["check"], ["log", "x"], ["export"], ["decrypt"], ["rekey"]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, ""), argv
        assert err.count("\n") == 1 and "wrong passphrase" in err, (argv, err)
    assert encrypted.read_bytes() == before
    assert not list(encrypted.parent.glob("*.converting*"))


def test_the_passphrase_command_wins_over_the_variable(capsys, encrypted, monkeypatch) -> None:
    monkeypatch.setenv(passphrase.VARIABLE, "not it")
    monkeypatch.setenv(passphrase.COMMAND_VARIABLE, f"printf '%s\\n' '{SECRET}'")
    assert run(capsys, "check")[0] == 0
    monkeypatch.setenv(passphrase.COMMAND_VARIABLE, "exit 3")
    code, _out, err = run(capsys, "check")
    assert code == 2 and err.count("\n") == 1 and "exit status 3" in err


def test_without_a_passphrase_or_a_terminal_it_says_how_to_give_one(capsys, encrypted, monkeypatch):
    monkeypatch.delenv(passphrase.VARIABLE)
    code, _out, err = run(capsys, "check")
    assert code == 2 and err.count("\n") == 1
    assert passphrase.VARIABLE in err and passphrase.COMMAND_VARIABLE in err


def typed(monkeypatch, *answers: str) -> list[str]:
    """The terminal answers each prompt with the next of `answers`; returns the prompts."""
    prompts, queue = [], list(answers)
    monkeypatch.setattr(passphrase, "can_ask", lambda: True)

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return queue.pop(0)

    monkeypatch.setattr(getpass, "getpass", answer)
    return prompts


def test_the_terminal_asks_three_times_at_most(capsys, encrypted, monkeypatch) -> None:
    monkeypatch.delenv(passphrase.VARIABLE)
    typed(monkeypatch, "one", "two", SECRET)
    code, out, err = run(capsys, "check")
    assert code == 0 and "ok" in out
    assert err.count("wrong passphrase, try again") == 2

    prompts = typed(monkeypatch, "one", "two", "three", SECRET)
    code, _out, err = run(capsys, "check")
    assert code == 2 and len(prompts) == 3
    assert err.splitlines()[-1].startswith("mentorjournal: wrong passphrase for")


def test_encrypt_asks_the_new_passphrase_twice(capsys, plain_journal, monkeypatch) -> None:
    before = plain_journal.read_bytes()
    typed(monkeypatch, "first", "second")
    code, _out, err = run(capsys, "encrypt")
    assert code == 2 and "differ" in err
    assert plain_journal.read_bytes() == before
    typed(monkeypatch, "", "")
    assert run(capsys, "encrypt")[0] == 2
    typed(monkeypatch, SECRET, SECRET)
    monkeypatch.setattr("builtins.input", lambda _question: "y")
    code, out, _err = run(capsys, "encrypt")
    assert code == 0 and "removed 1 unencrypted backup\n" in out
    assert len(bodies(plain_journal)) == len(WORDS)


def test_plain_backups_are_kept_unless_the_user_says_so(capsys, plain_journal, monkeypatch):
    monkeypatch.setenv(passphrase.VARIABLE, SECRET)
    code, out, _err = run(capsys, "encrypt")
    assert code == 0 and "kept 1 unencrypted backup:" in out and "--remove-plain-backups" in out
    assert files_holding(plain_journal.parent / "backups", WORDS[0])
    code, out, _err = run(capsys, "encrypt", "--remove-plain-backups")
    assert code == 0 and "removed 1" in out
    assert files_holding(plain_journal.parent, WORDS[0]) == []


def test_decrypt_gives_back_a_plain_journal(capsys, encrypted) -> None:
    code, out, _err = run(capsys, "decrypt")
    assert code == 0 and "decrypted" in out
    assert not unreadable_by_sqlite3(encrypted)
    assert bodies(encrypted, key=None) == sorted(
        f"feedback from {w} about the queue" for w in WORDS
    )
    assert run(capsys, "decrypt")[0] == 2  # not encrypted any more: one line, nothing done


def test_rekey_changes_the_passphrase(capsys, encrypted, monkeypatch) -> None:
    assert run(capsys, "backup")[0] == 0
    monkeypatch.setenv(passphrase.NEW_VARIABLE, "a new one")
    code, out, _err = run(capsys, "rekey")
    assert code == 0 and "new passphrase" in out
    with pytest.raises(db.WrongPassphrase):
        open_journal(encrypted, passphrase=SECRET)
    assert len(bodies(encrypted, key="a new one")) == len(WORDS)
    [backup] = (encrypted.parent / "backups").glob("*.db")
    assert len(bodies(backup, key=SECRET)) == len(WORDS)  # made before: the old passphrase
    assert run(capsys, "encrypt")[0] == 2  # already encrypted


@pytest.mark.parametrize("command", ["decrypt", "rekey"])
def test_a_plain_journal_is_said_so_before_any_passphrase_is_asked(
    capsys, plain_journal, monkeypatch, command
) -> None:
    prompts = typed(monkeypatch)  # any prompt would fail: no answer is queued
    before = plain_journal.read_bytes()
    code, _out, err = run(capsys, command)
    assert (code, prompts) == (2, []) and "is not encrypted" in err and err.count("\n") == 1
    assert plain_journal.read_bytes() == before


def test_an_encrypted_journal_is_said_so_before_a_new_passphrase_is_asked(
    capsys, encrypted, monkeypatch
) -> None:
    monkeypatch.delenv(passphrase.VARIABLE)
    prompts = typed(monkeypatch)
    code, _out, err = run(capsys, "encrypt")
    assert (code, prompts) == (2, []) and "already encrypted" in err


def test_rekey_opens_the_journal_once_and_asks_the_new_passphrase_after_the_old(
    capsys, encrypted, monkeypatch
) -> None:
    monkeypatch.delenv(passphrase.VARIABLE)
    prompts = typed(monkeypatch, "not it")
    code, _out, err = run(capsys, "rekey")
    assert code == 2 and "wrong passphrase" in err
    assert len(prompts) == 1  # the new one was never asked for
    opened = []
    real_open = db.open_journal
    monkeypatch.setattr(db, "open_journal", lambda *a, **k: opened.append(1) or real_open(*a, **k))
    prompts = typed(monkeypatch, SECRET, "a new one", "a new one")
    code, out, _err = run(capsys, "rekey")
    assert code == 0 and "new passphrase" in out
    assert (len(prompts), len(opened)) == (3, 1)
    assert len(bodies(encrypted, key="a new one")) == len(WORDS)


def test_secure_delete_follows_the_connections_sqlite_and_a_decrypted_journal_stays_usable(
    capsys, encrypted
) -> None:
    """SQLCipher bundles its own SQLite (newer than Python's here): the encrypted journal's
    index gets FTS5 secure-delete by that version; decrypted, Python's SQLite (maybe older
    than 3.44) still searches and writes it."""
    open_journal(encrypted, passphrase=SECRET)
    version = database.execute_sql("SELECT sqlite_version()").fetchone()[0]
    newer = tuple(int(part) for part in version.split(".")) >= search.SECURE_DELETE_SINCE
    config = "SELECT v FROM entry_index_config WHERE k = 'secure-delete'"
    assert (database.execute_sql(config).fetchone() == (1,)) == newer == search.has_secure_delete()
    [hit], _total = search.search_entries(WORDS[0])  # replaced: FTS5 deletes its old row
    entries.update_entry(hit.entry_id, "rewritten while encrypted", step=None, tags=[])
    db.close_journal()
    assert run(capsys, "decrypt")[0] == 0
    assert run(capsys, "log", "written after decrypting")[0] == 0
    open_journal(encrypted)
    assert search.search_entries("decrypting")[1] == 1
    assert search.search_entries("rewritten")[1] == 1


def test_a_plain_file_is_never_taken_for_an_encrypted_one(capsys, plain_journal, with_passphrase):
    assert run(capsys, "check")[0] == 0  # a passphrase in the environment changes nothing
    assert not unreadable_by_sqlite3(plain_journal)
    assert not db.is_encrypted(plain_journal)


def test_random_bytes_are_refused_after_the_passphrase(capsys, tmp_path, with_passphrase) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(8192))
    before = garbage.read_bytes()
    code, _out, err = run(capsys, "--db", str(garbage), "check")
    assert code == 2 and err.count("\n") == 1 and "not a mentorjournal journal" in err
    assert garbage.read_bytes() == before


def test_migrations_run_on_an_encrypted_journal(encrypted, monkeypatch) -> None:
    def add_mood(migrator) -> None:
        from peewee import CharField

        migrate(migrator.add_column("entry", "mood", CharField(default="")))

    current = db.SCHEMA_VERSION
    monkeypatch.setattr(db, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(db.MIGRATIONS, current + 1, add_mood)
    open_journal(encrypted, passphrase=SECRET)
    assert db.schema_version() == current + 1
    assert "mood" in {column.name for column in database.get_columns("entry")}
    db.close_journal()
    [before] = encrypted.parent.glob(f"journal.schema-{current}-*.bak")
    assert unreadable_by_sqlite3(before)
    assert len(bodies(before)) == len(WORDS)


def test_a_plain_journal_never_loads_sqlcipher(plain_journal) -> None:
    script = (
        "import sys; from mentorjournal.cli import main; "
        f"code = main(['--db', {str(plain_journal)!r}, 'check']); "
        "print(code, 'sqlcipher3' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split()[-2:] == ["0", "False"], result.stderr


def test_kill_9_during_encrypt_leaves_the_original_whole(tmp_path) -> None:
    journal = tmp_path / "journal.db"
    open_journal(journal, today=TODAY)
    for number in range(1500):
        entries.create_entry(date(2020, 1, 1), f"entry {number} zanzibar " + "words " * 250)
    db.close_journal()
    before = bodies(journal, key=None)
    env = {**os.environ, passphrase.VARIABLE: SECRET}
    copy = tmp_path / "journal.db.converting"
    for _attempt in range(5):
        process = subprocess.Popen(
            [sys.executable, "-m", "mentorjournal", "--db", str(journal), "encrypt"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while process.poll() is None and not (copy.exists() and copy.stat().st_size > 0):
            time.sleep(0.002)
        process.kill()
        process.wait()
        if process.returncode == -9 and copy.exists():
            break
    assert copy.exists(), "never caught encrypt half-way"
    assert not unreadable_by_sqlite3(journal)
    assert bodies(journal, key=None) == before
    result = subprocess.run(
        [sys.executable, "-m", "mentorjournal", "--db", str(journal), "encrypt"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert not copy.exists()  # the half-made copy of the killed run is gone
    assert bodies(journal) == before


def test_encrypt_refuses_a_journal_open_in_another_window(capsys, plain_journal, with_passphrase):
    holder = (  # another process: POSIX locks do not tell connections of one process apart
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT count(*) FROM entry').fetchone(); print('open', flush=True); "
        "sys.stdin.read()"
    )
    other_window = subprocess.Popen(
        [sys.executable, "-c", holder, str(plain_journal)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other_window.stdout.readline() == "open\n"
        before = plain_journal.read_bytes()
        code, _out, err = run(capsys, "encrypt")
        assert code == 2 and err.count("\n") == 1 and "open in another window" in err
        assert plain_journal.read_bytes() == before
        assert not list(plain_journal.parent.glob("*.converting*"))
    finally:
        other_window.communicate("")


def test_a_left_draft_follows_its_journal_into_encryption(capsys, plain_journal, monkeypatch):
    from mentorjournal.services.drafts import DraftStore, drafts_path

    subprocess.run(  # a window that crashed with a draft typed: its text waits in the drafts
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; "
            "from mentorjournal.services.drafts import DraftStore; "
            "DraftStore(Path(sys.argv[1])).keep('entry:1', 'draft', {'body': 'xylophone'})",
            str(plain_journal),
        ],
        check=True,
    )
    assert files_holding(plain_journal.parent, "xylophone")
    monkeypatch.setenv(passphrase.VARIABLE, SECRET)

    assert run(capsys, "encrypt", "--remove-plain-backups")[0] == 0

    assert files_holding(plain_journal.parent, "xylophone") == []
    assert unreadable_by_sqlite3(drafts_path(plain_journal))
    open_journal(plain_journal, passphrase=SECRET)
    store = DraftStore(plain_journal)
    assert [d.data["body"] for d in store.left_behind()] == ["xylophone"]
    store.close()
    db.close_journal()


def test_ctrl_d_at_a_prompt_or_a_command_printing_bytes_is_one_line(
    capsys, encrypted, monkeypatch
) -> None:
    monkeypatch.delenv(passphrase.VARIABLE)
    monkeypatch.setattr(passphrase, "can_ask", lambda: True)

    def ctrl_d(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", ctrl_d)
    code, _out, err = run(capsys, "check")
    assert (code, err) == (2, "mentorjournal: no passphrase given: nothing changed\n")

    monkeypatch.setenv(passphrase.COMMAND_VARIABLE, "printf '\\377\\376'")
    code, _out, err = run(capsys, "check")
    assert code == 2 and "printed something that is not text" in err
    assert len(bodies(encrypted)) == len(WORDS)  # untouched


def test_encrypt_and_decrypt_count_one_entry_as_one(capsys, journal_path, with_passphrase) -> None:
    assert main(["log", "the only page"]) == 0
    code, out, _err = run(capsys, "encrypt", "--remove-plain-backups")
    assert code == 0 and "(1 entry);" in out
    code, out, _err = run(capsys, "decrypt")
    assert code == 0 and "(1 entry):" in out
