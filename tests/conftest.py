"""Shared fixtures: the shared reference folder and a local Nominatim."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SHARED, FakeNominatim


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
