"""Shared fixtures: the shared reference folder, a local Nominatim and a throwaway PostgreSQL."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from helpers import SHARED, FakeNominatim, PostgresCluster, postgres_bin

from exilemap import store


@pytest.fixture(scope="session", autouse=True)
def journey_store(tmp_path_factory) -> str:
    """The store any app run in this process uses (AppTest runs app.py here): a temp file, never the project's state/."""
    url = store.sqlite_url(tmp_path_factory.mktemp("store") / "journeys.sqlite")
    os.environ[store.ENV_URL] = url
    return url


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
