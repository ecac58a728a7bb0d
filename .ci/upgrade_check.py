"""make upgrade-check: would the newest allowed releases break Exile Map? Find out without touching this tree.

    make upgrade-check                          (newest versions within pyproject.toml's bounds)
    .venv/bin/python .ci/upgrade_check.py --lift-bounds   (also past the streamlit / streamlit-folium bounds)

In a throwaway copy of the working tree it resolves the lock afresh (`uv lock --upgrade`), installs
it into a new environment, runs the whole suite there and reports which versions moved and which
tests broke. uv.lock and .venv here are left as they are: an upgrade happens when someone commits
one (`make lock` after raising a bound), not by accident.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from uv import find_uv_bin

ROOT = Path(__file__).resolve().parents[1]
BOUNDED = ("streamlit", "streamlit-folium")  # the private calls are proven against one minor version of each


def locked_versions(lock: Path) -> dict[str, str]:
    return {p["name"]: p["version"] for p in tomllib.loads(lock.read_text(encoding="utf-8"))["package"] if "version" in p}


def copy_tree(dest: Path) -> None:
    """The working tree as git sees it (tracked and new files, not ignored ones), plus the fetched map assets."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    if (ROOT / "static" / "vendor").is_dir():
        shutil.copytree(ROOT / "static" / "vendor", dest / "static" / "vendor")


def lift_bounds(pyproject: Path) -> None:
    text = pyproject.read_text(encoding="utf-8")
    for name in BOUNDED:
        text = re.sub(rf'"{re.escape(name)}(>=[^,"]+),<[^"]+"', rf'"{name}\1"', text)
    pyproject.write_text(text, encoding="utf-8")


def run(cmd: list, cwd: Path, log=None, **kwargs) -> subprocess.CompletedProcess:
    print("$", " ".join(map(str, cmd)), flush=True)
    return subprocess.run(cmd, cwd=cwd, text=True, stdout=log, stderr=subprocess.STDOUT if log else None, **kwargs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lift-bounds", action="store_true", help=f"also try releases past the upper bounds of {', '.join(BOUNDED)}"
    )
    parser.add_argument("--keep", action="store_true", help="keep the throwaway copy (its path is printed)")
    args = parser.parse_args()
    uv = find_uv_bin()
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "VIRTUAL_ENV": ""}
    scratch = Path(tempfile.mkdtemp(prefix="exile-upgrade-"))
    tree = scratch / ROOT.name
    if (ROOT.parent / "shared").is_dir():  # beside the tree, as in CI: the tests that compare against it run too
        (scratch / "shared").symlink_to((ROOT.parent / "shared").resolve())
    log_path = scratch.with_suffix(".log")
    try:
        copy_tree(tree)
        if args.lift_bounds:
            lift_bounds(tree / "pyproject.toml")
        with log_path.open("w", encoding="utf-8") as log:
            if run([uv, "lock", "--upgrade"], tree, log, env=env).returncode:
                print(f"uv could not resolve the newest versions: see {log_path}")
                return 2
            before, after = locked_versions(ROOT / "uv.lock"), locked_versions(tree / "uv.lock")
            moved = sorted(name for name in after if before.get(name) != after[name] and name != "exile-map")
            print("\nversions that would change:" if moved else "\nno newer versions are allowed: uv.lock is current")
            for name in moved:
                print(f"  {name:24} {before.get(name, '(new)'):>14} -> {after[name]}")
            if not moved:
                return 0
            synced = run([uv, "sync", "--locked", "--extra", "test", "--extra", "bench", "--python", sys.executable],
                         tree, log, env=env)  # fmt: skip
            if synced.returncode:
                print(f"the newest versions did not install: see {log_path}")
                return 2
            if run(
                [tree / ".venv" / "bin" / "python", "-m", "exilemap.offline"], tree, log, env=env
            ).returncode:  # as make test does
                print(f"the map's files could not be fetched: see {log_path}")
                return 2
        result = subprocess.run([tree / ".venv" / "bin" / "python", "-m", "pytest", "-n", "2", "-q", "-p", "no:cacheprovider"],
                                cwd=tree, capture_output=True, text=True, env=env)  # fmt: skip
        log_path.write_text(log_path.read_text(encoding="utf-8") + result.stdout + result.stderr, encoding="utf-8")
        broke = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
        summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "pytest printed nothing"
        print(f"\nthe suite with these versions: {summary}")
        for line in broke:
            print("  " + line)
        print(f"full log: {log_path}")
        if result.returncode == 0:
            print("all green: to take these versions, raise the bounds in pyproject.toml if needed and run `make lock`")
        return result.returncode
    finally:
        if args.keep:
            print(f"throwaway copy kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
