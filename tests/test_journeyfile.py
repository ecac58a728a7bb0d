"""A journey as a person writes it: few columns, header synonyms, dates as written, defaults said, every format."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from helpers import DATA

from exilemap import export, journeyfile
from exilemap.completion import Coordinates, complete
from exilemap.gazetteer import DataError, load, load_journey
from exilemap.journeyfile import check
from exilemap.readers import FULL_COLUMNS, read
from exilemap.route import Route

FIVE = b"name,lat,lon,arrived,departed\nIstanbul,41.01,28.98,1929-02-12,1929-03-05\nPrinkipo,40.87,29.13,1929-03,1933-07\n"


def test_five_columns_load_with_every_default_said():
    table = read(FIVE, "trip.csv")
    checked = check(table)
    assert checked.problems == [] and checked.gazetteer is not None
    first, second = checked.gazetteer.stops
    assert (first.id, first.modern_name, first.kind, first.arrived_precision) == ("istanbul", "Istanbul", "visit", "day")
    assert (second.kind, second.arrived, second.arrived_precision, second.departed_precision) == (
        "residence", dt.date(1929, 3, 1), "month", "month")  # fmt: skip
    assert first.coord_source == second.coord_source == "manual"
    assert checked.completion.assumed[0] == (
        "arrived precision: day; departed precision: day; id: istanbul; modern name = name; coordinates: as given (manual); country: not given; "
        "kind: visit (from the length of the stay); no summary; what the point marks: not stated"
    )
    assert "arrived precision: month" in checked.completion.assumed[1]


def test_headers_are_read_by_their_synonyms_whatever_their_case():
    raw = b"City;LATITUDE;Lng;From;Until\nOslo;59.91;10.75;June 1935;December 1936\nHonefoss;60.17;10.26;1936;\n"
    table = read(raw, "semi.csv")
    assert list(table.frame.columns) == ["name", "lat", "lon", "arrived", "departed"]
    assert "'City' as name" in table.notes[0] and "'Lng' as lon" in table.notes[0]
    checked = check(table)
    assert checked.problems == []
    assert checked.completion.assumed[1].startswith("arrived precision: year; departed = arrived")


@pytest.mark.parametrize("synonym", ["place", "location", "city", "Place"])
def test_every_synonym_of_name_is_a_name(synonym):
    assert "name" in read(f"{synonym},date\nA,1930\n".encode(), "x.csv").frame.columns


def test_ids_are_unique_slugs_of_the_names():
    raw = "name,lat,lon,arrived\nSão Paulo,1,1,1930\nSão Paulo,1,1,1931\nsao-paulo,1,1,1932\n".encode()
    frame = complete(read(raw, "x.csv")).frame
    assert list(frame["id"]) == ["sao-paulo", "sao-paulo-2", "sao-paulo-3"]


@pytest.mark.parametrize(
    "arrived, departed, kind",
    [("1930-01-01", "", "transit"), ("1930-01-01", "1930-01-20", "visit"), ("1930-01", "1930-03", "residence"),
     ("1930", "", "residence")],
)  # fmt: skip
def test_the_kind_comes_from_the_length_of_the_stay(arrived, departed, kind):
    raw = f"name,lat,lon,arrived,departed\nA,1,1,{arrived},{departed}\n".encode()
    assert complete(read(raw, "x.csv")).frame["kind"][0] == kind


def test_a_given_value_is_never_replaced_by_a_default():
    raw = b"name,lat,lon,arrived,departed,kind,id,summary,country_now\nA,1,1,1930-01-01,1930-01-01,residence,home,Born,Peru\n"
    row = complete(read(raw, "x.csv")).frame.iloc[0]
    assert (row["kind"], row["id"], row["summary"], row["country_now"], row["country_then"]) == (
        "residence", "home", "Born", "Peru", "Peru")  # fmt: skip


def test_mixed_date_forms_and_an_ambiguous_one_name_file_row_and_column():
    raw = b"place,lat,lon,date,to\nA,1,1,1930,March 1931\nB,2,2,Apr 2 1931,01/02/1932\nC,3,3,9 June 1932,1933\n"
    checked = check(read(raw, "mixed.csv"))
    assert [str(p) for p in checked.problems] == [
        "mixed.csv, row 3, column 'departed': '01/02/1932' is ambiguous: it reads as 1 February 1932 (day first) or "
        "2 January 1932 (month first); write it as 1932-02-01 or 1 February 1932"
    ]
    assert checked.gazetteer is None
    fixed = read(raw.replace(b"01/02/1932", b"1 February 1932"), "mixed.csv")
    gz = check(fixed).gazetteer
    assert [(s.arrived_precision, s.departed_precision) for s in gz.stops] == [("year", "month"), ("day", "day"),
                                                                               ("day", "year")]  # fmt: skip


def test_a_row_with_no_coordinates_and_no_place_found_says_so_once():
    raw = b"name,arrived\nAtlantis,1930\nLemuria,1931\n"
    checked = check(read(raw, "x.csv"))
    assert [(p.row, p.column) for p in checked.problems] == [(2, "lat"), (3, "lat")]
    assert "no place called 'Atlantis' was found" in checked.problems[0].message


def test_a_name_that_fits_several_places_waits_for_a_choice():
    [problem] = check(read(b"name,lat,lon,arrived\nParis,,,1930\nOslo,59.9,10.7,1931\n", "x.csv"), {}, {"Paris"}).problems
    assert (problem.row, problem.column) == (2, "lat")
    assert problem.message == "'Paris' fits more than one place: choose which, or give lat and lon"


def test_found_coordinates_fill_the_row_and_say_where_from():
    raw = b"name,arrived\nParis,1930\nOslo,1931\n"
    found = {"Paris": Coordinates(48.85341, 2.3488, "geonames", "France", 2988507, "GeoNames 2988507: Paris, France"),
             "Oslo": Coordinates(59.91, 10.75, "nominatim", "Norway", None, "Nominatim: Oslo, Norway")}  # fmt: skip
    checked = check(read(raw, "x.csv"), found)
    paris, oslo = checked.gazetteer.stops
    assert (paris.coord_source, paris.geonames_id, paris.country_now, paris.lat) == ("geonames", 2988507, "France", 48.85341)
    assert (oslo.coord_source, oslo.coord_note) == ("nominatim", "Nominatim: Oslo, Norway")
    assert "coordinates: geonames (GeoNames 2988507: Paris, France)" in checked.completion.assumed[0]


def test_the_full_schema_is_read_exactly_as_before():
    raw, references = (DATA / "places.csv").read_bytes(), (DATA / "references.csv").read_bytes()
    table = read(raw, "places.csv")
    assert table.full
    checked = check(table, references=references)
    assert checked.problems == [] and checked.completion.assumed == [""] * len(checked.gazetteer.stops)
    assert checked.gazetteer.stops == load_journey(raw, references=references).stops == load().stops


def test_a_broken_full_schema_file_gets_the_same_problems_as_before():
    raw = (DATA / "places.csv").read_bytes().replace(b",residence,", b",holiday,", 1)
    with pytest.raises(DataError) as before:
        load_journey(raw)
    assert check(read(raw, "places.csv")).problems == before.value.problems


def test_the_completed_table_downloads_in_our_full_columns_and_loads_back():
    completion = check(read(FIVE, "trip.csv")).completion
    text = completion.csv_bytes()
    assert text.decode().splitlines()[0] == ",".join(FULL_COLUMNS)
    assert len(load_journey(text).stops) == 2


def _zipped(name: str, data: bytes) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "raw, name, message",
    [
        (b"", "x.csv", "x.csv: is empty"),
        (b"name,arrived\n", "x.csv", "has a header but no data rows"),
        (b"name,lat\nA,1\n", "x.csv", "has no 'arrived' column: a journey needs at least a place name"),
        (b"lat,date\n1,1930\n", "x.csv", "has no 'name' column"),
        (b"place,city,date\nA,B,1930\n", "x.csv", "has more than one column meaning name"),
        (
            b"name,date\n\x81\x8d,1930\n",
            "x.csv",
            "is not UTF-8, UTF-16 or Windows-1252 text",
        ),  # bytes Windows-1252 leaves undefined
        (b"n\x00a\x00m\x00e\x00", "x.csv", "looks like UTF-16 text without its byte-order mark"),
        (b"PK\x03\x04junk", "x.xlsx", "is not an Excel workbook (.xlsx) that can be read"),
        (b"PK\x03\x04junk", "x.ods", "is not a LibreOffice spreadsheet (.ods) that can be read"),
        (b"{", "x.geojson", "is not valid JSON"),
        (b"[1, 2]", "x.geojson", "is JSON but not a GeoJSON FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "x.geojson", "has no Point features"),
        (
            b"x",
            "x.pdf",
            "is a .pdf file; upload CSV, TSV, Excel .xlsx, LibreOffice .ods, GeoJSON, Linked Places (.json, .jsonld), or KML/KMZ",
        ),
        (b"name,date\nA,1930,extra\n", "x.csv", "row 2 has 3 fields but the header has 2"),
        (b'name,date\n"A,1930\n', "x.csv", "looks like delimited text (commas) but is not valid CSV"),
        (b"<kml><Document>", "x.kml", "is not KML that can be read: the XML is broken"),
        (b"<gpx><wpt/></gpx>", "x.kml", "is XML but not KML: its root element is <gpx>, not <kml>"),
        (
            b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>A</name></Placemark></Document></kml>',
            "x.kml",
            "is KML with no Placemark that has a Point",
        ),
        (b"not a zip", "x.kmz", "is not a KMZ (a zip file holding KML) that can be read"),
        (_zipped("readme.txt", b"hello"), "x.kmz", "is a zip file (KMZ) with no .kml file inside"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_in_one_sentence(raw, name, message):
    with pytest.raises(DataError) as caught:
        read(raw, name)
    assert len(caught.value.problems) == 1
    assert message in str(caught.value.problems[0])


def test_a_csv_with_a_byte_order_mark_and_semicolons_reads():
    table = read(b"\xef\xbb\xbf" + FIVE.replace(b",", b";"), "excel.csv")
    assert list(table.frame.columns) == ["name", "lat", "lon", "arrived", "departed"]


def test_an_xlsx_reads_with_real_dates_and_numbers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Place", "Lat", "Lon", "Start", "End"])
    sheet.append(["Istanbul", 41.01, 28.98, dt.datetime(1929, 2, 12), dt.date(1929, 3, 5)])
    sheet.append(["Prinkipo", 40.87, 29.13, "March 1929", 1933])
    buffer = io.BytesIO()
    book.save(buffer)
    gz = check(read(buffer.getvalue(), "trip.xlsx")).gazetteer
    assert [(s.arrived, s.arrived_precision) for s in gz.stops] == [(dt.date(1929, 2, 12), "day"), (dt.date(1929, 3, 1), "month")]
    assert gz.stops[1].departed_precision == "year"


def test_a_geojson_of_points_reads_its_properties():
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [28.98, 41.01]},
         "properties": {"place": "Istanbul", "start": "1929-02-12", "notes": {"nested": 1}}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [29.13, 40.87]},
         "properties": {"place": "Prinkipo", "start": "1929-03", "end": "1933-07"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "properties": {}},
    ]}  # fmt: skip
    table = read(json.dumps(doc).encode(), "trip.geojson")
    assert "1 feature(s) that are not Points" in table.notes[-1]
    gz = check(table).gazetteer
    assert [(s.name, s.lat, s.lon) for s in gz.stops] == [("Istanbul", 41.01, 28.98), ("Prinkipo", 40.87, 29.13)]


def test_our_geojson_export_reads_back():
    gz = load()
    text = json.dumps(export.geojson(gz, Route(gz))).encode()
    back = check(read(text, "exile.geojson")).gazetteer
    assert [(s.id, s.arrived, s.departed, s.kind, s.lat) for s in back.stops] == [
        (s.id, s.arrived, s.departed, s.kind, s.lat) for s in gz.stops
    ]


def test_our_linked_places_export_round_trips():
    gz = load()
    text = json.dumps(export.linked_places(gz)).encode()
    back = check(read(text, "exile.lpf.json"))
    assert back.problems == []
    fields = ("id", "name", "modern_name", "lat", "lon", "arrived", "arrived_precision", "departed", "departed_precision", "kind",
              "summary")  # fmt: skip
    assert [tuple(getattr(s, f) for f in fields) for s in back.gazetteer.stops] == [
        tuple(getattr(s, f) for f in fields) for s in gz.stops
    ]


def test_a_whg_feature_with_a_when_timespan_is_read():
    doc = {"type": "FeatureCollection", "@context": export.LPF_CONTEXT, "features": [
        {"@id": "http://whgazetteer.org/places/123", "type": "Feature", "properties": {"title": "Antioch", "ccodes": ["TR"]},
         "names": [{"toponym": "Antioch"}, {"toponym": "Antakya"}], "geometry": {"type": "Point", "coordinates": [36.16, 36.2]},
         "when": {"timespans": [{"start": {"earliest": "1918-01-01", "latest": "1918-12-31"}, "end": {"in": "1928-05-18"}}]}},
        {"@id": "http://whgazetteer.org/places/124", "type": "Feature", "properties": {"title": "Acre"},
         "geometry": {"type": "Point", "coordinates": [35.07, 32.92]},
         "when": {"timespans": [{"start": {"earliest": "1931-05-01", "latest": "1931-05-31"}}]}},
    ]}  # fmt: skip
    gz = check(read(json.dumps(doc).encode(), "whg.json")).gazetteer
    antioch, acre = gz.stops
    assert (antioch.id, antioch.modern_name, antioch.arrived_precision, antioch.departed) == (
        "123", "Antakya", "year", dt.date(1928, 5, 18))  # fmt: skip
    assert (acre.arrived, acre.arrived_precision, acre.departed, acre.kind) == (
        dt.date(1931, 5, 1), "month", dt.date(1931, 5, 1), "visit")  # fmt: skip


def test_a_place_on_the_equator_or_the_greenwich_meridian_has_coordinates():
    raw = b"name,lat,lon,arrived\nGreenwich,51.48,0,1930\nGulf of Guinea,0.0,0.0,1931\n"
    assert [(s.lat, s.lon) for s in check(read(raw, "x.csv")).gazetteer.stops] == [(51.48, 0.0), (0.0, 0.0)]


def test_a_lean_check_keeps_every_rows_assumptions_packed_and_gives_them_back_whole():
    days = [dt.date(1900, 1, 1) + dt.timedelta(days=n) for n in range(300)]
    raw = b"name,lat,lon,arrived\n" + b"".join(f"P{n},1,{n % 90},{day}\n".encode() for n, day in enumerate(days))
    checked = journeyfile.check(read(raw, "many.csv"))
    notes = list(checked.completion.assumed)
    assert checked.gazetteer is not None and len(notes) == 300 and all(notes)
    assert checked.lean().completion.assumed_lines() == notes and checked.completion.assumed == []


@pytest.fixture
def small_limit(monkeypatch):
    """The upload's limit at 4,000 bytes, in every module that holds a table to it."""
    from exilemap import gazetteer, readers
    from exilemap.readers import kml, table

    for module in (gazetteer, journeyfile, table, kml):
        monkeypatch.setattr(module, "MAX_FILE_BYTES", 4_000)
    return readers


