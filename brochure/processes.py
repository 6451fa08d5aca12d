"""Work spread over forked processes, which Ctrl-C stops at once and cleanly.

Why not ``ProcessPoolExecutor``: a terminal's Ctrl-C reaches every process in the group, and a
pool worker that dies of it (or is terminated) while writing a result leaves half a message in
the result pipe; the pool's manager thread then waits for the rest forever, and so does the
interpreter's exit, which joins that thread. ``make`` hung that way after "interrupted" (seen
under load). Here the children ignore SIGINT, no thread is involved, and the parent, which alone
handles Ctrl-C, terminates the children before it unwinds. Children inherit what the parent
holds when they are forked (one build's variants: the parsed fonts, checked content and
composed documents), so only a small task goes out and a result comes back; the parent
chooses which child gets which task (``Workers``), ``fork_map`` hands them out in order.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import signal
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

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


Done = tuple[int, T, bool, object, str]  # worker, task, ok, result or exception, traceback


def _serve(
    fn: Callable[[T], R], tasks: Connection, results: Connection, parents: list[Connection]
) -> None:
    """A child: run ``fn`` on each task the parent sends until it sends ``None``; if the
    parent is gone (killed), stop after the current task instead of running on as an orphan."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked from before the fork
    for end in parents:  # the parent's ends, inherited: only the parent may hold them, so
        end.close()  # that its death closes every pipe and wakes this child
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):  # the parent has gone away
            return
        if task is None:
            return
        reply: tuple[bool, object, str]
        try:
            reply = (True, fn(task), "")
        except BaseException as exc:  # handed to the parent, which raises it
            reply = (False, exc, traceback.format_exc())
        try:
            results.send(reply)
        except OSError:  # the parent has gone away
            return
        except Exception as exc:  # the result or the exception does not pickle
            what = exc if reply[0] else reply[1]
            error = RuntimeError(f"{type(what).__name__}: {what}")
            results.send((False, error, reply[2] or traceback.format_exc()))


def _widen(conn: Connection) -> None:
    """Let a child's result pipe hold a whole result (1 MiB, what Linux lets any process
    ask for, instead of 64 KiB): the child then goes on to its next task while the parent
    is busy publishing, instead of waiting for it to read (10% of a library worker's time).
    Where that is not allowed, the pipe stays as it is."""
    with contextlib.suppress(OSError, AttributeError):  # F_SETPIPE_SZ: Linux only
        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


class Workers(Generic[T, R]):
    """``count`` forked children that run ``fn`` on the tasks this process hands each one,
    each child up to ``depth`` tasks ahead (the next waits in its pipe while it works, so it
    never waits for the parent between two). The parent chooses which child gets which task
    (the library keeps a leaflet edition on the child that holds it in memory). Leaving the
    ``with`` block by an exception, Ctrl-C included, terminates the children at once."""

    def __init__(self, fn: Callable[[T], R], count: int, depth: int = 1) -> None:
        self.fn, self.count, self.depth = fn, count, depth
        self.children: list[tuple[ForkProcess, Connection, Connection]] = []  # tasks, results
        self.tasks: dict[int, list[T]] = {}  # what each busy child was handed, oldest first

    def __enter__(self) -> Workers[T, R]:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        # A Ctrl-C while a child starts up must not kill it before it ignores SIGINT: it is
        # held back here until every child is running, and then reaches this process alone.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for _ in range(self.count):
                theirs, tasks = context.Pipe(duplex=False)
                results, answers = context.Pipe(duplex=False)
                _widen(answers)
                parents = [end for _, *ends in self.children for end in ends] + [tasks, results]
                child = context.Process(
                    target=_serve, args=(self.fn, theirs, answers, parents), daemon=True
                )
                child.start()
                theirs.close()
                answers.close()
                self.children.append((child, tasks, results))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return self

    def __exit__(self, *exc: object) -> None:
        for child, tasks, _results in self.children:
            if self.tasks or exc[0] is not None:
                child.terminate()
            else:
                try:
                    tasks.send(None)
                except OSError:
                    child.terminate()
        for child, tasks, results in self.children:
            child.join()
            tasks.close()
            results.close()

    def idle(self) -> list[int]:
        """The children with room for another task."""
        return [w for w in range(len(self.children)) if len(self.tasks.get(w, ())) < self.depth]

    def send(self, worker: int, task: T) -> None:
        self.children[worker][1].send(task)
        self.tasks.setdefault(worker, []).append(task)

    def done(self) -> list[Done[T]]:
        """Wait until a busy child has finished a task; what each finished child replied."""
        from multiprocessing.connection import wait

        conns = {self.children[w][2]: w for w in self.tasks}
        finished = []
        for ready in wait(list(conns)):
            worker = conns[ready]  # type: ignore[index]
            try:
                ok, value, where = self.children[worker][2].recv()
            except EOFError:
                code = self.children[worker][0].exitcode
                raise RuntimeError(f"a worker process died (exit code {code})") from None
            handed = self.tasks[worker]
            finished.append((worker, handed.pop(0), ok, value, where))
            if not handed:
                del self.tasks[worker]
        return finished


def fork_map(fn: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """``[fn(item) for item in items]`` computed in up to ``workers`` forked children, each
    taking the next item as it finishes one. If any call raised, the first one's exception (in
    the items' order) is raised once all have run; any exception here, Ctrl-C included,
    terminates the children at once."""
    results: dict[int, R] = {}
    failures: dict[int, tuple[BaseException, str]] = {}
    waiting = list(range(len(items)))[::-1]

    def call(i: int) -> R:
        return fn(items[i])

    with Workers(call, min(workers, len(items))) as pool:
        while waiting or pool.tasks:
            for worker in pool.idle():
                if waiting:
                    pool.send(worker, waiting.pop())
            for _worker, i, ok, value, where in pool.done():
                if ok:
                    results[i] = value  # type: ignore[assignment]
                else:
                    failures[i] = (value, where)  # type: ignore[assignment]
    if failures:
        exc, where = failures[min(failures)]
        raise exc from RemoteTraceback(where)
    return [results[i] for i in range(len(items))]
