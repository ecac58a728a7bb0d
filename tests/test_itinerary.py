"""The journey as text: every stop once, in order, grouped by country, with names, dates, quotes and a map link."""

from __future__ import annotations

from helpers import hostile_journey
from streamlit.testing.v1 import AppTest

from exilemap.gazetteer import ROOT, load, load_journey
from exilemap.itinerary import entries, itinerary, map_link, today
from exilemap.links import date_from_link
from exilemap.route import Route

GZ = load()
ROUTE = Route(GZ)
TRIP = itinerary(GZ, ROUTE)


def test_every_stop_appears_once_in_the_journeys_order_numbered_throughout():
    listed = [e for s in TRIP for e in s.entries]
    assert [e.stop.id for e in listed] == [s.id for s in GZ.stops]
    assert [e.number for e in listed] == list(range(1, len(GZ.stops) + 1))


def test_a_new_heading_starts_wherever_the_country_changes_so_turkey_comes_twice():
    assert [s.heading for s in TRIP] == ["USSR, 1928–1929", "Turkey, 1929–1932", "France, 1932", "Denmark, 1932", "France, 1932",
                                         "Italy, 1932", "Turkey, 1932–1933", "France, 1933–1935", "Belgium, 1935",
                                         "Norway, 1935–1936", "Mexico, 1937–1940"]  # fmt: skip
    for stretch in TRIP:
        assert {e.stop.country_then for e in stretch.entries} == {stretch.country}


def test_dates_are_no_more_precise_than_the_sources_know_them():
    by_id = {e.stop.id: e for s in TRIP for e in s.entries}
    assert by_id["prinkipo"].when == "April 1929 – March 1931"  # until the fire; then Kadıköy and a second house
    assert by_id["kadikoy"].when == "March 1931 – c. 1932"
    assert by_id["prinkipo-second"].when == "c. 1932 – 14 November 1932"
    assert by_id["frunze"].when == "January 1929"
    assert by_id["frunze"].what.startswith("Passed through in January 1929.")
    assert by_id["tampico"].when == "9 January 1937"


def test_the_name_then_comes_with_the_name_and_country_now_where_they_changed():
    by_id = {e.stop.id: e for s in TRIP for e in s.entries}
    assert by_id["prinkipo"].today == "today Büyükada, Turkey"
    assert by_id["moscow"].today == "today in Russia"
    assert by_id["copenhagen"].today == ""
    assert today(GZ.stop("alma-ata")) == "today Almaty, Kazakhstan"


def test_each_stop_carries_its_quotes_and_what_happened():
    attack = next(e for s in TRIP for e in s.entries if e.stop.id == "attack")
    assert attack.quotes == tuple(GZ.quotes_for("attack")) and len(attack.quotes) >= 2
    assert attack.what.startswith("Happened on 20 August 1940.") and GZ.stop("attack").summary in attack.what


def test_each_map_link_opens_the_map_at_that_stop():
    for entry in entries(GZ, ROUTE):
        day, notice = date_from_link(map_link(entry), GZ, ROUTE)
        assert notice is None
        position = ROUTE.position(day)
        if entry.stop.is_event:
            assert day == entry.stop.arrived
        elif position.stop != entry.stop:  # a stop passed through the day the next was reached: the map shows the next
            visit = ROUTE.visit_of(entry.stop.id)
            assert position.status == "at" and visit.start == visit.end == ROUTE.visit_of(position.stop.id).start == day, (
                entry.stop.id
            )
        else:
            assert position.status == "at", entry.stop.id


def test_an_uploaded_journey_has_its_own_itinerary():
    hostile = hostile_journey()
    gz = load_journey(hostile["places"], hostile["quotes"], hostile["sources"], hostile["topics"], hostile["texts"])
    trip = itinerary(gz, Route(gz))
    assert [e.stop.name for s in trip for e in s.entries] == hostile["names"]
    assert [s.country for s in trip] == [f"Land <b>{n}</b>" for n in range(len(hostile["names"]))]


def test_the_page_lists_every_stop_with_a_link_to_the_map_at_its_date():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/7_Itinerary.py").run()
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == [s.heading for s in TRIP]  # no character in them that Markdown would read
    text = " ".join(m.value for m in at.markdown)
    assert "Mercader" in text and "Büyükada" in text
    assert r"The histories differ\: 17 January 1928 \(Felshtinsky and Chernyavsky\) or 18 January 1928 \(Qalam\)\." in text
    links = [link.proto.query_string for link in at.get("page_link")]
    assert links == [f"date={e.day.isoformat()}" for e in entries(GZ, ROUTE)]
    assert "date=1937-01-09" in links


def test_the_page_tells_an_uploaded_journey_with_its_text_shown_literally():
    import ui

    hostile = hostile_journey()
    gz = load_journey(hostile["places"], hostile["quotes"], hostile["sources"], hostile["topics"], hostile["texts"])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[ui.JOURNEY_KEY] = ui.Journey("Hostile", gz, Route(gz))
    at.run()
    at.switch_page("views/7_Itinerary.py").run()
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == [rf"Land \<b\>{n}\</b\>, {1930 + n}" for n in range(6)]
    assert r"Place 1 \<img src\=x onerror\=\"alert\(\'img\'\)\"\>" in " ".join(m.value for m in at.markdown)
    assert "“Hostile”" in at.caption[0].value


def test_an_entry_says_where_the_histories_differ_about_it_and_which_answer_the_map_uses():
    by_id = {e.stop.id: e for e in entries(GZ, ROUTE)}
    assert by_id["prinkipo"].differ[0] == "The histories differ: 8 March 1929 (Kotkin 2017) or April 1929 (Wikipedia)."
    assert by_id["prinkipo"].differ[1].startswith("The map uses April 1929. ")
    assert by_id["moscow"].differ[1].startswith("The map uses 17 January 1928. ")
    assert by_id["viena-house"].differ == (
        "The histories differ: April 1939 (Festivalcultu 2024; Aerotrekka) or May 1939 (Patenaude 2009).",
        by_id["viena-house"].differ[1],
    )
    assert by_id["viena-house"].differ[1].startswith("The map uses May 1939. Patenaude")
    assert [e.stop.id for e in by_id.values() if e.differ] == ["moscow", "prinkipo", "viena-house"]
