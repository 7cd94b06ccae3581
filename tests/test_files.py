"""Files the user names: never over the journal, never through a planted symlink,
never an existing file without --force, and backups prune only their own."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentorjournal import db
from mentorjournal.config import save_setting
from mentorjournal.files import FileRefused, write_text


def cli(journal: Path, *argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mentorjournal", "--db", str(journal), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "MENTORJOURNAL_DB": str(journal)},
    )


def refused(result: subprocess.CompletedProcess, words: str) -> bool:
    err = result.stderr
    return (
        result.returncode == 2 and words in err and err.count("\n") == 1 and "Traceback" not in err
    )


@pytest.fixture
def written(journal_path: Path) -> Path:
    assert cli(journal_path, "log", "a precious page").returncode == 0
    return journal_path


def test_export_never_replaces_the_journal_or_its_companions(written: Path) -> None:
    before = written.read_bytes()
    for name in ("journal.db", "journal.db-wal", "journal.db-shm"):
        for force in ((), ("--force",)):
            result = cli(
                written, "export", "--format", "markdown", "-o", str(written.parent / name), *force
            )
            assert refused(result, "never overwritten"), (name, force, result.stderr)
    assert written.read_bytes() == before
    assert not written.with_name("journal.db-wal").exists()  # not even created
    assert "a precious page" in cli(written, "export", "--format", "markdown").stdout


def test_a_symlink_or_hard_link_to_the_journal_is_the_journal(
    written: Path, tmp_path: Path
) -> None:
    (tmp_path / "alias.db").symlink_to(written)
    os.link(written, tmp_path / "hard.db")
    for alias in ("alias.db", "hard.db"):
        result = cli(written, "export", "-o", str(tmp_path / alias), "--force")
        assert refused(result, "never overwritten"), result.stderr
    assert cli(written, "check").stdout.startswith("ok: 1 entries")


def test_an_existing_file_is_replaced_only_with_force(written: Path, tmp_path: Path) -> None:
    mine = tmp_path / "notes.md"
    mine.write_text("my own notes")
    assert refused(cli(written, "export", "--format", "markdown", "-o", str(mine)), "--force")
    assert mine.read_text() == "my own notes"
    result = cli(written, "export", "--format", "markdown", "-o", str(mine), "--force")
    assert result.returncode == 0, result.stderr
    assert "a precious page" in mine.read_text()
    assert mine.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def test_a_trailing_slash_means_a_folder(written: Path, tmp_path: Path) -> None:
    assert refused(cli(written, "export", "-o", str(tmp_path / "exports") + "/"), "no such folder")
    assert not (tmp_path / "exports").exists()
    (tmp_path / "exports").mkdir()
    result = cli(written, "export", "--format", "ics", "-o", str(tmp_path / "exports") + "/")
    assert result.returncode == 0, result.stderr
    [made] = (tmp_path / "exports").iterdir()
    assert made.name.startswith("journal-") and made.suffix == ".ics"
    assert Path(result.stdout.strip()) == made


def test_backup_never_follows_a_planted_partial_symlink(written: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    target = tmp_path / "copy.db"
    (tmp_path / "copy.db.partial").symlink_to(victim)
    result = cli(written, "backup", str(target))
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "not yours"
    assert "a precious page" in cli(target, "export", "--format", "markdown").stdout


def test_settings_never_follow_a_planted_partial_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    settings = tmp_path / "config.toml"
    (tmp_path / "config.toml.partial").symlink_to(victim)
    save_setting(settings, "theme", "nord")
    assert victim.read_text() == "not yours"
    assert settings.read_text() == 'theme = "nord"\n'


def test_a_partial_file_is_created_exclusively(tmp_path: Path, monkeypatch) -> None:
    """Even a planted file of the very name chosen is never opened: another is chosen."""
    names = iter(["aaaa", "bbbb"])
    monkeypatch.setattr("secrets.token_hex", lambda _n: next(names))
    victim = tmp_path / "victim.txt"
    victim.write_text("not yours")
    (tmp_path / ".out.txt.aaaa.partial").symlink_to(victim)
    write_text(tmp_path / "out.txt", "fresh")
    assert victim.read_text() == "not yours"
    assert (tmp_path / "out.txt").read_text() == "fresh"


def test_backup_keep_prunes_only_its_own_backups(written: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    strangers = ["journal-2025.db", "journal-2.db", "journal-20250101-000000-000000.db.txt"]
    for name in strangers:
        (folder / name).write_text("not a backup of ours")
    for _ in range(3):
        assert cli(written, "backup", str(folder), "--keep", "1").returncode == 0
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == len(strangers) + 1
    assert set(strangers) < set(names)


def test_backup_never_replaces_a_backup_even_with_force(written: Path, tmp_path: Path) -> None:
    made = Path(cli(written, "backup", str(tmp_path) + "/").stdout.strip())
    assert db.is_backup_of(written, made)
    before = made.read_bytes()
    assert refused(cli(written, "export", "-o", str(made), "--force"), "never overwritten")
    assert refused(cli(written, "backup", str(made), "--force"), "never overwritten")
    assert made.read_bytes() == before


def test_backup_prune_leaves_one_fresh_backup(written: Path, tmp_path: Path) -> None:
    for _ in range(3):
        assert cli(written, "backup").returncode == 0
    upgrade_copy = tmp_path / "journal.schema-1-20260101-120000.bak"
    upgrade_copy.write_text("an old copy")
    result = cli(written, "backup", "--prune")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("removed") == 4
    assert len(list((tmp_path / "backups").iterdir())) == 1
    assert not upgrade_copy.exists()


def test_write_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileRefused, match="does not exist"):
        write_text(tmp_path / "nowhere" / "x.txt", "x")
