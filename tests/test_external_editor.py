"""Editing an entry in $EDITOR: what the editor saves comes back; failures say why."""

import pytest

from mentorjournal.external_editor import EditorError, edit_text


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
    assert edit_text("written in the app") == "written in the app\nadded in vim"
    assert (tmp_path / "mode").read_text().strip() == "600"


def test_an_editor_that_fails_keeps_the_text(fake_editor) -> None:
    fake_editor("exit 3\n")
    with pytest.raises(EditorError, match="status 3"):
        edit_text("unchanged")


def test_a_missing_editor_is_a_clear_message(monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "/no/such/editor --wait")
    with pytest.raises(EditorError, match="cannot run '/no/such/editor'"):
        edit_text("x")
