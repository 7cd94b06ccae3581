"""A throwaway PostgreSQL 15 cluster for the tests: one per test session (per xdist
worker), run as an unprivileged user (initdb refuses root) on a Unix socket in a
temporary folder, so that parallel workers never share a port or a file.

The folder's name carries the process id of the session that owns it
(`mjpg-<pid>-…`): the postmaster outlives a session killed with SIGKILL (`pg_ctl`
detaches it), so each session first stops the clusters whose owner is gone, and
never one whose owner still runs (another xdist worker's).
"""

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

from mentorjournal import db_postgres

BIN = Path("/usr/lib/postgresql/15/bin")
SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "autovacuum=off",
    "listen_addresses=",
)


def missing() -> str | None:
    """Why no cluster can run here, or None."""
    if not (BIN / "initdb").exists() and not shutil.which("initdb"):
        return "PostgreSQL 15 is not installed (apt-get install postgresql-15)"
    return None


def _binary(name: str) -> str:
    return str(BIN / name) if (BIN / name).exists() else str(shutil.which(name))


def _as_user() -> list[str]:
    """Run as the `postgres` user when we are root (else as ourselves)."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"]
    raise RuntimeError("no unprivileged user to run PostgreSQL as")


class Cluster:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._names = count(1)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@/{name}?host={self.folder}"

    def admin(self, sql: str) -> None:
        with db_postgres.driver().connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def new_database(self, template: str = "template1") -> str:
        name = f"journal_{next(self._names)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    def drop(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _owner(folder: Path) -> int | None:
    """The process id of the session that made `folder`, or None for another name."""
    found = re.fullmatch(r"mjpg-(\d+)-\w+", folder.name)
    return int(found[1]) if found else None


def _runs(pid: int) -> bool:
    """Process `pid` runs (one killed and not yet waited for, a zombie, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def stop_orphans() -> None:
    """Stop and remove the clusters whose owning session is gone."""
    for folder in Path(tempfile.gettempdir()).glob("mjpg-*"):
        owner = _owner(folder)
        if owner is None or _runs(owner):
            continue  # named otherwise, or its session runs (another xdist worker)
        stop = [_binary("pg_ctl"), "-D", folder / "data", "-m", "immediate", "-w", "stop"]
        subprocess.run([*_as_user(), *stop], capture_output=True)  # none runs: refused
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def cluster() -> Iterator[Cluster]:
    stop_orphans()
    folder = Path(tempfile.mkdtemp(prefix=f"mjpg-{os.getpid()}-"))
    user = _as_user()
    if user:
        shutil.chown(folder, user=user[2])
    data, log = folder / "data", folder / "log"
    run = lambda *args: subprocess.run([*user, *args], check=True, capture_output=True)  # noqa: E731
    try:
        run(
            _binary("initdb"),
            "-D",
            data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "-N",
        )
        options = " ".join(f"-c {setting}" for setting in SETTINGS)
        run(_binary("pg_ctl"), "-D", data, "-l", log, "-w", "-o", f"-k {folder} {options}", "start")
        try:
            yield Cluster(folder)
        finally:
            run(_binary("pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
