"""The app's logic without a browser, through Streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import example, given, settings
from hypothesis.strategies import dates as st_dates
from hypothesis.strategies import floats as st_floats
from hypothesis.strategies import integers as st_integers
from hypothesis.strategies import none as st_none
from hypothesis.strategies import tuples as st_tuples
from streamlit.testing.v1 import AppTest

from exilemap.gazetteer import ROOT, load
from exilemap.sources import disagreements

GZ = load()


def panel_headings(at) -> list[str]:
    """The date panel's heading: the first line of its one Markdown element, written as a level-2 heading."""
    return [m.value.split("\n", 1)[0].removeprefix("## ") for m in at.markdown if m.value.startswith("## ")]


def app(script: str) -> AppTest:
    """The page as it runs once the map has drawn in the browser (which AppTest has not)."""
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.session_state["map_ready"] = True
    return at


def run(script: str) -> AppTest:
    at = app(script).run()
    assert not at.exception, at.exception
    return at


def test_the_first_run_draws_the_map_and_keeps_the_rest_for_when_it_has_drawn():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not at.slider and not at.selectbox and not panel_headings(at)  # their scripts would hold back the map's first frame
    assert "about 17 January 1928 appears once the map has drawn" in at.caption[-1].value
    at.session_state["map_ready"] = True  # what the map's first report does
    at.run()
    assert at.slider[0].value == dt.date(1928, 1, 17) and at.selectbox(key="jump")
    assert panel_headings(at) == ["Moscow"]
    from exilemap import memory

    assert memory._settled  # a page has run: what it made is out of the collector's walk (memory.settle)


def test_the_map_page_starts_at_the_first_stop():
    at = run("app.py")
    assert at.slider[0].value == dt.date(1928, 1, 17)
    assert panel_headings(at) == ["Moscow"]


@pytest.mark.parametrize(
    ("day", "heading"), [(dt.date(1933, 1, 1), "Prinkipo"), (dt.date(1940, 5, 24), r"Coyoacán \(Avenida Viena\)")]
)
def test_the_panel_follows_the_slider(day, heading):
    at = run("app.py")
    at.slider[0].set_value(day).run()
    assert panel_headings(at) == [heading]  # escaped, so names render literally


def test_the_assault_is_shown_on_its_day_with_its_quote():
    at = run("app.py")
    at.slider[0].set_value(dt.date(1940, 5, 24)).run()
    text = " ".join(m.value for m in at.markdown)
    assert "armed assault upon our house" in text and "happened" in text


def test_choosing_a_stop_moves_the_date_and_clears_the_box():
    at = run("app.py")
    at.selectbox(key="jump").set_value("copenhagen").run()
    assert at.slider[0].value == dt.date(1932, 11, 23)
    assert at.selectbox(key="jump").value is None


def test_the_mexico_year_disagreement_shows_both_quotes_on_the_panel():
    at = run("app.py")
    at.slider[0].set_value(dt.date(1937, 1, 9)).run()
    text = " ".join(m.value for m in at.markdown)
    assert "1936 that Trotsky was granted asylum" in text and "He finally moved to Mexico in 1937" in text


def test_the_sources_page_highlights_quotes_and_filters_by_place():
    at = run("views/1_Sources.py")
    at.selectbox[0].set_value("sedova").run()
    at.selectbox[1].set_value("odessa").run()
    body = at.get("html")[0].proto.body
    assert body.count("<mark>") == 1 and "steamship Ilyich" in body


def test_the_gazetteer_page_lists_every_stop_with_coordinate_sources():
    at = run("views/2_Gazetteer.py")
    frame = at.dataframe[0].value
    assert len(frame) == len(GZ.stops) and set(frame["coord_source"]) <= {"geonames", "manual", "nominatim"}


def test_the_disagreements_page_lists_every_disagreement():
    at = run("views/3_Disagreements.py")
    assert [h.value for h in at.header] == [d.topic.question for d in disagreements(GZ)]
    assert len(at.header) == 8  # five the seeds raise, and three on which the histories differ
    captions = [c.value for c in at.caption]
    assert r"The histories differ · Prinkipo" in captions and r"The histories differ · Moscow" in captions
    assert r"The histories differ · Coyoacán \(Avenida Viena\)" in captions
    text = "\n".join(m.value for m in at.markdown)
    assert r"The histories differ\: 8 March 1929 \(Kotkin 2017\) or April 1929 \(Wikipedia\)\." in text


def test_the_cached_map_sends_exactly_what_st_folium_would_send():
    """ui.exile_map skips re-rendering the base map; prove its component arguments equal st_folium's own.

    The contract of streamlit_folium_private.py, the one module that calls streamlit-folium's private API.
    """
    import streamlit_folium_private
    import ui

    gz, route = ui._load()
    day = dt.date(1936, 12, 29)
    theirs = streamlit_folium_private.capture_st_folium(
        ui.mapview.base_map(gz, route), key="map", height=ui.MAP_HEIGHT, use_container_width=True,
        returned_objects=ui.MAP_RETURNS, feature_group_to_add=ui.mapview.moving_layer(day),
    )  # fmt: skip
    ours = dict(ui._base_map_args(), feature_group=ui.moving_layer_script(day))
    theirs.pop("on_change")
    assert ours.keys() == theirs.keys()

    def same(value):  # folium names elements with random hex ids; streamlit-folium's own hash ignores them too
        return re.sub(r"_[0-9a-f]{32}", "_ID", value) if isinstance(value, str) else value

    for name in ours:
        assert same(ours[name]) == same(theirs[name]), name
    assert '"1936-12-29"' in ours["feature_group"]


