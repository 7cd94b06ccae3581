"""The domain knows nothing of the screen; the screen knows nothing of peewee."""

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "mentorjournal"


def test_models_db_and_services_never_import_textual() -> None:
    code = (
        "import sys, mentorjournal.db, mentorjournal.models, mentorjournal.config, "
        "mentorjournal.services.entries, mentorjournal.services.search, "
        "mentorjournal.services.steps, mentorjournal.external_editor\n"
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not leaked, leaked"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_screens_and_widgets_never_import_peewee() -> None:
    ui_files = [*PACKAGE.glob("screens/*.py"), *PACKAGE.glob("widgets/*.py"), PACKAGE / "app.py"]
    assert ui_files
    for path in ui_files:
        assert not _imports(path) & {"peewee", "playhouse", "sqlite3"}, path


def test_import_contracts_hold() -> None:
    """The layers and the forbidden imports declared in pyproject.toml (import-linter)."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter)], cwd=PACKAGE.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_only_db_opens_a_write_transaction() -> None:
    for path in PACKAGE.rglob("*.py"):
        if path.name != "db.py":
            assert ".atomic(" not in path.read_text(), path


def test_no_function_is_longer_than_sixty_lines() -> None:
    """Long functions are split into named steps."""
    long = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 60
    ]
    assert long == []
