"""Editing an entry in $EDITOR: what the editor saves comes back; failures say why."""

import os
import subprocess

import pytest

from mentorjournal.external_editor import EditorError, edit_text, remove_stale


@pytest.fixture
def fake_editor(tmp_path, monkeypatch):
    def install(script: str) -> None:
        path = tmp_path / "editor.sh"
        path.write_text("#!/bin/sh\n" + script)
        path.chmod(0o700)
        monkeypatch.setenv("EDITOR", str(path))

    return install


def test_text_comes_back_from_the_editor(fake_editor, tmp_path) -> None:
    fake_editor(f'stat -c %a "$1" > {tmp_path}/mode; printf "\\nadded in vim" >> "$1"\n')
    assert edit_text("written in the app", tmp_path) == "written in the app\nadded in vim"
    assert (tmp_path / "mode").read_text().strip() == "600"


def test_an_editor_that_fails_keeps_the_text(fake_editor, tmp_path) -> None:
    fake_editor("exit 3\n")
    with pytest.raises(EditorError, match="status 3"):
        edit_text("unchanged", tmp_path)


def test_a_missing_editor_is_a_clear_message(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EDITOR", "/no/such/editor --wait")
    with pytest.raises(EditorError, match="cannot run '/no/such/editor'"):
        edit_text("x", tmp_path)


@pytest.mark.parametrize(
    ("editor", "message"), [("   ", "blank"), ("'unclosed", "No closing quotation")]
)
def test_an_editor_setting_that_cannot_be_split_is_a_clear_message(
    monkeypatch, tmp_path, editor, message
) -> None:
    monkeypatch.setenv("EDITOR", editor)
    with pytest.raises(EditorError, match=message):
        edit_text("x", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_text_is_edited_in_the_given_private_folder_and_removed(fake_editor, tmp_path):
    folder = tmp_path / "editing"
    folder.mkdir(mode=0o700)
    fake_editor(f'dirname "$1" > {tmp_path}/where\n')
    edit_text("x", folder)
    assert (tmp_path / "where").read_text().strip() == str(folder)
    assert list(folder.iterdir()) == []


def test_files_left_by_a_killed_run_are_removed(tmp_path) -> None:
    dead = _dead_pid()
    left = tmp_path / f"entry-{dead}-abcd1234.md"
    left.write_text("the entry being edited when the app was killed")
    mine = tmp_path / f"entry-{os.getpid()}-abcd1234.md"
    mine.write_text("being edited right now")
    other = tmp_path / "notes.md"
    other.write_text("not ours")
    assert remove_stale(tmp_path) == [left]
    assert mine.exists() and other.exists()


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid
