"""Every page in English, Spanish, French and Russian, in Chromium: no English catalogue string left on a translated
one, the page's language declared, axe-core clean in every language, the links keeping the language, the
language chosen by the link, by the browser and by the sidebar's menu, and the tour's arrow keys in Spanish.

One walk per language through every page of one session, as a pupil clicks through the sidebar: one map load each.
"""

from __future__ import annotations

import re

import axe
import pytest
from test_map_page import MAP_FRAME, open_app, wait_idle

from exilemap import i18n

pytestmark = pytest.mark.browser

# each page: its url path, its title in the navigation, and what shows once it has drawn (a heading's message)
PAGES = [
    ("Itinerary", "Itinerary", "Itinerary"),
    ("Sources", "Sources", "The sources"),
    ("Gazetteer", "Gazetteer", "The gazetteer"),
    ("Disagreements", "Disagreements", "Where the sources disagree"),
    ("How_we_know", "How we know", "How we know"),
    ("Your_journey", "Your own journey", "Map your own journey"),
    ("Tour", "Guided tour", None),  # its heading is the step's place
]
MIN_PIECE = 16  # shorter pieces of English ("known", "Map") could stand in a quote or a book's title by right
# what a page's text is, for a reader: its words, and the words a screen reader or a hover gives
PAGE_TEXT = """() => [document.body.innerText, ...[...document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')]
  .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('alt'), e.getAttribute('placeholder')].join('\\n'))].join('\\n')"""


def english_pieces(lang: str) -> list[str]:
    """The catalogue's English in pieces that cannot be mistaken: each message's fixed text between its placeholders and
    Markdown, MIN_PIECE characters or more (a translation that kept the English is English still)."""
    tr = i18n.translator(lang)
    with i18n.catalogue_path(lang).open("rb") as fp:
        from babel.messages.pofile import read_po

        catalogue = read_po(fp, locale=lang)
    pieces = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in filter(None, ids):
            for piece in re.split(r"%\(\w+\)s|%%|\*\*|`[^`]*`|\n", text):
                piece = piece.strip(" .,:;()")
                if len(piece) >= MIN_PIECE:
                    pieces.add(piece)
    assert len(pieces) > 150, "the check would look for almost nothing"
    assert tr.gettext("Map") != "Map"
    return sorted(pieces)


def page_words(page) -> str:
    return "\n".join(frame.evaluate(PAGE_TEXT) for frame in page.frames if not frame.is_detached() and frame.url != "about:blank")


def assert_in_language(page, lang: str, pieces: list[str], where: str) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, f"{where}: an exception"
    assert page.evaluate("document.documentElement.lang") == lang, f"{where}: the page does not declare {lang}"
    words = page_words(page)
    left = [p for p in pieces if p in words]
    assert not left, f"{where} in {lang} still shows English: {left[:8]}"


# what each page shows in English once drawn, checked in the English walk (the sources' titles are the same in every language)
CONTENT = {"Sources": "The Assassination Of Communist Leon Trotsky", "Gazetteer": "Linked Places (LPF)",
           "Disagreements": "What was the weapon?", "How_we_know": "The voices in each source"}  # fmt: skip


def choose_in_menu(page, native_name: str) -> None:
    """The sidebar's language menu, by keyboard: focus it, type the language's own name, Enter."""
    page.locator(".st-key-lang_menu input").focus()
    page.keyboard.type(native_name[:3])
    page.keyboard.press("Enter")
    wait_idle(page)
    # the map drawn in the old language can stand beside the new one until the run after it ends
    page.wait_for_function("s => document.querySelectorAll(s).length === 1", arg=MAP_FRAME, timeout=30_000)


