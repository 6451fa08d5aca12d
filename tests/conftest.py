"""Shared fixtures: one build of every variant per test session, into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brochure import Built, build
from brochure.pipeline import Paths
from brochure.variants import registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every variant for the default brand, built once for the session."""
    out = tmp_path_factory.mktemp("output")
    results = build(Paths.for_project(ROOT), list(registry()), out)
    return {b.variant: b for b in results}


def copy_project(dst: Path) -> Path:
    """A writable copy of content.yaml and assets/ (tests edit the copy, never the repo)."""
    shutil.copy(ROOT / "content.yaml", dst / "content.yaml")
    shutil.copytree(ROOT / "assets", dst / "assets", symlinks=True)
    return dst
