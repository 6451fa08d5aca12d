"""Shared fixtures: one build of every variant per test session, into a temporary folder."""

from __future__ import annotations

import fcntl
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pdfutil import TODAY

import brochure.cli
from brochure import Built, build
from brochure.library import leaflets
from brochure.pipeline import Paths
from brochure.variants import Options, registry

ROOT = Path(__file__).resolve().parent.parent
# A frozen copy of the first sample leaflet (English and Spanish), a project root of its own
# whose assets/ links to the repository's: tests about a whole realistic leaflet (page counts,
# golden snapshots, the Spanish edition) build this, so replacing content.yaml changes nothing.
SAMPLE = ROOT / "tests" / "fixtures" / "stem-cell"
# The sample leaflets the project ships (its own content.yaml and leaflets/NAME/): whatever they
# say, they get smoke tests only (test_samples.py), never assertions about their sentences.
SAMPLE_LEAFLETS = leaflets(ROOT)

# The smallest content file that builds: tests change one thing in it and say what they expect.
MINIMAL = """\
document:
  id: T-1
  title: Test title
  version: "1"
  last_reviewed: 2026-01-01
brochure:
  sections:
    - id: one
      title: One
      blocks:
        - type: paragraph
          text: Hello world.
  disclaimer:
    text: Ask your doctor.
"""


# The slowest test files, slowest first (CPU seconds of each file's setups and calls, summed
# over a run on this 2-core machine). xdist's loadfile hands a worker one file at a time, in
# this order with --no-loadscope-reorder (pyproject.toml; by default xdist 3 reorders files by
# their number of tests, and this list was ignored): the longest first keeps both workers busy
# to the end. test_samples comes second so that the other worker is not left waiting for the
# session's ``built`` that test_brands builds first (test_bad_input and test_make read it).
SLOWEST_FIRST = (
    "test_brands",  # 33 s: three more brands, every variant (the default brand is ``built``)
    "test_samples",  # 22 s
    "test_bad_input",  # 14 s
    "test_properties",  # 21 s
    "test_make",  # 20 s
    "test_images",  # 13 s
    "test_spanish",  # 10 s
    "test_untrusted_input",  # 9 s
    "test_document_control",  # 7 s
    "test_watch",  # 6 s
    "test_studio",  # 6 s
    "test_print",
    "test_library",
    "test_foundation",
    "test_press",
    "test_html",
    "test_tagged",
    "test_processes",
    "test_print_defects",
    "test_trifold",
    "test_imports",
    "test_document",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the slowest files first (the order within a file is kept)."""

    def rank(item: pytest.Item) -> int:
        name = item.path.stem
        return SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: files and tests keep their order otherwise


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One cache of prepared pictures, fonts and drawings for every project the tests make
    (both workers, and the builds they run as processes): entries are keyed by content, so
    the hundreds of copied projects prepare the same pictures once, not once each. Tests
    about the cache itself set BROCHURE_CACHE off (``own_cache``)."""
    shared = tmp_path_factory.getbasetemp().parent / "brochure-cache"
    os.environ["BROCHURE_CACHE"] = str(shared)


@pytest.fixture(scope="session", autouse=True)
def builds_in_the_test_worker() -> Iterator[None]:
    """A build in a test lays its variants out in the test's own process unless the test asks
    for more (``workers``, ``--jobs``): the suite's two workers already keep both cores busy,
    and each build forking two more would only crowd them. The forked path has tests of its
    own (test_processes, test_library)."""
    import brochure

    default = brochure.workers_for
    brochure.workers_for = lambda jobs: jobs if jobs > 0 else 1
    yield
    brochure.workers_for = default


@pytest.fixture
def own_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's own .cache/images, as a user without BROCHURE_CACHE has it."""
    monkeypatch.delenv("BROCHURE_CACHE")


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's clock reads the suite's fixed date, so no test depends on today."""
    monkeypatch.setattr(brochure.cli, "clock", lambda: TODAY)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sample() -> Path:
    """The frozen sample project (tests/fixtures/stem-cell), not the repository's content."""
    return SAMPLE


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder this run's test workers share: xdist gives each worker a basetemp of its
    own inside it; without xdist, the one basetemp (never a folder an earlier run left)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if "PYTEST_XDIST_WORKER" in os.environ else base


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], list[Built]]
) -> list[Built]:
    """``make(folder)``'s outputs, made by the first worker of the run that asks, under a
    lock; the other worker waits for them and reads the same files (tests only read them).
    A build that fails leaves nothing behind, so the next caller builds (and fails) again."""
    folder = run_folder(tmp_path_factory) / f"built-{name}"
    folder.mkdir(exist_ok=True)
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        record = folder / "built.pickle"
        if record.exists():
            results: list[Built] = pickle.loads(record.read_bytes())
            return results
        out = folder / "output"
        shutil.rmtree(out, ignore_errors=True)  # a failed attempt's remains
        out.mkdir()
        results = make(out)
        record.write_bytes(pickle.dumps(results))
        return results


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every variant of the frozen sample for the default brand, built once for the whole run
    (both workers read the same files). Building it also fills the shared cache with what
    every build of the sample in the default brand prepares (pictures, fonts, the web page's
    font subsets): fixtures that build that sample again, and would otherwise prepare them at
    the same moment on both workers, ask for ``built`` first."""
    results = built_once(
        tmp_path_factory,
        "sample-default",
        lambda out: build(Paths.for_project(SAMPLE), list(registry()), out, Options(TODAY)),
    )
    return {b.variant: b for b in results}


def copy_project(dst: Path) -> Path:
    """A writable copy of the frozen sample's content.yaml and of assets/ (tests edit the copy,
    never the repo)."""
    shutil.copy(SAMPLE / "content.yaml", dst / "content.yaml")
    shutil.copytree(ROOT / "assets", dst / "assets", symlinks=True)
    return dst


def approve(path: Path) -> None:
    """Approve a content file with the hash of what it says now (as a clinic would)."""
    import re

    from brochure.content.control import content_hash
    from brochure.content.project import load_content
    from brochure.errors import Report

    status = re.compile(r"^(\s*)status: draft$", re.M)
    source = status.sub(r"\1status: approved", path.read_text(encoding="utf-8"), count=1)
    path.write_text(source, encoding="utf-8")
    h = content_hash(load_content(path, Report()))
    approval = (
        "approval: {name: Dr. Test, role: Medical director, date: 2026-11-26, "
        f'content_hash: "{h}"}}'
    )
    source = re.sub(
        r"^(\s*)status: approved$",
        lambda m: f"{m.group(0)}\n{m.group(1)}{approval}",
        source,
        count=1,
        flags=re.M,
    )
    path.write_text(source, encoding="utf-8")