def _rows(n: int) -> bytes:
    return b"name,lat,lon,arrived\n" + b"".join(f"P{i},1,{i % 90},{1900 + i}\n".encode() for i in range(n))


def test_the_size_limit_holds_for_the_uploaded_file(small_limit):
    raw = _rows(300)
    with pytest.raises(DataError, match=f"big.csv: is {len(raw):,} bytes; the limit is 4,000 bytes"):
        read(raw, "big.csv")


def test_the_size_limit_holds_for_the_completed_table(small_limit):
    raw = _rows(40)  # about 700 bytes as uploaded; in all of our columns over 4,000
    assert len(raw) < 4_000
    [problem] = check(read(raw, "trip.csv")).problems
    assert str(problem).startswith(
        "trip.csv: Completed in all of our columns, the table is "
    ) and "the limit is 4,000 bytes" in str(problem)


def test_the_size_limit_holds_for_the_table_edited_in_the_page(small_limit):
    table = read(_rows(3), "trip.csv")
    shown = journeyfile.editor_frame(table, check(table))
    shown.loc[0, "name"] = "x" * 5_000  # a person pastes a long text into a cell
    [problem] = check(journeyfile.from_editor(shown, "trip.csv")).problems
    assert str(problem).startswith("trip.csv: The table is 5,") and "the limit is 4,000 bytes" in str(problem)


def test_the_size_limit_holds_for_the_kml_inside_a_kmz_however_well_it_compresses(small_limit):
    kml = ('<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' + " " * 10_000 + "</Document></kml>").encode()
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
    assert len(buffer.getvalue()) < 4_000
    with pytest.raises(DataError, match="holds a KML of 10,0[0-9][0-9] bytes; the limit is 4,000 bytes"):
        read(buffer.getvalue(), "trip.kmz")


def test_the_size_limit_holds_for_a_full_table_loaded_as_it_is(small_limit):
    with pytest.raises(DataError, match="the limit is 4,000 bytes"):
        load_journey((DATA / "places.csv").read_bytes())