def test_a_date_reported_by_the_map_moves_the_page():
    from exilemap.timecontrol import reported_date

    assert reported_date("exile-date:1936-12-29") == dt.date(1936, 12, 29)
    assert reported_date("Tampico 9 January 1937") is None
    assert reported_date("exile-date:garbage") is None


def test_an_uploaded_journey_replaces_trotskys_in_this_session_until_asked_back():
    import ui
    from exilemap.gazetteer import load_journey
    from exilemap.route import Route

    places = (ROOT / "data" / "places.csv").read_bytes().replace(b"Alma-Ata,Almaty", b"Verny,Almaty")
    gz = load_journey(places, references=(ROOT / "data" / "references.csv").read_bytes())
    at = app("app.py")
    at.session_state[ui.JOURNEY_KEY] = ui.Journey("Test journey", gz, Route(gz))
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Test journey, 1928–1940"
    at.slider[0].set_value(dt.date(1928, 6, 1)).run()
    assert panel_headings(at) == ["Verny"]
    assert "Verny" not in panel_headings(run("app.py"))  # another session
    at.sidebar.button[0].click().run()
    assert at.title[0].value == "Exile Map: Leon Trotsky, 1928–1940" and at.slider[0].value == dt.date(1928, 1, 17)


def test_a_quote_whose_text_was_not_uploaded_is_marked_unchecked_after_its_citation():
    import ui
    from exilemap import export
    from exilemap.gazetteer import load_journey
    from exilemap.route import Route

    files = {name: text.encode() for name, text in export.templates(GZ).items()}
    gz = load_journey(files["places.csv"], files["quotes.csv"], files["sources.csv"], references=files["references.csv"],
                      voices=files["voices.csv"])  # fmt: skip
    at = app("app.py")
    at.session_state[ui.JOURNEY_KEY] = ui.Journey("Templates", gz, Route(gz))
    at.run()
    marked = [m.value for m in at.markdown if "not checked" in m.value]
    assert marked and all(re.search(r"Trotsky\* \\\(not checked", m) for m in marked), marked


def test_on_the_way_the_quotes_are_labelled_with_the_stop_they_are_about():
    at = run("app.py")
    at.slider[0].set_value(dt.date(1934, 7, 1)).run()  # between Chamonix and Domène
    text = "\n".join(m.value for m in at.markdown)
    assert "\n\n**What the sources say about Domène**\n\n" in text


def test_a_bad_date_link_notice_stays_over_reruns_and_is_gone_once_the_user_has_moved():
    at = app("app.py")
    at.query_params["date"] = "not-a-date"
    at.run()
    at.run()  # a second run, as the map's own reports cause
    assert at.slider[0].value == dt.date(1928, 1, 17) and "is not a date written" in at.warning[0].value
    at.slider[0].set_value(dt.date(1930, 1, 1)).run()
    assert not at.warning
    at.slider[0].set_value(dt.date(1928, 1, 17)).run()
    assert not at.exception and not at.warning, "the old link's notice came back"


def test_the_disagreements_page_names_voices_not_sources_and_never_the_eyewitness_for_the_attack():
    at = run("views/3_Disagreements.py")
    text = "\n".join(m.value for m in at.markdown)
    assert r"AWL editors, introduction \(2006\) to Sedova\'s article" in text
    attack_sides = [m.value for m in at.markdown
                    if m.value.startswith(tuple(f"*{v}* — " for v in (r"1940\-08\-20", r"1940\-08\-21", "ice axe", "ice pick", "pickaxe")))]  # fmt: skip
    assert len(attack_sides) == 5 and any("AWL editors" in side for side in attack_sides), attack_sides
    assert not any("Sedova, author" in side for side in attack_sides), attack_sides  # she names neither weapon nor day


def test_the_panel_cites_a_stops_references_and_the_quotes_voice():
    at = app("app.py")
    at.run()
    at.slider[0].set_value(dt.date(1929, 1, 20)).run()  # the GPU's order, handed to him
    text = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert r"Trotsky, quoted by Sedova \(1947\), from his receipt for the GPU\'s order \(1929\)" in text
    at.slider[0].set_value(dt.date(1932, 11, 25)).run()  # Copenhagen: no seed mentions it
    small_print = re.findall(r":small\[(.*?)\]$", "\n".join(m.value for m in at.markdown), re.S | re.M)
    assert any(r"Dates\: Leon Sedov, The Red Book on the Moscow Trial \(1936\), ch\. 13" in s for s in small_print), small_print


