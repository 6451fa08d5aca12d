"""Work spread over forked processes, which Ctrl-C stops at once and cleanly.

Why not ``ProcessPoolExecutor``: a terminal's Ctrl-C reaches every process in the group, and a
pool worker that dies of it (or is terminated) while writing a result leaves half a message in
the result pipe; the pool's manager thread then waits for the rest forever, and so does the
interpreter's exit, which joins that thread. ``make`` hung that way after "interrupted" (seen
under load). Here the children ignore SIGINT, no thread is involved, and the parent, which alone
handles Ctrl-C, terminates the children before it unwinds. Children are forked after the work
is prepared, so they inherit the parsed fonts, checked content and composed documents: only
an index goes out and a result comes back.
"""

from __future__ import annotations

import math
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # multiprocessing loads only when work is spread (3 ms of every command)
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkProcess

T = TypeVar("T")
R = TypeVar("R")


def usable_cpus(quota_file: Path = Path("/sys/fs/cgroup/cpu.max")) -> int:
    """The processors this process may use: its CPU affinity, capped by a container's CPU
    quota (cgroup v2 ``cpu.max``, e.g. ``150000 100000`` is 1.5 CPUs, so 2 workers)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        quota, period = quota_file.read_text(encoding="ascii").split()[:2]
        if quota != "max":
            cpus = min(cpus or 1, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here
    return cpus or 1


def workers_for(jobs: int) -> int:
    """``--jobs``: 0 (the default) means one worker per usable processor."""
    return jobs if jobs > 0 else usable_cpus()


class RemoteTraceback(Exception):
    """Where a child's exception was raised (kept as the ``__cause__`` shown by --debug)."""


def _serve(
    fn: Callable[[T], R], items: Sequence[T], conn: Connection, parents: list[Connection]
) -> None:
    """A child: run ``fn`` on each index the parent sends until it sends ``None``; if the
    parent is gone (killed), stop after the current item instead of running on as an orphan."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked from before the fork
    for end in parents:  # the parent's ends, inherited: only the parent may hold them, so
        end.close()  # that its death closes every pipe and wakes this child
    while True:
        try:
            i = conn.recv()
        except (EOFError, OSError):  # the parent has gone away
            return
        if i is None:
            return
        reply: tuple[int, bool, object, str]
        try:
            reply = (i, True, fn(items[i]), "")
        except BaseException as exc:  # handed to the parent, which raises it
            reply = (i, False, exc, traceback.format_exc())
        try:
            conn.send(reply)
        except OSError:  # the parent has gone away
            return
        except Exception as exc:  # the result or the exception does not pickle
            what = exc if reply[1] else reply[2]
            error = RuntimeError(f"{type(what).__name__}: {what}")
            conn.send((i, False, error, str(reply[3]) or traceback.format_exc()))


def fork_map(fn: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``[fn(item) for item in items]`` computed in up to ``workers`` forked children, each
    taking the next item as it finishes one. If any call raised, the first one's exception (in
    the items' order) is raised once all have run; any exception here, Ctrl-C included,
    terminates the children at once."""
    import multiprocessing
    from multiprocessing.connection import Connection, wait

    context = multiprocessing.get_context("fork")
    children: list[tuple[ForkProcess, Connection]] = []
    results: dict[int, R] = {}
    failures: dict[int, tuple[BaseException, str]] = {}
    try:
        # A Ctrl-C while a child starts up must not kill it before it ignores SIGINT: it is
        # held back here until every child is running, and then reaches this process alone.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for _ in range(min(workers, len(items))):
                ours, theirs = context.Pipe()
                parents = [conn for _, conn in children] + [ours]
                child = context.Process(
                    target=_serve, args=(fn, items, theirs, parents), daemon=True
                )
                child.start()
                theirs.close()
                children.append((child, ours))
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        handed = 0
        for _, conn in children:
            conn.send(handed)
            handed += 1
        busy = {conn: child for child, conn in children}
        while busy:
            for ready in wait(list(busy)):
                assert isinstance(ready, Connection)
                try:
                    i, ok, value, where = ready.recv()
                except EOFError:
                    code = busy[ready].exitcode
                    raise RuntimeError(f"a worker process died (exit code {code})") from None
                if ok:
                    results[i] = value
                else:
                    failures[i] = (value, where)
                ready.send(handed if handed < len(items) else None)
                if handed < len(items):
                    handed += 1
                else:
                    del busy[ready]
    finally:
        for child, conn in children:
            if len(results) + len(failures) < len(items):
                child.terminate()
            child.join()
            conn.close()
    if failures:
        exc, where = failures[min(failures)]
        raise exc from RemoteTraceback(where)
    return [results[i] for i in range(len(items))]