def walk(page, app_url: str, lang: str, query: str = "", axe_on: tuple[str, ...] = (), menu: bool = False) -> None:
    """The map, then every page by the sidebar, in one session: each in `lang`, with axe-core on the pages `axe_on` names."""
    tr = i18n.translator(lang)
    pieces = english_pieces(lang) if lang != "en" else []
    open_app(page, app_url, query)
    if menu:
        choose_in_menu(page, i18n.native_name(lang))
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.get_by_role("link", name=tr.gettext("Map"), exact=True).wait_for(timeout=10_000)
    page.get_by_role("heading", name=tr.gettext("Exile Map: Leon Trotsky, 1928–1940")).wait_for(timeout=10_000)
    page.frame_locator(MAP_FRAME).locator(".playback-toggle", has_text=tr.gettext("Play")).wait_for(timeout=10_000)
    if lang != "en":
        assert f"lang={lang}" in page.url, "the address bar's link does not keep the language"
    assert_in_language(page, lang, pieces, "/")
    if "/" in axe_on:
        axe.assert_clean(page, f"/ in {lang}", frames=1)
    for path, title, heading in PAGES:
        nav.get_by_role("link", name=tr.gettext(title), exact=True).click()
        page.wait_for_url(re.compile(f"/{path}"), timeout=15_000)
        if heading:
            page.get_by_role("heading", name=tr.gettext(heading), exact=True).first.wait_for(timeout=30_000)
        else:
            page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
        if lang == "en" and path in CONTENT:
            page.get_by_text(CONTENT[path]).first.wait_for(timeout=30_000)
        wait_idle(page)
        assert page.get_by_text("Page not found").count() == 0, f"{path}: the page's URL was not recognised"
        errors = page.locator('[data-testid="stAlert"][data-baseweb="notification"]').filter(has_text="error")
        assert errors.count() == 0, f"{path}: an error is shown"
        if path == "Sources":  # the quoted passages are marked in the text
            assert page.locator(".seed-text mark").count() >= 3
        if path == "Itinerary" and lang != "en":  # its links to the map keep the language
            page.locator("[data-testid=stPageLink] a").first.wait_for(timeout=15_000)
            hrefs = page.locator("[data-testid=stPageLink] a").evaluate_all("links => links.map(a => a.href)")
            assert hrefs and all(f"lang={lang}" in h for h in hrefs), hrefs[:3]
        if path == "Tour" and lang != "en":  # the step's link, written beside its QR code, keeps the language
            page.locator(".tour-qr a").first.wait_for(timeout=15_000)
            assert f"lang={lang}" in page.locator(".tour-qr a").first.get_attribute("href")
        assert_in_language(page, lang, pieces, f"/{path}")
        if path in axe_on:
            axe.assert_clean(page, f"/{path} in {lang}")


EVERY_PAGE = ("/", *(path for path, _, _ in PAGES))


def test_every_page_in_english_loads_with_no_exception_shows_its_content_and_is_clean_for_axe(checked_page, app_url):
    """The map, the Itinerary, the tour and Your own journey are checked by axe in the tests that load them anyway
    (test_map_access, test_itinerary_page, test_print_and_zoom, test_accessibility): here the other four."""
    walk(checked_page, app_url, "en", axe_on=("Sources", "Gazetteer", "Disagreements", "How_we_know"))


def test_a_spanish_browser_opens_in_spanish_with_no_parameter_every_page_clean_and_the_tour_keys_in_spanish(
    browser, network, app_url, axe_script
):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-MX")
    context.route(network.remote, network.handle)
    context.add_init_script(script=axe_script)
    page = context.new_page()
    try:
        walk(page, app_url, "es", axe_on=EVERY_PAGE)  # es-MX, and no ?lang=: the browser's language
        # the arrow keys press the tour's buttons by their Spanish labels (the whole walk by keyboard in Spanish:
        # test_map_access); the walk ends on the tour's first step
        page.wait_for_function("document.querySelector('.tour h2')?.innerText === 'Moscú'", timeout=15_000)
        page.evaluate("document.activeElement.blur()")  # off any button: the arrow keys are the page's
        page.keyboard.press("ArrowRight")
        page.wait_for_function("document.querySelector('.tour h2')?.innerText === 'Alma-Ata'", timeout=15_000)
        page.get_by_text(re.compile(r"^Paso 2 de \d+")).first.wait_for(timeout=10_000)
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("document.querySelector('.tour h2')?.innerText === 'Moscú'", timeout=15_000)
    finally:
        context.close()


def test_every_page_in_french_by_the_link_shows_none_of_its_english_and_is_clean_for_axe(checked_page, app_url):
    walk(checked_page, app_url, "fr", "?lang=fr", axe_on=EVERY_PAGE)


def test_every_page_in_russian_chosen_in_the_menu_by_keyboard_shows_none_of_its_english_and_is_clean_for_axe(
    checked_page, app_url
):
    walk(checked_page, app_url, "ru", menu=True, axe_on=EVERY_PAGE)
