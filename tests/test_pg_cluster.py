"""The tests' throwaway PostgreSQL cluster never outlives its session for long: a
session killed with SIGKILL leaves its postmaster running, and the next session stops
it, while a cluster whose session still runs (another xdist worker's) is left alone."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import postgres

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent
SESSION = """
import time
from tests import postgres
with postgres.cluster() as cluster:
    print(cluster.folder, flush=True)
    time.sleep(300)
"""


def running_in(folder: Path) -> list[int]:
    """The processes whose command line names `folder` (a postmaster's `-D`, `-k`)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            words = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or not a process
            continue
        if proc.name.isdigit() and any(str(folder).encode() in word for word in words):
            found.append(int(proc.name))
    return found


def test_a_killed_sessions_cluster_is_stopped_by_the_next_session(pg_cluster) -> None:
    session = subprocess.Popen(
        [sys.executable, "-c", SESSION], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        folder = Path(session.stdout.readline().strip())
    finally:
        session.kill()
        session.wait()
        session.stdout.close()
    assert folder.name.startswith(f"mjpg-{session.pid}-")
    assert running_in(folder)  # the postmaster outlived its session

    postgres.stop_orphans()  # what the next session's fixture does first
    assert not running_in(folder) and not folder.exists()
    assert pg_cluster.folder.name.startswith(f"mjpg-{os.getpid()}-")
    pg_cluster.admin("SELECT 1")  # a live session's cluster is never stopped
