"""A clinic's leaflet library: every leaflet x brand x language, built on any executor.

``content.yaml`` at the root is the default leaflet (its outputs keep today's names under
``output/``); ``leaflets/NAME/content.yaml`` holds more, each with its translations
(``content.es.yaml``) and pictures beside it, built into ``output/NAME/[BRAND/][LANG/]``.

The matrix runs on what one option chooses: forked processes on this machine (the default;
Ctrl-C stops them at once; with one processor, this process), threads, none (serial), or a
Dask cluster's executor for a hospital group that outgrows one machine (``dask`` starts a
local cluster; ``dask://HOST:PORT`` connects to a running scheduler). Each unit is
independent and incremental: an output whose inputs did not change is left alone, so a
one-paragraph edit rebuilds one leaflet.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .errors import BrochureError, SourceRef
from .processes import RemoteTraceback, Workers, fork_map, workers_for

if TYPE_CHECKING:
    from . import Built, Plan, Record
    from .render import Output

LEAFLETS = "leaflets"
HELD = 3  # units a library worker keeps planned in memory
AHEAD = 2  # documents a worker is handed beyond the one it lays out: publishing an edition
# (its fsyncs) can keep the parent from the pipes for longer than one short document
AHEAD_FROM = 4  # documents still to hand out per worker, below which none is handed ahead
FIRST_GUESS = 0.1  # seconds a document or a plan is taken to cost before one is seen
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Leaflet:
    """One leaflet of the library: its name ("" for the default) and its content file."""

    name: str
    content: str  # relative to the project root

    @property
    def label(self) -> str:
        return self.name or "content.yaml"

    def languages(self, root: Path) -> list[str]:
        """The translations beside the content file (``content.es.yaml`` -> ``es``)."""
        source = root / self.content
        found = source.parent.glob(f"{source.stem}.*.yaml")
        return sorted(p.name.split(".")[-2] for p in found)

    def out_dir(self, root: Path, brand: str, locale: str | None = None) -> Path:
        """``output/[BRAND/][LANG/]`` for the default leaflet, ``output/NAME/...`` for others."""
        out = root / "output" / self.name if self.name else root / "output"
        out = out if brand == "default" else out / brand
        return out / locale if locale else out


def leaflets(root: Path) -> list[Leaflet]:
    """Every leaflet in the project: the default first, then ``leaflets/*`` by name."""
    found = [Leaflet("", "content.yaml")] if (root / "content.yaml").is_file() else []
    folder = root / LEAFLETS
    if folder.is_dir():
        for sub in sorted(folder.iterdir()):
            if (sub / "content.yaml").is_file() and _NAME.match(sub.name):
                found.append(Leaflet(sub.name, f"{LEAFLETS}/{sub.name}/content.yaml"))
    return found


def find(root: Path, name: str) -> Leaflet:
    """The leaflet called ``name`` (``LEAFLET=name``), or an error naming the ones there are."""
    for leaflet in leaflets(root):
        if leaflet.name == name or (not leaflet.name and name in ("", "default")):
            return leaflet
    known = ", ".join(x.name or "default" for x in leaflets(root))
    raise BrochureError(
        f"no leaflet '{name}' (expected leaflets/{name}/content.yaml; there are: {known})",
        SourceRef("--leaflet"),
    )


def brands(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "assets" / "brands").glob("*.yaml"))


@dataclass(frozen=True)
class Unit:
    """One leaflet in one brand and language: one call of ``build``."""

    leaflet: Leaflet
    brand: str
    locale: str | None = None

    @property
    def label(self) -> str:
        return "/".join([self.leaflet.name or "default", self.brand, self.locale or "en"])


def matrix(root: Path, chosen: list[Leaflet], brand_names: list[str]) -> list[Unit]:
    """Every chosen leaflet x brand x (original + translations)."""
    clash = {x.name for x in chosen} & set(brands(root))
    if clash:
        name = sorted(clash)[0]
        raise BrochureError(
            f"leaflet '{name}' has the name of a brand: their outputs would share "
            f"output/{name}/; rename the folder leaflets/{name}/",
            SourceRef(f"{LEAFLETS}/{name}"),
        )
    return [
        Unit(leaflet, brand, locale)
        for leaflet in chosen
        for brand in brand_names
        for locale in [None, *leaflet.languages(root)]
    ]


@dataclass
class Result:
    """What one unit built: lines for the terminal, and whether its input was refused."""

    unit: Unit
    lines: list[str]
    failed: bool
    files: list[str]
    facts: dict[str, Any] = field(default_factory=dict)  # for the catalogue; none if refused


def _plan_unit(
    root: Path, unit: Unit, today: date, press: bool, force: bool, pdfx: str | None
) -> Plan:
    """Load, check and plan one unit (every variant its content makes)."""
    from . import plan
    from .pipeline import Paths, load_project
    from .variants import Options, applicable

    paths = Paths.for_project(root, unit.brand, unit.leaflet.content, unit.locale)
    project = load_project(paths, today)
    out_dir = unit.leaflet.out_dir(root, unit.brand, unit.locale)
    return plan(paths, applicable(project), out_dir, Options(today, press, pdfx), project, force)


def _failed(unit: Unit, exc: BrochureError) -> Result:
    return Result(
        unit, [f"error: {unit.label}: {line}" for line in str(exc).splitlines()], True, []
    )


def _done(
    unit: Unit, record: Record, built: list[Built], memory: _Memory, started_ns: int
) -> Result:
    from .report import describe

    paths = record.paths
    lines = [describe(paths.display(b.path), b) for b in built]
    files = [paths.display(b.path) for b in built if b.path.exists()]
    memory.keep(unit, record, built, started_ns)
    return Result(unit, lines, False, files, record.facts)


def build_unit(
    root: Path, unit: Unit, today: date, press: bool, force: bool, pdfx: str | None = None
) -> Result:
    """Build one unit in this process; input errors become lines naming leaflet and brand."""
    from . import complete

    started = time.time_ns()
    try:
        planned = _plan_unit(root, unit, today, press, force, pdfx)
        built = complete(planned, workers=1)
    except BrochureError as exc:
        return _failed(unit, exc)
    return _done(unit, planned.record, built, _Memory(root, today, press, pdfx), started)


@dataclass(frozen=True)
class _Memory:
    """What the last build of each unit left, to tell without planning it (loading,
    checking and composing its content: most of a library build where little changed)
    that building it again would make nothing new: every file it read and every output it
    left are as they were then, in the same context (the tool's code, the options, the
    date). Kept in the project's cache, one entry per unit."""

    root: Path
    today: date
    press: bool
    pdfx: str | None

    def _where(self, unit: Unit) -> tuple[Path, str, str]:
        from .adapters.kept import code_stamp
        from .session import cache_dir

        out = unit.leaflet.out_dir(self.root, unit.brand, unit.locale).absolute()
        slot = f"unchanged {out} {self.press} {self.pdfx}"
        context = f"{code_stamp()}|{unit}|{self.today.isoformat()}|{self.press}|{self.pdfx}"
        return cache_dir(self.root), slot, context

    def recall(self, unit: Unit) -> Result | None:
        """The unit's result if building it would make nothing new: its outputs up to date."""
        from . import Built
        from .incremental import unchanged
        from .report import describe

        kept = unchanged(*self._where(unit))
        if kept is None:
            return None
        outputs = [(variant, shown) for variant, shown in kept["outputs"]]
        lines = [describe(s, Built(v, Path(s), 0, 0, 0.0, skipped=True)) for v, s in outputs]
        return Result(unit, lines, False, [shown for _v, shown in outputs], kept["facts"])

    def keep(self, unit: Unit, record: Record, built: list[Built], started_ns: int) -> None:
        """Remember a unit just built (or found up to date), for ``recall``."""
        from .incremental import remember

        order = {name: i for i, name in enumerate(record.makes)}  # as a plan lists them
        made = sorted((b for b in built if not b.removed), key=lambda b: order.get(b.variant, 0))
        outputs = [[b.variant, record.paths.display(b.path)] for b in made]
        data = {"outputs": outputs, "facts": record.facts}
        where = self._where(unit)
        remember(*where, record.inputs, [b.path for b in made], started_ns, data)


class Mapper(Protocol):
    """What the matrix runs on: ``map`` of a ``concurrent.futures`` executor, or of this module's
    serial and forked runners."""

    def map(self, fn: Callable[[Unit], Result], units: list[Unit], /) -> Iterable[Result]: ...


class _Serial:
    """Each unit in turn, in this process (``--executor none``)."""

    def map(self, fn: Callable[[Unit], Result], units: list[Unit], /) -> Iterable[Result]:
        return [fn(u) for u in units]


@dataclass(frozen=True)
class _Forked:
    """Units in forked processes that Ctrl-C stops at once (``--executor process``)."""

    workers: int

    def map(self, fn: Callable[[Unit], Result], units: list[Unit], /) -> Iterable[Result]:
        return fork_map(fn, units, self.workers)


@contextmanager
def executor(spec: str, jobs: int) -> Iterator[Mapper]:
    """The executor ``spec`` names: ``process`` (default), ``thread``, ``none``, ``dask`` (a
    local Dask cluster) or ``dask://HOST:PORT`` (a running Dask scheduler)."""
    workers = workers_for(jobs)
    if spec == "process" and workers == 1:
        # One worker is this process: a forked child would add its fork, its copied pages
        # and its results' trip through a pipe (about 10% of a one-brand build) for nothing.
        # Ctrl-C is safe here as in every in-process build: each edition is published whole.
        yield _Serial()
    elif spec == "process":
        yield _Forked(workers)
    elif spec == "thread":
        with ThreadPoolExecutor(max_workers=workers) as threads:
            yield threads
    elif spec == "none":
        yield _Serial()
    elif spec == "dask" or spec.startswith("dask://"):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise BrochureError(
                "--executor dask needs Dask: pip install 'brochure[cluster]'",
                SourceRef("--executor"),
            ) from None
        # distributed's constructors are not annotated; their use here is.
        if spec == "dask":
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True
            )
            with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
                yield client.get_executor()
        else:
            address = f"tcp://{spec.removeprefix('dask://')}"
            with Client(address) as client:  # type: ignore[no-untyped-call]
                yield client.get_executor()
    else:
        raise BrochureError(
            f"unknown executor '{spec}' (expected process, thread, none, dask or dask://HOST:PORT)",
            SourceRef("--executor"),
        )


def run(
    root: Path,
    units: list[Unit],
    today: date,
    pool: Mapper,
    press: bool = False,
    force: bool = False,
    pdfx: str | None = None,
) -> list[Result]:
    """Every unit on ``pool``, results in the matrix's order. A unit whose inputs and
    outputs are as its last build left them is not planned again (``_Memory``), unless
    ``force``. On forked processes the work is split by document, not by unit (see
    ``by_document``)."""
    memory = _Memory(root, today, press, pdfx)
    known = {} if force else {u: r for u, r in enumerate(map(memory.recall, units)) if r}
    todo = [unit for u, unit in enumerate(units) if u not in known]
    if isinstance(pool, _Forked) and pool.workers > 1:
        made = by_document(root, todo, today, pool.workers, press, force, pdfx)
    else:
        job = partial(build_unit, root, today=today, press=press, force=force, pdfx=pdfx)
        made = list(pool.map(job, todo))
    fresh = iter(made)
    return [known[u] if u in known else next(fresh) for u in range(len(units))]


@dataclass
class _Edition:
    """The parent's view of one unit whose documents the workers lay out."""

    waiting: list[str]  # its documents (variants) not yet handed out, biggest first
    started_ns: int = 0  # when its first document was handed out (before it was planned)
    record: Record | None = None  # its plan, once a worker has made it
    made: dict[str, tuple[Output, float]] = field(default_factory=dict)
    error: BrochureError | None = None

    def settled(self) -> bool:
        if self.error is not None:
            return True
        return self.record is not None and len(self.made) == len(self.record.outputs)


@dataclass
class _Schedule:
    """Which document a free worker of ``by_document`` lays out next: its own unit's next
    document, else a new unit's first, else the biggest document of another's, if the rest
    of that unit (what is being laid out now included) would take its worker longer than
    planning the unit here and laying out that one (a worker holds the last units it
    planned; planning again costs tens of ms, idling hundreds)."""

    editions: list[_Edition]
    holds: dict[int, list[int]]  # per worker, as ``held`` in it: the units it planned
    fresh: list[int]  # units nobody has started, in the order to start them (``spread``)
    busy: dict[int, list[tuple[int, str, float]]] = field(default_factory=dict)  # unit, doc, since
    took: dict[str, list[float]] = field(default_factory=lambda: {"": []})  # "": planning

    def guess(self, name: str) -> float:
        """Seconds document ``name`` (or "", planning) is expected to take."""
        seen = self.took.get(name)
        return sum(seen) / len(seen) if seen else FIRST_GUESS

    def left(self, u: int, now: float) -> float:
        """Seconds of unit ``u`` still to come: its waiting documents, and what is left of
        those handed out (their guess, less the time it has run for each worker's first)."""
        handed = 0.0
        for tasks in self.busy.values():
            for i, (unit, name, since) in enumerate(tasks):
                if unit == u:
                    handed += max(0.0, self.guess(name) - (now - since if i == 0 else 0.0))
        return sum(map(self.guess, self.editions[u].waiting)) + handed

    def hand_out(self, w: int, now: float) -> tuple[int, str] | None:
        """The next task for worker ``w`` at ``now``, or None if it had better stay idle
        (or, busy already, not be handed one ahead: near the end of the work, a task waiting
        behind another could have gone to a worker that becomes free first)."""
        if self.busy.get(w) and not self._plenty():
            return None
        task = self._choose(w, now)
        if task is not None:
            u = task[0]
            self.holds[w] = [*(h for h in self.holds[w] if h != u), u][-HELD:]
            self.busy.setdefault(w, []).append((u, task[1], now))
            self.editions[u].started_ns = self.editions[u].started_ns or time.time_ns()
        return task

    def _plenty(self) -> bool:
        """Whether ``AHEAD_FROM`` documents per worker are still to be handed out (counted
        only as far as that: a library of a thousand editions asks this for every task)."""
        need = AHEAD_FROM * len(self.holds)
        for edition in self.editions:
            need -= len(edition.waiting)
            if need <= 0:
                return True
        return False

    def finished(self, w: int) -> None:
        """Worker ``w`` is done with the oldest task it was handed (which then ran)."""
        self.busy[w].pop(0)
        if self.busy[w]:
            u, name, _handed = self.busy[w][0]
            self.busy[w][0] = (u, name, time.perf_counter())
        else:
            del self.busy[w]

    def _choose(self, w: int, now: float) -> tuple[int, str] | None:
        mine = self.holds[w][-1] if self.holds[w] else None
        if mine is not None and self.editions[mine].waiting:
            return mine, self.editions[mine].waiting.pop(0)
        if self.fresh:
            u = self.fresh.pop(0)
            return u, self.editions[u].waiting.pop(0)
        left = {u: self.left(u, now) for u, e in enumerate(self.editions) if e.waiting}
        for u in sorted(left, key=left.__getitem__, reverse=True):
            first = self.editions[u].waiting[0]
            if left[u] - self.guess(first) > (0.0 if u in self.holds[w] else self.guess("")):
                return u, self.editions[u].waiting.pop(0)
        return None


def spread(units: list[Unit]) -> list[int]:
    """The order in which workers start the units: each language in turn (English first),
    and in it the leaflets taken in turn, each from another brand.

    In the matrix's own order, the two units started first on a cold cache were one leaflet
    in one brand, in two languages: both workers prepared the same pictures, logo and font
    cuts at the same moment, and one waited for the other (13% of a worker's time). Units
    started together now share as little as the library allows; the output does not
    change, only which worker makes what, when."""
    names = list(dict.fromkeys(u.leaflet for u in units))
    brand_names = sorted({u.brand for u in units})

    def key(i: int) -> tuple[str, int, int]:
        unit = units[i]
        k = names.index(unit.leaflet)
        turn = (brand_names.index(unit.brand) - k) % len(brand_names)  # leaflet k starts at brand k
        return (unit.locale or "", turn, k)

    return sorted(range(len(units)), key=key)


def by_document(
    root: Path,
    units: list[Unit],
    today: date,
    workers: int,
    press: bool,
    force: bool,
    pdfx: str | None,
) -> list[Result]:
    """Every unit, each of its documents laid out on whichever of ``workers`` forked
    processes is free, so that they finish together whatever the sizes (one brand, three
    brands, a long leaflet beside short ones).

    A task is one document of one unit. The worker that gets it plans the unit first if it
    does not hold it yet (loads and checks the content, composes, fingerprints), and keeps
    it; ``_Schedule`` says which task a free worker gets. Until a unit's plan is back, which
    of its documents are wanted is not known: a document not wanted comes back empty. The
    parent publishes each unit, as one generation, once all its documents are back."""
    from . import COST_ORDER, produce, publish_record
    from .variants import registry

    held: dict[int, Plan] = {}  # in each worker: the units it has planned, latest last

    def work(task: tuple[int, str]) -> object:
        """In a worker: lay out document ``name`` of unit ``u``, if its plan makes it; with
        the unit's record if it was planned for this task."""
        u, name = task
        try:
            record, planning = None, 0.0
            if u not in held:
                if len(held) >= HELD:
                    del held[next(iter(held))]
                start = time.perf_counter()
                held[u] = _plan_unit(root, units[u], today, press, force, pdfx)
                record, planning = held[u].record, time.perf_counter() - start
            plan = held[u]
            job = next((j for j in plan.jobs if j.variant.name == name), None)
            made = None if job is None else produce(plan.project, job)
            return record, made, plan.project.session.read, planning
        except BrochureError as exc:
            return exc

    every = sorted(registry(), key=lambda n: COST_ORDER.index(n) if n in COST_ORDER else -1)
    editions = [_Edition(list(every)) for _ in units]
    results: dict[int, Result] = {}
    memory = _Memory(root, today, press, pdfx)

    def finish(u: int) -> None:
        edition, unit = editions[u], units[u]
        if edition.error is not None:
            results[u] = _failed(unit, edition.error)
            return
        assert edition.record is not None
        made = [edition.made[name] for name, _stamp in edition.record.outputs]
        try:
            built = publish_record(edition.record, made)
        except BrochureError as exc:
            results[u] = _failed(unit, exc)
            return
        results[u] = _done(unit, edition.record, built, memory, edition.started_ns)

    schedule = _Schedule(editions, {w: [] for w in range(workers)}, spread(units))
    with Workers(work, workers, depth=1 + AHEAD) as pool:

        def dispatch() -> None:
            for _ahead in range(pool.depth):
                for w in pool.idle():
                    task = schedule.hand_out(w, time.perf_counter())
                    if task is not None:
                        pool.send(w, task)

        dispatch()
        while pool.tasks:
            ready = []
            for w, (u, name), ok, value, where in pool.done():
                if not ok:
                    assert isinstance(value, BaseException)
                    raise value from RemoteTraceback(where)
                edition = editions[u]
                schedule.finished(w)
                if isinstance(value, BrochureError):
                    edition.error = edition.error or value
                    edition.waiting.clear()
                else:
                    record: Record | None
                    made: tuple[Output, float] | None
                    read: set[Path]
                    planning: float
                    record, made, read, planning = value  # type: ignore[misc]
                    if record is not None:
                        schedule.took[""].append(planning)
                        if edition.record is None:
                            edition.record = record
                            wanted = {n for n, _stamp in record.outputs}
                            edition.waiting = [n for n in edition.waiting if n in wanted]
                    if made is not None:
                        schedule.took.setdefault(name, []).append(made[1])
                        edition.made[name] = made
                    if edition.record is not None:
                        edition.record.inputs |= read
                if edition.settled() and u not in results and u not in ready:
                    ready.append(u)
            dispatch()  # before publishing: the workers need not wait for the disk
            for u in ready:
                finish(u)
    return [results[u] for u in range(len(units))]
