"""Shared fixtures: the shared reference folder, a local Nominatim and a throwaway PostgreSQL."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import SHARED, FakeNominatim, PostgresCluster, postgres_bin


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (the seeds' originals, the LPF schemas); present in CI, absent outside it."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (outside CI): cannot compare against the shared reference files")
    return SHARED


@pytest.fixture
def nominatim():
    server = FakeNominatim()
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster for this test session (Debian's postgresql package; .ci/run installs it)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql")
    # not under pytest's tmp folder: that is private to root, and the cluster's owner (postgres) must reach its own
    folder = Path(tempfile.mkdtemp(prefix="exile-pg-"))
    cluster = PostgresCluster(bin_dir, folder)
    yield cluster
    cluster.stop("immediate")
    shutil.rmtree(folder, ignore_errors=True)
