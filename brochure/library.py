"""A clinic's leaflet library: every leaflet x brand x language, built on any executor.

``content.yaml`` at the root is the default leaflet (its outputs keep today's names under
``output/``); ``leaflets/NAME/content.yaml`` holds more, each with its translations
(``content.es.yaml``) and pictures beside it, built into ``output/NAME/[BRAND/][LANG/]``.

The matrix runs on what one option chooses: forked processes on this machine (the default;
Ctrl-C stops them at once), threads, none (serial), or a Dask cluster's executor for a hospital
group that outgrows one machine (``dask`` starts a local cluster; ``dask://HOST:PORT``
connects to a running scheduler). Each unit is independent and incremental: an output whose
inputs did not change is left alone, so a one-paragraph edit rebuilds one leaflet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Protocol

from .errors import BrochureError, SourceRef
from .processes import fork_map, workers_for

LEAFLETS = "leaflets"
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


def build_unit(
    root: Path, unit: Unit, today: date, press: bool, force: bool, pdfx: str | None = None
) -> Result:
    """Build one unit in this process; input errors become lines naming leaflet and brand."""
    from . import build
    from .pipeline import Paths, load_project
    from .report import describe
    from .variants import Options, applicable

    try:
        paths = Paths.for_project(root, unit.brand, unit.leaflet.content, unit.locale)
        project = load_project(paths, today)
        names = applicable(project)
        out_dir = unit.leaflet.out_dir(root, unit.brand, unit.locale)
        built = build(paths, names, out_dir, Options(today, press, pdfx), project, force, workers=1)
    except BrochureError as exc:
        lines = [f"error: {unit.label}: {line}" for line in str(exc).splitlines()]
        return Result(unit, lines, True, [])
    lines = [describe(paths.display(b.path), b) for b in built]
    files = [paths.display(b.path) for b in built if b.path.exists()]
    return Result(unit, lines, False, files)


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
    if spec == "process":
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
    """Every unit on ``pool``, results in the matrix's order."""
    job = partial(build_unit, root, today=today, press=press, force=force, pdfx=pdfx)
    if isinstance(pool, _Forked) and pool.workers > 1 and len(units) > 1:
        from . import import_ahead
        from .variants import registry

        import_ahead(list(registry().values()), press)
    return list(pool.map(job, units))
