"""The timeline's spec in the session's language: its rule's spoken date, its tooltips and its months."""

from __future__ import annotations

from exilemap import i18n, timeline
from exilemap.gazetteer import load
from exilemap.route import Route

ROUTE = Route(load())


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
