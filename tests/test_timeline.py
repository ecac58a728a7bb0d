"""The timeline's spec in the session's language: its rule's spoken date, its tooltips and its months."""

from __future__ import annotations

import datetime as dt

from exilemap import i18n, timeline
from exilemap.gazetteer import load
from exilemap.route import Route

ROUTE = Route(load())
EPOCH = dt.date(1970, 1, 1).toordinal()


def test_in_spanish_the_rule_says_its_date_as_spanish_does_and_the_months_are_spanish():
    spec = timeline.spec(ROUTE, i18n.translator("es"))
    said = spec["layer"][1]["mark"]["description"]["expr"]
    assert said.startswith('"La fecha mostrada: " + ') and '"{d} de julio de {y}"' in said
    months = spec["config"]["locale"]["time"]["months"]
    assert months[0] == "enero" and months[6] == "julio"
    assert spec["config"]["locale"]["time"]["days"][0] == "domingo"  # d3's week starts on Sunday
    assert [t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]] == ["etapa", "inicio", "fin", "fechas"]


def test_in_english_the_spec_keeps_vegas_own_english_months():
    spec = timeline.spec(ROUTE)
    assert "locale" not in spec.get("config", {})
    assert spec["layer"][1]["mark"]["description"]["expr"].startswith('"The date shown: " + ')


def test_the_time_axis_is_fixed_to_the_stays_so_a_new_date_moves_only_the_rule():
    """Left to the data, Vega-Lite's shared x domain takes in the rule's date too: each date would rescale and draw
    every bar again in the browser. The domain is given, from the first stay's start to the last one's end."""
    import pyarrow as pa

    spec = timeline.spec(ROUTE)
    domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    (rows,) = (pa.ipc.open_stream(raw).read_all().to_pylist() for raw in spec["datasets"].values())
    day_ms = 86_400_000
    as_days = [d // day_ms for d in domain]
    assert as_days[0] == min(dt.date.fromisoformat(r["start"]).toordinal() - EPOCH for r in rows)
    assert as_days[1] == max(dt.date.fromisoformat(r["end"]).toordinal() - EPOCH for r in rows)
    assert as_days[0] <= ROUTE.first.toordinal() - EPOCH and ROUTE.last.toordinal() - EPOCH < as_days[1]
    assert all(d % day_ms == 0 for d in domain)  # UTC midnights, as Vega reads the stays' ISO dates
    assert "scale" not in spec["layer"][1]["encoding"]["x"]  # the rule uses the bars' scale, never widens it
