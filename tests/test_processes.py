"""The forked runner: results in order, errors from children, and Ctrl-C that never hangs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from pdfutil import own_group

from brochure.processes import RemoteTraceback, fork_map


def test_results_come_back_in_the_items_order_from_inherited_state() -> None:
    """This test ensures every item's result comes back in order, computed by children that
    use what the parent held (a lock does not pickle, so it can only have been inherited)."""
    held = threading.Lock()
    assert fork_map(lambda n: (n * n, held.locked()), list(range(7)), 2) == [
        (n * n, False) for n in range(7)
    ]


def fail_on_odd(n: int) -> int:
    time.sleep(0.1 * n)
    if n % 2:
        raise ValueError(f"item {n} is odd")
    return n


def test_the_first_failing_item_is_raised_with_the_childs_traceback() -> None:
    """This test ensures that when several items fail, the first one's exception in the items'
    order is raised (whichever child finished first), with where it was raised as its cause."""
    with pytest.raises(ValueError, match=r"^item 3 is odd$") as caught:
        fork_map(fail_on_odd, [0, 3, 1], 2)  # item 1 fails first, item 3 comes first
    assert isinstance(caught.value.__cause__, RemoteTraceback)
    assert "fail_on_odd" in str(caught.value.__cause__)


class Unpicklable(Exception):
    def __init__(self) -> None:
        super().__init__("cannot cross a pipe")
        self.lock = threading.Lock()


def raise_unpicklable(_: int) -> int:
    raise Unpicklable()


def test_an_exception_that_does_not_pickle_still_reaches_the_parent() -> None:
    """This test ensures a child's exception that cannot be pickled arrives as a RuntimeError
    naming it, instead of a child that dies and a parent that waits."""
    with pytest.raises(RuntimeError, match="Unpicklable: cannot cross a pipe"):
        fork_map(raise_unpicklable, [1, 2], 2)


CHILD = textwrap.dedent(
    """
    import os, sys, time
    from brochure.processes import fork_map

    def work(n):
        with open(sys.argv[1], "a") as f:
            f.write(f"{os.getpid()}\\n")
        time.sleep(0.05 * n)
        return bytes(8_000_000)  # far more than a pipe holds: the result is written in pieces

    try:
        fork_map(work, list(range(40)), 2)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
        sys.exit(130)
    """
)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.parametrize("after_items", [2, 3, 7])
def test_ctrl_c_stops_parent_and_children_at_once(tmp_path: Path, after_items: int) -> None:
    """This test ensures Ctrl-C to the process group while children work and send large
    results ends the parent with its own message and leaves no child running (a process pool
    used to wait forever for half a result from a child that Ctrl-C had killed)."""
    pids = tmp_path / "pids"
    pids.touch()
    run = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(pids)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=own_group,
    )
    try:
        while run.poll() is None:  # both children at work, ``after_items`` items begun
            begun = pids.read_text().split()
            if len(begun) >= after_items and len(set(begun)) == 2:
                break
            time.sleep(0.005)
        os.killpg(run.pid, signal.SIGINT)
        out, err = run.communicate(timeout=60)  # a hang is the failure; no speed is asserted
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.communicate()
    assert (run.returncode, out, err) == (130, b"interrupted\n", b"")
    children = {int(p) for p in pids.read_text().split()}
    assert len(children) == 2
    deadline = time.monotonic() + 10
    while any(alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(alive(p) for p in children)


def make_lock(_: int) -> threading.Lock:
    return threading.Lock()


def test_a_result_that_does_not_pickle_is_an_error_naming_it() -> None:
    """This test ensures a child whose result cannot cross the pipe reports why, instead of
    dying and leaving the parent to wait."""
    with pytest.raises(RuntimeError, match=r"TypeError: cannot pickle '_thread\.lock' object"):
        fork_map(make_lock, [1], 2)


ORPHAN = textwrap.dedent(
    """
    import os, sys, time
    from brochure.processes import fork_map

    def work(n):
        with open(sys.argv[1], "a") as f:
            f.write(f"{os.getpid()}\\n")
        time.sleep(0.3)
        return n

    fork_map(work, list(range(100)), 2)
    """
)


def test_children_stop_when_their_parent_is_killed(tmp_path: Path) -> None:
    """This test ensures killing the parent outright (no chance to clean up) leaves no child
    running on as an orphan: each stops after its current item."""
    pids = tmp_path / "pids"
    pids.touch()
    run = subprocess.Popen([sys.executable, "-c", ORPHAN, str(pids)], start_new_session=True)
    while len(pids.read_text().split()) < 2:
        time.sleep(0.005)
    run.kill()
    run.wait()
    started = len(pids.read_text().split())
    children = {int(p) for p in pids.read_text().split()}
    deadline = time.monotonic() + 30  # a child finishes its 0.3 s item first
    while any(alive(p) for p in children) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not any(alive(p) for p in children)
    # at most the item each child was handed as its parent died; none taken after
    assert len(pids.read_text().split()) <= started + 2


@pytest.mark.parametrize(
    ("quota", "expected"),
    [("150000 100000\n", 2), ("50000 100000\n", 1), ("max 100000\n", None), (None, None)],
)
def test_workers_follow_a_containers_cpu_quota(tmp_path: Path, quota: str | None, expected):
    """This test ensures the default worker count is the CPUs this process may use: its
    affinity, capped by a cgroup v2 quota (1.5 CPUs: 2 workers; 0.5: 1), and no cap when
    the quota is "max" or there is none."""
    from brochure.processes import usable_cpus

    cpu_max = tmp_path / "cpu.max"
    if quota is not None:
        cpu_max.write_text(quota, encoding="ascii")
    affinity = len(os.sched_getaffinity(0))
    assert usable_cpus(cpu_max) == (affinity if expected is None else min(affinity, expected))


def test_jobs_sets_how_many_processes_lay_out_the_variants(tmp_path, capsys, monkeypatch):
    """This test ensures `build --jobs 1` lays out every variant in the tool's own process,
    and `--jobs 2` in two forked workers."""
    from conftest import ROOT
    from test_document import LEAFLET

    import brochure
    from brochure.cli import main

    (tmp_path / "assets").symlink_to(ROOT / "assets")
    (tmp_path / "content.yaml").write_text(LEAFLET, encoding="utf-8")
    calls: list[int] = []

    def counted(fn, items, workers):  # type: ignore[no-untyped-def]
        calls.append(workers)
        return fork_map(fn, items, workers)

    monkeypatch.setattr(brochure, "fork_map", counted)
    assert main(["build", "--root", str(tmp_path), "--jobs", "1"]) == 0
    assert calls == []
    assert main(["build", "--root", str(tmp_path), "--jobs", "2", "--force"]) == 0
    assert calls == [2]
    capsys.readouterr()


INTERRUPTS = Path(__file__).resolve().parent.parent / "brochure" / "interrupts.py"
LOAD = f"""\
import importlib.util, os, signal, time
spec = importlib.util.spec_from_file_location("interrupts", {str(INTERRUPTS)!r})
interrupts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(interrupts)  # as the package loads it, first of all
"""
CTRL_C = "os.kill(os.getpid(), signal.SIGINT); time.sleep(1); print('still running')\n"


def _python(script: str, ignore_sigint: bool = False) -> subprocess.CompletedProcess[str]:
    ignore = (lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignore_sigint else None
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=ignore,
    )


def test_ctrl_c_while_the_tool_loads_says_one_line_not_a_traceback() -> None:
    """This test ensures Ctrl-C in the first moments of a command, while the package is
    still importing, ends it with status 130 and the one line an interrupted build prints
    (no traceback through the imports); that Ctrl-C raises KeyboardInterrupt again once the
    package is loaded, as the command line expects; and that a process ignoring SIGINT (a
    worker, nohup) keeps ignoring it."""
    loading = _python(LOAD + CTRL_C)
    assert loading.returncode == 130
    assert loading.stderr == "interrupted: nothing was changed in the output folder\n"
    loaded = _python(
        LOAD
        + "interrupts.done()\ntry:\n    "
        + CTRL_C
        + "except KeyboardInterrupt:\n    print('KeyboardInterrupt')\n"
    )
    assert (loaded.returncode, loaded.stdout) == (0, "KeyboardInterrupt\n"), loaded.stderr
    ignored = _python(LOAD + CTRL_C, ignore_sigint=True)
    assert (ignored.returncode, ignored.stdout) == (0, "still running\n"), ignored.stderr
    handler = "signal.getsignal(signal.SIGINT) is signal.default_int_handler"
    package = _python(f"import brochure, signal\nprint({handler})")
    assert package.stdout == "True\n", package.stderr


def test_a_child_starts_its_next_task_while_the_parent_is_busy(tmp_path: Path) -> None:
    """This test ensures a child handed two tasks starts the second before the parent has
    read the first one's result (half a megabyte, more than a pipe holds by default): a
    library's parent busy publishing an edition does not hold its workers up."""
    from brochure.processes import Workers

    started = tmp_path / "started"
    started.write_text("")

    def work(n: int) -> bytes:
        with started.open("a") as f:
            f.write(f"{n}\n")
        return b"x" * 500_000

    results = []
    with Workers(work, 1, depth=2) as pool:
        assert pool.idle() == [0]
        pool.send(0, 1)
        assert pool.idle() == [0]  # room for one more
        pool.send(0, 2)
        assert pool.idle() == []
        deadline = time.monotonic() + 10
        while len(started.read_text().split()) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert started.read_text().split() == ["1", "2"]  # no result read yet
        while pool.tasks:
            results += [(task, len(value)) for _w, task, _ok, value, _where in pool.done()]  # type: ignore[arg-type]
    assert results == [(1, 500_000), (2, 500_000)]
