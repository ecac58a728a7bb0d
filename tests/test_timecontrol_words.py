"""The in-map clock's words and data, without a browser (tests/browser/test_map_access.py checks the browser says the same)."""

from __future__ import annotations

import datetime as dt
import json

from exilemap.gazetteer import load
from exilemap.route import Route
from exilemap.timecontrol import describe, script_json

GZ = load()
ROUTE = Route(GZ)


def test_the_sentence_says_where_he_is_at_a_stop_in_transit_and_outside_the_route():
    assert describe(ROUTE.position(dt.date(1930, 6, 15))) == "15 June 1930: at Prinkipo, Turkey."
    assert describe(ROUTE.position(dt.date(1931, 6, 15))) == "15 June 1931: at Kadıköy, Turkey."
    assert describe(ROUTE.position(dt.date(1936, 12, 29))) == (
        "29 December 1936: on the way by sea from Sundby (Hurum), Norway, to Tampico, Mexico, 48% of the way."
    )
    assert describe(ROUTE.position(dt.date(1927, 1, 1))) == "1 January 1927: before the journey, which starts at Moscow, USSR."
    assert describe(ROUTE.position(dt.date(1941, 1, 1))).startswith("1 January 1941: after the journey, which ended at")


def test_data_placed_in_a_script_cannot_end_it():
    name = "</script><script>alert(1)</script><!-- & more"
    text = script_json([{"name": name}])
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == [{"name": name}]
