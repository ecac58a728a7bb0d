"""Browser fixtures: the real app under `streamlit run`, Debian's Chromium driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import axe
import pytest
from harness import CHROMIUM, LAUNCH_ARGS, Network, map_packages, start_streamlit, stop_streamlit
from helpers import FakeNominatim


@pytest.fixture(scope="session")
def npm_packages() -> dict[tuple[str, str], Path]:
    try:
        return map_packages()
    except (RuntimeError, OSError) as exc:
        pytest.fail(f"could not get the map's assets from the npm registry: {exc}")


@pytest.fixture(scope="session")
def app_nominatim():
    """The local Nominatim the app looks place names up in: never the internet."""
    server = FakeNominatim()
    yield server
    server.close()


@pytest.fixture(scope="session")
def app_db(tmp_path_factory) -> str:
    """The app's journey store in the tests: an SQLite file in a temp folder, never the project's state/."""
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'journeys.sqlite'}"


@pytest.fixture(scope="session")
def app_url(app_nominatim, app_db):
    proc, url, _ = start_streamlit(env={"EXILE_MAP_NOMINATIM": f"http://{app_nominatim.domain}", "EXILE_MAP_DB": app_db})
    yield url
    stop_streamlit(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=LAUNCH_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def network(npm_packages) -> Network:
    return Network(npm_packages)


@pytest.fixture
def page(browser, network):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route(network.remote, network.handle)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()
    assert not dialogs, f"a dialog opened, so a script ran: {dialogs}"


@pytest.fixture(scope="session")
def axe_script() -> str:
    try:
        return axe.axe_source()
    except (RuntimeError, OSError) as exc:
        pytest.fail(f"could not get axe-core from the npm registry: {exc}")


@pytest.fixture
def checked_page(page, axe_script):
    """The page fixture with axe-core given to every frame it opens (the map's iframe, Streamlit's components)."""
    page.context.add_init_script(script=axe_script)
    return page
