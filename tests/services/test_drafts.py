"""The drafts store: private, per window, adopted from windows that are gone, erased for good."""

import stat
import subprocess
import sys

import pytest

from mentorjournal.services.drafts import DraftStore, drafts_path


@pytest.mark.sqlite_only  # the file's name
def test_a_draft_is_kept_in_a_private_companion_file_until_cleared(journal) -> None:
    store = DraftStore(journal)
    assert store.keep("form:ledger:{}", "New: something you receive", {"values": {"note": "x"}})
    path = drafts_path(journal)
    assert path.name == "journal.db.drafts"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [d.data for d in store.mine()] == [{"values": {"note": "x"}}]
    assert store.keep("form:ledger:{}", "New: something you receive", {"values": {"note": "xy"}})
    assert [d.data["values"]["note"] for d in store.mine()] == ["xy"]  # replaced, not added
    assert store.clear("form:ledger:{}")
    assert store.mine() == []
    store.close()


def test_a_running_window_keeps_its_drafts_and_a_gone_one_leaves_them(journal) -> None:
    running = DraftStore(journal)
    running.keep("entry:1", "“mine” of 27 Nov 2026", {"body": "still typing"})
    gone = subprocess.run(  # another process: it keeps a draft, then ends without clearing it
        [
            sys.executable,
            "-c",
            "import sys; "
            "from mentorjournal.services.drafts import DraftStore; "
            "s = DraftStore(sys.argv[1]); s.keep('entry:2', 'theirs', {'body': 'left'})",
            str(journal),
        ],
        check=True,
    )
    assert gone.returncode == 0
    starting = DraftStore(journal)
    found = starting.left_behind()
    assert [(d.title, d.data) for d in found] == [("theirs", {"body": "left"})]
    assert found[0].key.startswith("left:")
    assert [d.data for d in running.mine()] == [{"body": "still typing"}]  # not taken
    assert starting.clear(found[0].key)
    assert starting.mine() == []
    for store in (running, starting):
        store.close()


def test_an_adopted_draft_is_offered_again_if_the_adopter_ends_first(journal) -> None:
    first = DraftStore(journal)
    first.keep("notes:1", "step 1 notes", {"notes": {"strengths": "listening"}})
    first.close()  # that window ended (as a killed process would)
    second = DraftStore(journal)
    assert [d.title for d in second.left_behind()] == ["step 1 notes"]
    second.close()
    third = DraftStore(journal)
    assert [d.data for d in third.left_behind()] == [{"notes": {"strengths": "listening"}}]
    third.close()


def test_cleared_text_leaves_the_file(journal) -> None:
    store = DraftStore(journal)
    store.keep("entry:new:2026-11-27", "x", {"body": "zanzibarword " * 50})
    store.clear("entry:new:2026-11-27")
    store.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = drafts_path(journal).with_name(drafts_path(journal).name + suffix)
        if path.exists():
            assert b"zanzibarword" not in path.read_bytes(), path


def test_a_store_that_cannot_be_written_says_why_and_never_raises(tmp_path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    store = DraftStore(not_a_folder / "journal.db")
    assert not store.keep("entry:1", "t", {"body": "b"})
    assert "drafts not kept" in store.problem
    assert store.left_behind() == []


@pytest.mark.sqlite_only  # encryption is for journal files
def test_the_drafts_of_an_encrypted_journal_are_encrypted_with_its_key(journal) -> None:
    from mentorjournal import cipher, db
    from mentorjournal.services.journal import open_journal

    db.close_journal()
    cipher.encrypt(journal, "tea at four")
    open_journal(journal, passphrase="tea at four")
    store = DraftStore(journal)
    assert store.keep("entry:1", "t", {"body": "a private zanzibarword"})
    store.close()
    for suffix in ("", "-wal"):
        path = drafts_path(journal).with_name(drafts_path(journal).name + suffix)
        if path.exists():
            assert b"zanzibarword" not in path.read_bytes(), path
    store = DraftStore(journal)
    assert [d.data for d in store.left_behind()] == [{"body": "a private zanzibarword"}]
    store.close()
