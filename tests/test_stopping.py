"""A stopped build leaves nothing running, keeps the last site and the next build is right.

Each signal goes to the build's own process only (as `timeout`, CI runners and
systemd send it), while its worker processes are busy: the case where orphans
used to keep the caller's pipes open forever.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, TODAY_EPOCH, tree, write_site

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the build's processes")

ITEMS = 1200  # above workers.MIN_PARALLEL, so validation runs in worker processes for a while


def news(number: int) -> str:
    body = "\n\n".join(f"Đoạn {k} của tin số {number}: cải cách hành chính, một cửa, dịch vụ công trực tuyến." for k in range(12))
    return f"---\ntitle: Tin hoạt động số {number}\ndate: 2024-03-{1 + number % 28:02d}\ntags: [Một cửa]\n---\n{body}\n"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    site = write_site(tmp_path_factory.mktemp("stop") / "site", {f"content/tin-tuc/tin-{n}.md": news(n) for n in range(ITEMS)})
    first = start_build(site)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    return site


def start_build(site: Path, through_build_py: bool = False) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY_EPOCH, "PYTHONPATH": str(REPO)}
    options = ["--site", str(site), "--jobs", "2", "--no-cache", "--no-search"]
    command = (
        [sys.executable, str(REPO / "build.py"), *options] if through_build_py else [sys.executable, "-m", "cchcsite", "build", *options]
    )
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


WORKING_TICKS = 10  # CPU time (clock ticks, 10 ms each) a worker has spent validating: busy, not starting


def session_processes(session: int) -> dict[int, tuple[int, int]]:
    """The live processes of a session: pid → (when it started, CPU ticks it has used), from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields after the name: state, ppid, pgrp, session, …, utime, stime (12th, 13th), …, starttime (20th)
            if int(fields[3]) == session and fields[0] != "Z":
                found[int(entry.name)] = (int(fields[19]), int(fields[11]) + int(fields[12]))
    return found


def wait_for_workers(build: subprocess.Popen, processes: int = 3) -> None:
    """Until the build runs `processes` processes (the build and its two workers, started last) and
    both workers are busy with the work: a stop then lands in the middle of it."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and build.poll() is None:
        running = sorted(session_processes(build.pid).values())
        if len(running) >= processes and min(ticks for _, ticks in running[-2:]) >= WORKING_TICKS:
            return
        time.sleep(0.02)
    pytest.fail("the build never had two busy worker processes")


def assert_all_gone_within_5_s(session: int) -> None:
    deadline = time.monotonic() + 5
    while session_processes(session) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert session_processes(session) == {}, "processes of the stopped build are still alive 5 s later"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL, signal.SIGINT], ids=["SIGTERM", "SIGKILL", "SIGINT"])
def test_a_stopped_build_leaves_no_process_and_keeps_the_last_site(big_site, signum):
    before = tree(big_site / "public")
    build = start_build(big_site)
    wait_for_workers(build)
    os.kill(build.pid, signum)  # the build's own process only, not its group
    # The caller reads the pipes to their end: that returns only once every process holding them is gone.
    out, err = build.communicate(timeout=20)
    assert_all_gone_within_5_s(build.pid)
    if signum == signal.SIGTERM:
        assert build.returncode == 143 and "Đã dừng." in err
    elif signum == signal.SIGINT:
        assert build.returncode == 130 and "Đã dừng." in err
    else:
        assert build.returncode == -signal.SIGKILL
    assert "Traceback" not in err
    assert tree(big_site / "public") == before, "the stopped build changed the last good site"

    again = start_build(big_site)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert tree(big_site / "public") == before
    assert not (big_site / ".public.tmp").exists()


def test_stopping_build_py_stops_the_build_it_started(big_site):
    """`python3 build.py` is what Netlify and the Pages workflows run: a SIGTERM to it reaches the build."""
    before = tree(big_site / "public")
    build = start_build(big_site, through_build_py=True)
    wait_for_workers(build, processes=4)  # build.py, the build, two workers
    os.kill(build.pid, signal.SIGTERM)
    out, err = build.communicate(timeout=20)
    assert_all_gone_within_5_s(build.pid)
    assert build.returncode == 143 and "Đã dừng." in err
    assert tree(big_site / "public") == before
