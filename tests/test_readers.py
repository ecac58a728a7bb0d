"""Every file the field writes, each sample written here from its format's published specification:
WHG's LP-TSV v0.5 (as .tsv, .csv, .xlsx and .ods), Linked Places v1.2.2, KML 2.2 as Google Earth and Google My Maps
write it, KMZ, and delimited text in the encodings and separators spreadsheets use."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import openpyxl
import pytest
from helpers import DATA
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table as OdsTable
from odf.table import TableCell, TableRow
from odf.text import P

from exilemap import export
from exilemap.completion import Coordinates
from exilemap.gazetteer import DataError, load
from exilemap.journeyfile import check
from exilemap.readers import read

# LP-TSV v0.5: id, title, title_source and start (or attestation_year) required; fclasses or aat_types per row;
# ccodes, variants, types semicolon-delimited; lon/lat or geowkt; tab-delimited, no quotes.
LP_TSV = (
    "id\ttitle\ttitle_source\tstart\tend\tattestation_year\tfclasses\taat_types\tccodes\tvariants\tlon\tlat\tgeowkt\tdescription\n"
    "zh1\tZürich\tHistorisches Lexikon der Schweiz\t1915-02\t1917-04-09\t\tP\t300008389\tCH\tZurich@en;Zurigo@it\t8.5417\t47.3769\t\tA city on the Limmat\n"
    "be1\tBern\tHistorisches Lexikon der Schweiz\t\t\t1917\tP\t\tCH\t\t\t\tPOINT(7.4474 46.948)\t\n"
    "sp1\tSaint Petersburg\tBrockhaus 1911\t1917-04-16\t1918-03\t\tP\t\tRU\tPetrograd@ru\t30.3141\t59.9386\t\t\n"
)


def lp_tsv_rows() -> list[list[str]]:
    return [line.split("\t") for line in LP_TSV.splitlines()]


def test_lp_tsv_reads_with_whgs_columns_and_cites_its_title_source():
    checked = check(read(LP_TSV.encode(), "whg.tsv"))
    assert checked.problems == []
    zurich, bern, petersburg = checked.gazetteer.stops
    assert (zurich.id, zurich.name, zurich.arrived, zurich.arrived_precision, zurich.departed, zurich.summary) == (
        "zh1", "Zürich", dt.date(1915, 2, 1), "month", dt.date(1917, 4, 9), "A city on the Limmat")  # fmt: skip
    assert (zurich.country_now, petersburg.country_now) == ("Switzerland", "Russia")  # ISO 3166 CH and RU, in English
    assert (bern.lat, bern.lon, bern.arrived, bern.arrived_precision) == (46.948, 7.4474, dt.date(1917, 1, 1), "year")
    gz = checked.gazetteer
    cited = [gz.references[c.ref_id].author for c in zurich.date_refs + zurich.summary_refs]
    assert cited == ["Historisches Lexikon der Schweiz"] * 2
    assert gz.references[petersburg.date_refs[0].ref_id].author == "Brockhaus 1911"
    assumed = checked.completion.assumed_lines()
    assert "arrived: from attestation_year 1917" in assumed[1] and "lat, lon: from geowkt POINT(7.4474 46.948)" in assumed[1]
    assert "country: ccodes CH read as Switzerland" in assumed[0]
    assert "title_source 'Historisches Lexikon der Schweiz' cited for the date and summary" in assumed[0]


def test_lp_tsv_keeps_the_columns_we_do_not_use_in_the_table_and_says_so():
    table = read(LP_TSV.encode(), "whg.tsv")
    assert {"fclasses", "aat_types", "variants"} <= set(table.frame.columns)
    assert any("'fclasses'" in n and "kept in the table but not used" in n for n in table.notes)


def _ods(rows: list[list]) -> bytes:
    doc = OpenDocumentSpreadsheet()
    sheet = OdsTable(name="Places")
    for row in rows:
        line = TableRow()
        for value in row:
            if isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            line.addElement(cell)
        sheet.addElement(line)
    doc.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["whg.csv", "whg.xlsx", "whg.ods"])
def test_lp_tsv_reads_the_same_as_csv_xlsx_and_ods(name):
    rows = lp_tsv_rows()
    if name.endswith(".csv"):
        raw = "\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows).encode()
    else:
        raw = (_xlsx if name.endswith(".xlsx") else _ods)(rows)
    gz = check(read(raw, name)).gazetteer
    assert gz is not None
    assert [(s.id, s.arrived, s.departed, s.lat) for s in gz.stops] == [(s.id, s.arrived, s.departed, s.lat) for s in
                                                                         check(read(LP_TSV.encode(), "whg.tsv")).gazetteer.stops]  # fmt: skip


def test_an_ods_keeps_its_real_numbers_and_dates():
    raw = _ods([["Ort", "Breite", "Länge", "Ankunft"], ["Zürich", 47.3769, 8.5417, dt.date(1915, 2, 1)],
                ["Bern", 46.948, 7.4474, dt.date(1917, 3, 1)]])  # fmt: skip
    gz = check(read(raw, "reise.ods")).gazetteer
    assert [(s.name, s.lat, s.arrived, s.arrived_precision) for s in gz.stops] == [
        ("Zürich", 47.3769, dt.date(1915, 2, 1), "day"), ("Bern", 46.948, dt.date(1917, 3, 1), "day")]  # fmt: skip


# Linked Places v1.2.2: the format's own published sample has one feature whose geometry is a GeometryCollection of
# two Points, each with its own `when` (start {"in": "1600"} to end {"in": "1699"}, then from {"in": "1700"}) and certainty.
LPF_SAMPLE = {
    "type": "FeatureCollection",
    "@context": "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld",
    "features": [{
        "@id": "http://mygaz.org/places/p_12345", "type": "Feature", "properties": {"title": "Abingdon (UK)", "ccodes": ["GB"]},
        "geometry": {"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": [-1.2879, 51.6708], "when": {"timespans": [{"start": {"in": "1600"}, "end": {"in": "1699"}}]},
             "citations": [{"label": "Getty TGN (retrieved 4 May 2018)", "@id": "tgn:7011944"}], "certainty": "certain"},
            {"type": "Point", "coordinates": [-1.31, 51.64], "when": {"timespans": [{"start": {"in": "1700"}}]}, "certainty": "uncertain"},
        ]},
    }],
}  # fmt: skip


def test_the_linked_places_sample_reads_one_point_a_stop_and_says_why_its_years_cannot_be_mapped():
    table = read(json.dumps(LPF_SAMPLE).encode(), "sample.jsonld")
    assert table.labels == ("feature 1, point 1", "feature 1, point 2")
    assert [tuple(r) for r in table.frame[["name", "lon", "arrived", "departed", "coord_precision"]].itertuples(index=False)] == [
        ("Abingdon (UK)", "-1.2879", "1600", "1699", "street"), ("Abingdon (UK)", "-1.31", "1700", "", "region")]  # fmt: skip
    problems = [str(p) for p in check(table).problems]
    assert problems[0] == ("sample.jsonld, feature 1, point 1, column 'arrived': 1600 is outside the years the map's date slider "
                           "can show (1685–2254): a journey must lie within them")  # fmt: skip


def test_a_linked_places_geometry_collection_becomes_stops_in_date_order():
    doc = json.loads(json.dumps(LPF_SAMPLE).replace('"1600"', '"1929"').replace('"1699"', '"1932"').replace('"1700"', '"1933"'))
    checked = check(read(json.dumps(doc).encode(), "sample.jsonld"))
    assert checked.problems == []
    first, second = checked.gazetteer.stops
    assert (first.name, first.lon, first.arrived, first.arrived_precision, first.departed, first.coord_precision) == (
        "Abingdon (UK)", -1.2879, dt.date(1929, 1, 1), "year", dt.date(1932, 1, 1), "street")  # fmt: skip
    assert (second.lon, second.arrived, second.departed, second.coord_precision, second.country_now) == (
        -1.31, dt.date(1933, 1, 1), dt.date(1933, 1, 1), "region", "United Kingdom")  # fmt: skip
    assert first.id != second.id


def _feature(uri, title, lon, lat, when=None, names=None):
    feature = {
        "@id": uri,
        "type": "Feature",
        "properties": {"title": title},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }
    if when:
        feature["when"] = when
    feature["names"] = names or [{"toponym": title}]
    return feature


def test_linked_places_whens_at_feature_and_name_level_with_intervals_that_set_the_precision():
    doc = {"type": "FeatureCollection", "@context": export.LPF_CONTEXT, "features": [
        _feature("http://x.org/p/2", "Acre", 35.07, 32.92, {"timespans": [{"start": {"earliest": "1921-05-01", "latest": "1921-05-31"}}]}),
        _feature("http://x.org/p/1", "Antioch", 36.16, 36.2, None,
                 [{"toponym": "Antioch", "when": {"timespans": [{"start": {"earliest": "1917", "latest": "1919"}, "end": {"in": "1920-05-18"}}]}}]),
    ]}  # fmt: skip
    table = read(json.dumps(doc).encode(), "crusades.json")
    assert "The points were put in order of their start dates." in table.notes
    antioch, acre = check(table).gazetteer.stops
    assert (antioch.arrived, antioch.arrived_precision, antioch.departed) == (dt.date(1918, 1, 1), "circa", dt.date(1920, 5, 18))
    assert (acre.arrived, acre.arrived_precision) == (dt.date(1921, 5, 1), "month")


def test_a_gazetteer_whose_places_overlap_in_time_loads_in_order_of_start_and_says_so():
    doc = {"type": "FeatureCollection", "@context": export.LPF_CONTEXT, "features": [
        _feature("http://x.org/p/b", "Bruges", 3.22, 51.21, {"timespans": [{"start": {"in": "1850"}, "end": {"in": "1900"}}]}),
        _feature("http://x.org/p/a", "Antwerp", 4.40, 51.22, {"timespans": [{"start": {"in": "1800"}, "end": {"in": "1870"}}]}),
    ]}  # fmt: skip
    checked = check(read(json.dumps(doc).encode(), "hanse.json"))
    assert [s.name for s in checked.gazetteer.stops] == ["Antwerp", "Bruges"]
    assert checked.notes == ["1 place(s) begin before the one above has ended: 'Antwerp' lasts until 1870, but 'Bruges' begins "
                             "1850. The map shows one place at a time, in order of start, each from when the one before it ends."]  # fmt: skip


def test_a_linked_places_interval_wider_than_a_year_is_refused_by_feature():
    doc = {"type": "FeatureCollection", "@context": export.LPF_CONTEXT, "features": [
        _feature("http://x.org/p/1", "Acre", 35.07, 32.92, {"timespans": [{"start": {"in": "1921"}}]}),
        _feature("http://x.org/p/2", "Tyre", 35.2, 33.27, {"timespans": [{"start": {"earliest": "1921-05", "latest": "1925"}}]}),
    ]}  # fmt: skip
    checked = check(read(json.dumps(doc).encode(), "x.json"))
    [problem] = checked.problems
    assert str(problem) == ("x.json, feature 2, column 'arrived': '1921-05/1925' is an interval wider than a month or a year: "
                            "give the stay's start and end as its own dates")  # fmt: skip


def _kml(placemarks: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{placemarks}</Document></kml>'.encode()


# Google Earth: Placemarks with a Point, a TimeSpan (begin/end, xsd:dateTime) or a TimeStamp (when), an HTML description
GOOGLE_EARTH = _kml(
    "<Placemark><name>Zürich</name><description><![CDATA[<b>Spiegelgasse</b> 14<br>lodgings]]></description>"
    "<TimeSpan><begin>1916-02-21T00:00:00Z</begin><end>1917-04-09</end></TimeSpan>"
    "<Point><coordinates>8.5447,47.3724,0</coordinates></Point></Placemark>"
    "<Placemark><name>route</name><LineString><coordinates>8.5,47.3 13.4,52.5</coordinates></LineString></Placemark>"
    "<Placemark><name>Petrograd</name><TimeStamp><when>1917-04</when></TimeStamp>"
    "<Point><coordinates>30.3141,59.9386</coordinates></Point></Placemark>"
)


def test_a_google_earth_kml_reads_its_placemarks_timespans_and_descriptions():
    table = read(GOOGLE_EARTH, "trip.kml")
    assert "1 Placemark(s) without a Point (such as a line or a shape) were left out." in table.notes
    zurich, petrograd = check(table).gazetteer.stops
    assert (zurich.arrived, zurich.departed, zurich.lat, zurich.lon, zurich.summary) == (
        dt.date(1916, 2, 21), dt.date(1917, 4, 9), 47.3724, 8.5447, "Spiegelgasse 14 lodgings")  # fmt: skip
    assert (petrograd.arrived, petrograd.arrived_precision) == (dt.date(1917, 4, 1), "month")


def test_a_google_my_maps_kml_reads_the_layers_table_columns_with_the_header_synonyms():
    raw = _kml(
        '<Placemark><name>Zürich</name><ExtendedData><Data name="Ankunft"><value>21.02.1916</value></Data>'
        '<Data name="Abreise"><value>9. April 1917</value></Data></ExtendedData>'
        "<Point><coordinates>8.5447,47.3724</coordinates></Point></Placemark>"
        '<Placemark><name>Petrograd</name><ExtendedData><SchemaData schemaUrl="#s"><SimpleData name="llegada">16 de abril de 1917'
        "</SimpleData></SchemaData></ExtendedData><Point><coordinates>30.3141,59.9386</coordinates></Point></Placemark>"
    )
    zurich, petrograd = check(read(raw, "mymaps.kml")).gazetteer.stops
    assert (zurich.arrived, zurich.departed, petrograd.arrived) == (
        dt.date(1916, 2, 21),
        dt.date(1917, 4, 9),
        dt.date(1917, 4, 16),
    )


def test_a_kml_problem_names_its_placemark():
    raw = _kml("<Placemark><name>A</name><TimeStamp><when>1917</when></TimeStamp><Point><coordinates>8,47</coordinates></Point></Placemark>"
               "<Placemark><name>B</name><TimeStamp><when>someday</when></TimeStamp><Point><coordinates>9,48</coordinates></Point></Placemark>")  # fmt: skip
    [problem] = check(read(raw, "x.kml")).problems
    assert str(problem).startswith("x.kml, Placemark 2 ('B'), column 'arrived': 'someday' is not a date we can read")


def test_a_kml_that_defines_an_entity_does_not_expand_it():
    raw = (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
           b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&secret;</name><TimeStamp><when>1917</when>'
           b"</TimeStamp><Point><coordinates>8,47</coordinates></Point></Placemark></Document></kml>")  # fmt: skip
    try:
        table = read(raw, "x.kml")
    except DataError:
        return  # refused outright: nothing read either
    assert "root:" not in " ".join(table.frame["name"])


def _kmz(kml: bytes, name: str = "doc.kml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, kml)
    return buffer.getvalue()


def test_a_kmz_reads_the_kml_inside():
    assert [s.name for s in check(read(_kmz(GOOGLE_EARTH), "trip.kmz")).gazetteer.stops] == ["Zürich", "Petrograd"]


@pytest.mark.parametrize(
    "fmt, name", [("kml", "exile.kml"), ("lpf", "exile.jsonld"), ("geojson", "exile.geojson"), ("csv", "places.csv")]
)
def test_our_own_exports_load_back_as_they_were(fmt, name):
    gz = load()
    text = {"kml": lambda: export.kml(gz), "lpf": lambda: json.dumps(export.linked_places(gz)),
            "geojson": lambda: json.dumps(export.geojson(gz, __import__("exilemap.route").route.Route(gz))),
            "csv": lambda: export.places_csv(gz)}[fmt]()  # fmt: skip
    back = check(read(text.encode(), name), references=(DATA / "references.csv").read_bytes()).gazetteer
    fields = ("id", "name", "modern_name", "lat", "lon", "arrived", "arrived_precision", "departed", "departed_precision", "kind",
              "summary")  # fmt: skip
    assert [tuple(getattr(s, f) for f in fields) for s in back.stops] == [tuple(getattr(s, f) for f in fields) for s in gz.stops]
    if fmt in ("kml", "csv"):  # every column rides along
        assert back.stops == gz.stops


GERMAN = "Ort;Breite;Länge;Ankunft;Abreise\nZürich;47,3769;8,5417;21.02.1916;09.04.1917\nPetrograd;59,9386;30,3141;16.04.1917;März 1918\n"


@pytest.mark.parametrize(
    "raw, note",
    [
        (GERMAN.encode("utf-8"), "Columns are separated by semicolons."),
        (b"\xef\xbb\xbf" + GERMAN.encode("utf-8"), "Columns are separated by semicolons."),
        (GERMAN.encode("cp1252"), "Read as Windows-1252 text, not UTF-8"),
        (GERMAN.replace(";", "\t").encode("utf-16"), "Read as UTF-16 text (Excel's “Unicode text”)."),
    ],
)
def test_a_german_spreadsheet_saved_as_csv_reads_in_every_encoding_excel_writes(raw, note):
    table = read(raw, "reise.csv")
    assert any(n.startswith(note) for n in table.notes), table.notes
    checked = check(table)
    zurich, petrograd = checked.gazetteer.stops
    assert (zurich.name, zurich.lat, zurich.lon, zurich.arrived, zurich.departed) == (
        "Zürich", 47.3769, 8.5417, dt.date(1916, 2, 21), dt.date(1917, 4, 9))  # fmt: skip
    assert (petrograd.departed, petrograd.departed_precision) == (dt.date(1918, 3, 1), "month")
    assumed = checked.completion.assumed_lines()[0]
    assert "lat: 47,3769 read as 47.3769" in assumed and "arrived: 21.02.1916 read as 1916-02-21" in assumed


def test_dms_coordinates_in_their_columns_and_in_one_coordinates_column_are_read_and_said():
    raw = ("place;lat;lon;coordinates;date\nZürich;47°22′37″N;8°32′30″E;;1916\nBern;;;46°56′53″N 7°26′51″E;1917\n"
           "Basel;;;47.5596, 7.5886;1918\n").encode()  # fmt: skip
    checked = check(read(raw, "dms.csv"))
    zurich, bern, basel = checked.gazetteer.stops
    assert (zurich.lat, zurich.lon) == (47.37694, 8.54167)  # 47 + 22/60 + 37/3600 and 8 + 32/60 + 30/3600, to five places
    assert (bern.lat, bern.lon, basel.lat, basel.lon) == (46.94806, 7.4475, 47.5596, 7.5886)
    assumed = checked.completion.assumed_lines()
    assert "lat: 47°22′37″N read as 47.37694" in assumed[0]
    assert "lat, lon: from coordinates '46°56′53″N 7°26′51″E'" in assumed[1]


def test_a_latitude_out_of_range_is_refused_with_its_row_and_column_and_never_swapped():
    checked = check(read(b"name,lat,lon,date\nZurich,8.54,47.37,1916\nNowhere,120,45,1917\n", "x.csv"))
    [problem] = checked.problems
    assert str(problem) == ("x.csv, row 3, column 'lat': '120' is outside ±90, the range of a latitude; with lon 45 the pair fits "
                            "only if the columns are swapped: check which is which (nothing was swapped)")  # fmt: skip


def test_a_place_and_year_table_of_two_columns_is_mapped_with_the_coordinates_found():
    found = {"Zürich": Coordinates(47.37, 8.54, "geonames"), "Petrograd": Coordinates(59.94, 30.31, "geonames")}
    checked = check(read("place,year\nZürich,1916\nPetrograd,c. 1917\n".encode(), "two.csv"), found)
    zurich, petrograd = checked.gazetteer.stops
    assert (zurich.arrived_precision, petrograd.arrived, petrograd.arrived_precision) == ("year", dt.date(1917, 1, 1), "circa")
    assert "arrived: from year c. 1917" in checked.completion.assumed_lines()[1]


def test_headers_in_six_languages_are_read_from_the_data_file():
    for header in ("lugar;llegada;salida", "lieu;arrivée;départ", "Ort;Ankunft;Abreise", "место;прибытие;отъезд",
                   "sted;ankomst;avreise"):  # fmt: skip
        table = read(f"{header};lat;lon\nA;1930;1931;1;1\nB;1932;1933;2;2\n".encode(), "x.csv")
        assert list(table.frame.columns) == ["name", "arrived", "departed", "lat", "lon"], header


def test_lp_tsvs_geo_source_is_cited_for_the_coordinates_and_only_for_them():
    raw = "id\ttitle\ttitle_source\tstart\tfclasses\tlon\tlat\tgeo_source\na\tA\tAtlas\t1930\tP\t1\t1\tGeoNames\nb\tB\tAtlas\t1931\tP\t2\t2\t\n"
    gz = check(read(raw.encode(), "x.tsv")).gazetteer
    a, b = gz.stops
    assert [gz.references[c.ref_id].author for c in a.coord_refs] == ["GeoNames"] and b.coord_refs == ()
    assert [gz.references[c.ref_id].author for c in a.date_refs + b.date_refs] == ["Atlas", "Atlas"]


def test_an_lp_tsv_geometry_that_is_not_a_point_is_refused_by_row_with_what_it_is():
    raw = "id\ttitle\ttitle_source\tstart\tfclasses\tgeowkt\na\tA\tAtlas\t1930\tP\tPOINT(1 1)\nb\tB\tAtlas\t1931\tP\tPOLYGON((0 0, 1 0, 1 1, 0 0))\n"
    [problem] = check(read(raw.encode(), "x.tsv")).problems
    assert str(problem) == "x.tsv, row 3, column 'geowkt': is a POLYGON: only a POINT can be mapped; give lon and lat"
