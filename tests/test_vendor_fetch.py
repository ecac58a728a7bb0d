"""Offline mode's package fetching, without the network: npm is replaced by a stand-in."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile

from exilemap import offline


def fake_npm_pack(writes_first: list):
    """An `npm pack` that writes a package tarball; before it returns, `writes_first` get their copy in place."""

    def run(cmd, check, capture_output):
        destination = cmd[cmd.index("--pack-destination") + 1]
        with tarfile.open(f"{destination}/pkg.tgz", "w:gz") as tar:
            data = json.dumps({"name": "leaflet"}).encode()
            info = tarfile.TarInfo("package/package.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for target in writes_first:  # another worker finishing the same fetch meanwhile
            target.mkdir(parents=True)
            (target / "package.json").write_text("{}")
        return subprocess.CompletedProcess(cmd, 0)

    return run


def test_a_package_is_unpacked_whole_into_its_place(tmp_path, monkeypatch):
    monkeypatch.setattr(offline.shutil, "which", lambda _: "/usr/bin/npm")
    monkeypatch.setattr(offline.subprocess, "run", fake_npm_pack([]))
    target = offline.fetch_npm("leaflet", "1.9.3", tmp_path / "vendor")
    assert json.loads((target / "package.json").read_text()) == {"name": "leaflet"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vendor"]  # no staging left behind


def test_two_workers_fetching_the_same_package_both_get_it(tmp_path, monkeypatch):
    vendor = tmp_path / "vendor"
    monkeypatch.setattr(offline.shutil, "which", lambda _: "/usr/bin/npm")
    monkeypatch.setattr(offline.subprocess, "run", fake_npm_pack([vendor / "leaflet-1.9.3"]))
    target = offline.fetch_npm("leaflet", "1.9.3", vendor)
    assert (target / "package.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vendor"]
