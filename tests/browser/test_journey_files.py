"""A teacher's own files in Chromium, through the real upload: few columns, place names, every format, fixing a row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from test_journey import assert_nothing_injected  # noqa: E402
from test_map_page import wait_idle  # noqa: E402

from exilemap import export  # noqa: E402
from exilemap.gazetteer import load  # noqa: E402

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
ROW_HEIGHT = 35  # px: a row of st.data_editor's grid, and its header


def open_page(page, app_url: str) -> None:
    page.goto(app_url + "/Your_journey")
    page.get_by_role("heading", name="Map your own journey").wait_for(timeout=60_000)


def map_file(page, title: str, name: str, raw: bytes) -> None:
    """Name the journey, choose its places file and press Map my journey, as a person does."""
    wait_idle(page)
    page.get_by_label("Name of the journey").fill(title)
    box = page.get_by_role("region", name=re.compile("^Places"))
    box.locator("input[type=file]").set_input_files([{"name": name, "mimeType": "application/octet-stream", "buffer": raw}])
    box.get_by_text(name).wait_for(timeout=15_000)
    page.get_by_role("button", name="Map my journey").click()


def loaded(page, title: str, stops: int) -> None:
    try:
        page.get_by_text(f"“{title}” loaded: {stops} stops").wait_for(timeout=30_000)
    except PlaywrightTimeout:  # say what the page said instead
        said = page.locator('[data-testid="stAlert"]').all_inner_texts()
        raise AssertionError(f"“{title}” never loaded {stops} stops; the page's messages: {said}") from None


def download_table(page) -> list[dict]:
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("^Download the completed table")).click()
    return list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))


def test_a_minimal_csv_an_xlsx_a_geojson_and_our_linked_places_export_are_each_mapped(page, app_url):
    open_page(page, app_url)
    map_file(page, "Five columns", "trip.csv", b"name,lat,lon,arrived,departed\nIstanbul,41.01,28.98,1929-02-12,1929-03-05\n"
             b"Prinkipo,40.87,29.13,March 1929,July 1933\n")  # fmt: skip
    loaded(page, "Five columns", 2)
    rows = download_table(page)
    assert list(rows[0]) == list(export.PLACES_SCHEMA.columns)
    assert [(r["id"], r["kind"], r["arrived"], r["arrived_precision"]) for r in rows] == [
        ("istanbul", "visit", "1929-02-12", "day"), ("prinkipo", "residence", "1929-03-01", "month")]  # fmt: skip

    book = openpyxl.Workbook()
    book.active.append(["Place", "Latitude", "Longitude", "Start", "End"])
    book.active.append(["Oslo", 59.91, 10.75, dt.datetime(1935, 6, 18), "December 1936"])
    book.active.append(["Tampico", 22.23, -97.86, dt.datetime(1937, 1, 9), None])
    workbook = io.BytesIO()
    book.save(workbook)
    map_file(page, "A spreadsheet", "trip.xlsx", workbook.getvalue())
    loaded(page, "A spreadsheet", 2)

    geojson = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.35, 48.85]}, "properties": {"city": "Paris", "from": "1933"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [5.72, 45.19]},
         "properties": {"city": "Grenoble", "from": "1934", "until": "1935"}},
    ]}  # fmt: skip
    map_file(page, "Points", "trip.geojson", json.dumps(geojson).encode())
    loaded(page, "Points", 2)

    gz = load()
    map_file(page, "Round trip", "exile.json", json.dumps(export.linked_places(gz)).encode())
    loaded(page, "Round trip", len(gz.stops))
    wait_idle(page)  # the last file's link can stand stale beside this one's until the run ends
    page.get_by_role("link", name="See it on the map").click()
    page.get_by_role("heading", name="Round trip, 1928–1940").wait_for(timeout=30_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("path.now-marker").wait_for(timeout=60_000)
    assert frame.locator("path.stop-marker").count() == len(gz.stops)
    assert_nothing_injected(page)


def test_place_names_alone_are_found_on_the_local_nominatim_and_an_ambiguous_one_is_chosen(page, app_url, app_nominatim):
    def result(lat, lon, display, country, population=None):
        [found] = app_nominatim.result(lat, lon, display)
        return found | {"address": {"country": country}} | ({"extratags": {"population": population}} if population else {})

    app_nominatim.answers["Coyoacán"] = [result(19.35, -99.16, "Coyoacán, Mexico City, Mexico", "Mexico")]
    app_nominatim.answers["Paris"] = [result(48.85, 2.35, "Paris, Île-de-France, France", "France", "2138551"),
                                      result(33.66, -95.55, "Paris, Lamar County, Texas, United States", "United States")]  # fmt: skip
    open_page(page, app_url)
    map_file(page, "Names only", "names.csv", "place,date\nParis,1933\nCoyoacán,9 January 1937\n".encode())
    page.get_by_text("'Paris' fits more than one place: choose which, or give lat and lon").wait_for(timeout=30_000)
    wait_idle(page)  # a click during the page's own rerun can be lost, as a person's would be
    which = page.get_by_role("combobox", name="Which Paris?")
    which.scroll_into_view_if_needed()
    page.mouse.wheel(0, 400)  # room below the box for its list, as a person scrolls before choosing
    which.click()
    page.get_by_role("option", name=re.compile(r"^Paris, Lamar County, Texas")).wait_for()
    page.get_by_role("option", name=re.compile(r"^Paris, Île-de-France, France \(population 2,138,551")).click()
    loaded(page, "Names only", 2)
    rows = download_table(page)
    assert [(r["name"], r["lat"], r["coord_source"], r["country_now"]) for r in rows] == [
        ("Paris", "48.85000", "nominatim", "France"), ("Coyoacán", "19.35000", "nominatim", "Mexico")]  # fmt: skip
    assert app_nominatim.requests_for("Paris") == app_nominatim.requests_for("Coyoacán") == 1


def test_mixed_date_forms_are_read_and_an_ambiguous_one_is_fixed_in_the_editor(page, app_url):
    open_page(page, app_url)
    map_file(page, "Mixed dates", "mixed.csv", b"place;lat;lon;date;to\nA;1;1;1930;March 1931\nB;2;2;Apr 2, 1931;01/02/1932\n"
             b"C;3;3;9 June 1932;1933\n")  # fmt: skip
    page.get_by_text("Your files have 1 problem.").wait_for(timeout=30_000)
    page.get_by_text("mixed.csv, row 3, column 'departed': '01/02/1932' is ambiguous").wait_for()
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.locator("[role=gridcell]").filter(has_text="departed: '01/02/1932' is ambiguous").wait_for(state="attached")
    grid.scroll_into_view_if_needed()
    wait_idle(page)
    # row 3's 'departed' cell (columns: row, name, lat, lon, arrived, departed), holding exactly the new date
    edited = grid.locator("#glide-cell-5-1").filter(has_text=re.compile(r"^1 February 1932$"))
    for _ in range(3):  # a person whose fix did not take (the grid was still settling) types it again
        for _ in range(4):
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 20, box["y"] + ROW_HEIGHT * 2 + ROW_HEIGHT // 2)  # row 3's first cell
            for _ in range(5):  # row, name, lat, lon, arrived: to departed
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            # the cell's editor must hold the ambiguous date: a key lost while the grid redrew once put the fix
            # into 'arrived' instead, and a later try then fixed 'departed' too
            try:
                opened = page.wait_for_function("document.activeElement?.value ?? null", timeout=5_000).json_value()
            except PlaywrightTimeout:  # no editor opened: the click or the key was lost while the grid redrew
                opened = None
            if opened != "01/02/1932":
                page.keyboard.press("Escape")
                wait_idle(page)
                continue
            page.keyboard.press("Control+A")
            page.keyboard.type("1 February 1932", delay=20)
            page.keyboard.press("Enter")
            wait_idle(page)
            try:
                edited.wait_for(state="attached", timeout=3_000)
                break
            except PlaywrightTimeout:
                continue
        assert edited.count(), "four tries at typing the date into row 3's 'departed' cell never reached the grid"
        wait_idle(page)
        page.get_by_role("button", name="Check again").click()
        wait_idle(page)
        try:
            page.get_by_text("“Mixed dates” loaded: 3 stops").wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            continue
    loaded(page, "Mixed dates", 3)
    rows = download_table(page)
    assert [(r["arrived"], r["arrived_precision"], r["departed"], r["departed_precision"]) for r in rows] == [
        ("1930-01-01", "year", "1931-03-01", "month"), ("1931-04-02", "day", "1932-02-01", "day"),
        ("1932-06-09", "day", "1933-01-01", "year")]  # fmt: skip


def test_field_files_an_lp_tsv_linked_places_a_google_earth_kml_and_a_german_dms_csv_each_upload_and_play(page, app_url):
    from test_readers import GOOGLE_EARTH, LP_TSV, LPF_SAMPLE

    lpf = (
        json.dumps(LPF_SAMPLE).replace('"1600"', '"1929"').replace('"1699"', '"1932"').replace('"1700"', '"1933"')
    )  # in the slider's years
    german = "Ort;Breite;Länge;Ankunft;Abreise\nZürich;47°22′37″N;8°32′30″E;21.02.1916;09.04.1917\nPetrograd;59°56′19″N;30°18′51″E;16. April 1917;März 1918\n"
    files = [("WHG gazetteer", "whg.tsv", LP_TSV.encode(), 3), ("Abingdon", "sample.jsonld", lpf.encode(), 2),
             ("Earth", "trip.kml", GOOGLE_EARTH, 2), ("Reise", "reise.csv", german.encode(), 2)]  # fmt: skip
    open_page(page, app_url)
    box = page.get_by_role("region", name=re.compile("^Places"))
    box.get_by_text("5MB per file").wait_for()  # the box states the limit every file is held to
    page.get_by_text("Places (required, 5 MB each)").wait_for()
    for number, (title, name, raw, stops) in enumerate(files):
        if number:  # back to the upload, as a teacher trying her next file does
            page.get_by_role("link", name="Your own journey").click()
            page.get_by_role("heading", name="Map your own journey").wait_for(timeout=60_000)
        map_file(page, title, name, raw)
        loaded(page, title, stops)
        wait_idle(page)  # until the run ends, the last file's link can stand stale beside this one's
        page.get_by_role("link", name="See it on the map").click()
        page.get_by_role("heading", name=re.compile(f"^{title}, ")).wait_for(timeout=30_000)
        page.frame_locator(MAP_FRAME).locator("path.now-marker").wait_for(timeout=60_000)
        frame = page.locator(MAP_FRAME).element_handle().content_frame()
        assert frame.locator("path.stop-marker").count() == stops, name
        assert not page.locator('[data-testid="stException"]').count(), page.locator(
            '[data-testid="stException"]'
        ).all_inner_texts()
        start = frame.evaluate("[window.exileTime.day, document.querySelector('path.now-marker').getAttribute('d')]")
        frame.locator(".playback-toggle").click()
        frame.wait_for_function("day => window.exileTime.playing && window.exileTime.day !== day", arg=start[0], timeout=10_000)
        frame.locator(".playback-toggle").click()
        frame.locator(".playback-range").focus()
        page.keyboard.press("End")  # to the journey's last day: the marker stands at its last stop
        frame.wait_for_function(
            "d => document.querySelector('path.now-marker').getAttribute('d') !== d", arg=start[1], timeout=5_000
        )
        wait_idle(page)
        assert not page.locator('[data-testid="stException"]').count(), page.locator(
            '[data-testid="stException"]'
        ).all_inner_texts()
        assert_nothing_injected(page)
