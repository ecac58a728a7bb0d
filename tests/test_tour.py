"""The guided tour's steps and its deep link."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from exilemap.gazetteer import ROOT, load
from exilemap.route import Route
from exilemap.tour import step_from_link, step_html, steps

GZ = load()
TOUR = steps(GZ, Route(GZ))


def test_the_short_tour_keeps_about_twenty_steps_and_the_detailed_one_every_stop_in_order():
    assert [s.stop.id for s in TOUR] == [s.id for s in GZ.stops if s.tour == "main"] and 18 <= len(TOUR) <= 24
    detailed = steps(GZ, Route(GZ), detailed=True)
    assert [s.stop.id for s in detailed] == [s.id for s in GZ.stops] and len(detailed) > len(TOUR)
    assert [s.number for s in detailed] == list(range(1, len(detailed) + 1))


def test_where_sources_disagree_the_prompt_asks_students_to_weigh_them():
    tampico = next(s for s in TOUR if s.stop.id == "tampico")
    assert "disagree" in tampico.prompt and "1936" in tampico.prompt and "1937" in tampico.prompt and "trust" in tampico.prompt


def test_a_stop_no_source_mentions_says_so():
    frunze = next(s for s in TOUR if s.stop.id == "frunze")
    assert "None of our sources mentions Frunze" in frunze.prompt and not frunze.quotes


def test_the_step_link_is_validated():
    assert step_from_link("3", len(TOUR)) == (3, None)
    for bad in ("0", "-1", "abc", "999", "<script>"):
        step, notice = step_from_link(bad, len(TOUR))
        assert step == 1 and "starting at step 1" in notice


def test_next_and_previous_move_through_the_steps():
    at = AppTest.from_file(str(ROOT / "views" / "4_Tour.py"), default_timeout=60).run()
    assert not at.exception and at.session_state.tour_step == 1
    at.button[1].click().run()
    at.button[1].click().run()
    assert at.session_state.tour_step == 3
    at.button[0].click().run()
    assert at.session_state.tour_step == 2
    assert any(TOUR[1].stop.name in h.proto.body for h in at.get("html"))
    # the printout holds every step: Prinkipo's says where the histories differ, and which answer the map uses
    printout = next(h.proto.body for h in at.get("html") if "tour-print" in h.proto.body)
    assert "The histories differ: 8 March 1929 (Kotkin 2017) or April 1929 (Wikipedia). The map uses April 1929." in printout


def test_where_the_histories_differ_the_step_says_so_and_asks_how_a_historian_would_settle_it():
    moscow = next(s for s in TOUR if s.stop.id == "moscow")
    assert moscow.prompt.startswith("The histories differ. On what day was he taken from Moscow? 17 January 1928 "
                                    "(Felshtinsky and Chernyavsky) or 18 January 1928 (Qalam)?")  # fmt: skip
    html = step_html(GZ, moscow)
    assert (
        "<p class='differ'>The histories differ: 17 January 1928 (Felshtinsky and Chernyavsky) or 18 January 1928 (Qalam)."
        in html
    )
    viena = next(s for s in TOUR if s.stop.id == "viena-house")
    assert viena.prompt.startswith("The histories differ. When did he move to the house on Avenida Viena? April 1939 "
                                   "(Festivalcultu 2024; Aerotrekka) or May 1939 (Patenaude 2009)?")  # fmt: skip
    assert "The histories differ: April 1939 (Festivalcultu 2024; Aerotrekka) or May 1939 (Patenaude 2009). The map uses May 1939." in step_html(GZ, viena)  # fmt: skip


def test_a_bad_step_notice_stays_over_reruns_until_the_user_moves():
    at = AppTest.from_file(str(ROOT / "views" / "4_Tour.py"), default_timeout=60)
    at.query_params["step"] = "99"
    at.run()
    at.run()  # a second run, as the map's ready report causes
    assert at.session_state.tour_step == 1 and "starting at step 1" in at.warning[0].value
    at.button[1].click().run()
    at.button[0].click().run()
    assert at.session_state.tour_step == 1 and not at.warning
