"""The repository deploys as it is: requirements.txt (exported from uv.lock) suffices to boot the app in a fresh environment."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import venv

import pytest
from harness import start_streamlit, stop_streamlit
from uv import find_uv_bin

from exilemap.gazetteer import ROOT


def test_community_cloud_finds_its_entry_point_and_theme():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert (ROOT / "app.py").is_file() and config["theme"]["primaryColor"]


@pytest.mark.browser
def test_a_fresh_environment_with_only_the_declared_dependencies_boots_the_app(browser, network, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder().create(env_dir)
    python = env_dir / "bin" / "python"
    # uv resolves requirements.txt as pip does, in seconds rather than most of a minute
    subprocess.run(
        [find_uv_bin(), "pip", "install", "--quiet", "--python", python, "-r", ROOT / "requirements.txt"],
        check=True,
        timeout=900,
        # one server runs from this environment: compiling every package's bytecode (make sets that) costs more than it saves
        env={k: v for k, v in os.environ.items() if k != "UV_COMPILE_BYTECODE"},
    )
    # the fresh environment has no exilemap install: like Community Cloud, it runs from the repository root
    proc, url, log = start_streamlit(python=str(python))
    try:
        context = browser.new_context()
        context.route(network.remote, network.handle)
        page = context.new_page()
        page.goto(url)
        page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("path.now-marker").wait_for(timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0, log.read_text()
        context.close()
    finally:
        stop_streamlit(proc)
    assert sys.executable != str(python)
