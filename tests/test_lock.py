"""The demo runs what CI tested: uv.lock pins every package, and everything else agrees with it."""

from __future__ import annotations

import re
import subprocess
import tomllib

from packaging.requirements import Requirement
from uv import find_uv_bin

from exilemap.gazetteer import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
LOCKED = {p["name"]: p["version"] for p in LOCK["package"] if "version" in p}
# what `make lock` writes to requirements.txt
EXPORT = ["export", "--frozen", "--offline", "--no-dev", "--no-emit-project", "--no-hashes", "--quiet"]


def _uv(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([find_uv_bin(), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def _pins(text: str) -> list[str]:
    """A requirements file's requirement lines (no comments: the header names the command that wrote it)."""
    return [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_lock_satisfies_pyproject():
    checked = _uv("lock", "--check", "--offline")
    assert checked.returncode == 0, checked.stderr


def test_requirements_txt_is_the_lock_exported():
    exported = _uv(*EXPORT)
    assert exported.returncode == 0, exported.stderr
    assert _pins((ROOT / "requirements.txt").read_text(encoding="utf-8")) == _pins(exported.stdout), "run `make lock`"


def test_requirements_txt_pins_every_runtime_dependency_at_its_locked_version():
    pins = dict(re.fullmatch(r"([a-z0-9._-]+)==(\S+)(?: ;.*)?", line).groups() for line in _pins(
        (ROOT / "requirements.txt").read_text(encoding="utf-8")) if not line.startswith(" "))  # fmt: skip
    for dependency in PYPROJECT["project"]["dependencies"]:
        name = Requirement(dependency).name
        assert pins[name] == LOCKED[name], name


def test_streamlit_and_streamlit_folium_are_bounded_to_the_minor_versions_proven():
    """The private calls are proven against one minor version of each; a newer one comes only through `make upgrade-check`."""
    for dependency in map(Requirement, PYPROJECT["project"]["dependencies"]):
        if dependency.name in {"streamlit", "streamlit-folium"}:
            upper = [s for s in dependency.specifier if s.operator == "<"]
            assert upper, f"{dependency.name} has no upper bound"
            locked = tuple(map(int, LOCKED[dependency.name].split(".")[:2]))
            bound = tuple(map(int, upper[0].version.split(".")[:2]))
            assert bound == (locked[0], locked[1] + 1), f"{dependency} should admit only the locked minor version"


def test_pyproject_the_lock_and_the_readme_require_the_same_python():
    assert PYPROJECT["project"]["requires-python"] == LOCK["requires-python"] == ">=3.11"
    assert "Python 3.11+" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py311"