def test_the_how_we_know_page_shows_every_claim_and_what_it_rests_on():
    from exilemap import audit

    at = run("views/6_How_we_know.py")
    frame = at.dataframe[0].value
    assert len(frame) == len(audit.verdicts(GZ)) and set(frame["holds"]) == {"✓"}
    assert any("eyewitness" in m.value for m in at.markdown)


def test_an_editors_insertion_inside_a_quote_is_named_under_it():
    at = app("app.py")
    at.run()
    at.slider[0].set_value(dt.date(1928, 6, 1)).run()
    assert any(r"Inserted by the editors\: \[Soviet\] \(AWL editors\)" in m.value for m in at.markdown)


@settings(max_examples=40, deadline=None)
@example(day=dt.date(1941, 1, 1), view=(0.0, 0.0, 10))
@example(day=dt.date(1941, 1, 1), view=(0.0, -0.0, 10))  # equal to the one above as a cache key, written "-0.0" once
@given(day=st_dates(min_value=dt.date(1927, 1, 1), max_value=dt.date(1941, 12, 31)),
       view=st_none() | st_tuples(st_floats(-80, 80), st_floats(-179, 179), st_integers(2, 12)))  # fmt: skip
def test_the_moving_layer_rendered_once_and_dated_by_replace_equals_a_fresh_rendering(day, view):
    import streamlit_folium_private
    import ui

    fresh = streamlit_folium_private.feature_group_script(ui.mapview.moving_layer(day, view))
    assert ui.moving_layer_script(day, view) == fresh


def test_the_timelines_rule_stands_at_the_date_of_the_input_the_maps_clock_keeps():
    import ui
    from exilemap import timeline
    from exilemap.mapview import base_map
    from exilemap.timecontrol import PAGE_DAY

    spec = timeline.spec(ui._load()[1])
    (day,) = [p for p in spec["params"] if "bind" in p]
    assert day["bind"] == {"element": f"#{PAGE_DAY}"}
    assert spec["layer"][1]["mark"]["type"] == "rule"
    assert spec["layer"][1]["encoding"]["x"]["datum"] == {"expr": f"toNumber({day['name']})"}
    assert f'var id = "{PAGE_DAY}"' in base_map(*ui._load(), tiles=None).get_root().render()  # the clock writes it


def test_a_pupils_link_opens_the_journey_from_the_store_named_in_streamlits_secrets(monkeypatch, tmp_path):
    """No EXILE_MAP_DB: the store is the one in secrets.toml's [connections.journeys] url, as on Community Cloud."""
    import sharing
    from exilemap import journeyfile, readers, store

    url = store.sqlite_url(tmp_path / "from-secrets.sqlite")
    places = journeyfile.check(readers.read(b"name,lat,lon,arrived\nOslo,59.9,10.7,1935\nMexico City,19.4,-99.1,1937\n", "p.csv"))
    shop = store.Store.open(url)
    receipt = shop.publish("Norway to Mexico", store.JourneyFiles(places.completion.csv_bytes()))
    shop.close()
    monkeypatch.delenv(store.ENV_URL)
    sharing._open_store.clear()  # the server's one store: opened afresh for this test, and again after it
    try:
        at = app("app.py")
        at.secrets["connections"] = {"journeys": {"url": url}}
        at.query_params["journey"] = receipt.id
        at.query_params["key"] = receipt.secret
        at.run()
        assert not at.exception, at.exception
        said = "Published journey “Norway to Mexico”\\: you hold its key, so you can edit it on the Your own journey page\\."
        assert [i.value for i in at.sidebar.info] == [said]  # as Markdown, its colon and full stop escaped
        assert at.title[0].value == "Norway to Mexico, 1935–1937"
        assert at.session_state["published_teacher"].secret == receipt.secret
        assert "key" not in at.query_params and at.query_params["journey"] == receipt.id  # the key is out of the address
    finally:
        sharing._open_store.clear()


def test_each_session_keeps_its_own_language_and_the_menu_changes_only_its_own():
    spanish, english = app("app.py"), app("app.py")
    spanish.query_params["lang"] = "es"
    spanish.run()
    english.run()
    assert not spanish.exception and not english.exception
    assert spanish.title[0].value == "Exile Map: León Trotski, 1928–1940"
    assert english.title[0].value == "Exile Map: Leon Trotsky, 1928–1940"
    assert panel_headings(spanish) == ["Moscú"] and panel_headings(english) == ["Moscow"]
    assert spanish.selectbox(key="lang_menu").label == "Idioma"
    spanish.selectbox(key="lang_menu").select("ru").run()  # the menu: this session, and its address, in Russian
    assert spanish.title[0].value == "Exile Map: Лев Троцкий, 1928–1940"
    assert spanish.query_params["lang"] == "ru"
    english.run()  # the other session is untouched
    assert english.title[0].value == "Exile Map: Leon Trotsky, 1928–1940"
    assert english.selectbox(key="lang_menu").value == "en" and "lang" not in english.query_params
    spanish.selectbox(key="lang_menu").select("en").run()  # English, the default, needs no parameter
    assert spanish.title[0].value == "Exile Map: Leon Trotsky, 1928–1940" and "lang" not in spanish.query_params
