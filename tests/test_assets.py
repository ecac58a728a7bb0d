"""The map's files: each feature declares its own, and the online, offline and standalone builds read one list."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from exilemap import assets, export, mapview
from exilemap.gazetteer import load
from exilemap.route import Route

GZ = load()
ROUTE = Route(GZ)
ROOT = Path(__file__).resolve().parents[1]


def _imports(module: str) -> set[str]:
    tree = ast.parse((ROOT / "exilemap" / f"{module}.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_mapview_and_offline_do_not_import_each_other():
    assert not {"exilemap.mapview", "exilemap.export"} & _imports("offline")
    assert not {"exilemap.offline", "exilemap.mapview", "exilemap.export"} & _imports("assets")


def test_the_map_declares_leaflet_and_the_offline_map_its_outlines_too():
    online = [a.name for _, a in assets.declared(mapview.base_map(GZ, ROUTE))]
    offline = [(k, a.name) for k, a in assets.declared(mapview.base_map(GZ, ROUTE, offline=True))]
    assert online == ["leaflet", "leaflet_css"]
    assert offline == [("js", "leaflet"), ("css", "leaflet_css"), ("data", "countries")]


def test_offline_mode_serves_every_declared_file_from_the_app():
    html = mapview.base_map(GZ, ROUTE, offline=True).get_root().render()
    assert '<script src="/app/static/vendor/leaflet-1.9.3/dist/leaflet.js"></script>' in html
    assert 'href="/app/static/vendor/leaflet-1.9.3/dist/leaflet.css"' in html
    assert 'fetch("/app/static/vendor/countries-110m.geojson")' in html
    assert "cdn.jsdelivr.net" not in html and "tile.openstreetmap.org" not in html


def test_the_standalone_page_links_to_no_file_and_carries_leaflet_and_the_outlines():
    html = export.standalone_html(GZ, ROUTE)
    assert not re.findall(r"<script[^>]+src=|<link[^>]+stylesheet|fetch\(", html)
    assert "Leaflet 1.9.3" in html and ".leaflet-container" in html
    assert html.count('"type":"Feature"') > 150 + len(GZ.stops), "the outlines are not written into the page"
    assert html.count("<script") == html.count("</script>"), "a file's text ends a script early"


def test_a_closing_tag_in_a_file_cannot_end_the_page_script_early():
    assert assets.script_text('x = "</script><b>"; y = "</STYLE>"') == 'x = "<\\/script><b>"; y = "<\\/STYLE>"'


def test_the_export_is_named_for_the_journey_and_the_language():
    assert export.html_file_name() == "exile-map-trotskys-exile-1928-1940-en.html"
    assert export.html_file_name("Ōsaka to Zürich: Grandma’s trip") == "exile-map-osaka-to-zurich-grandmas-trip-en.html"


def test_the_command_line_says_how_big_the_standalone_map_is(tmp_path, capsys):
    target = tmp_path / "map.html"
    assert export.main(["html", "-o", str(target)]) == 0
    size = target.stat().st_size
    assert f"({export.size_text(size)}, {size:,} bytes)" in capsys.readouterr().err
    assert export.size_text(612_400) == "612 KB" and export.size_text(1_440_000) == "1.4 MB"


def test_without_the_fetched_files_the_cli_says_what_is_missing_and_the_page_can_still_offer_an_online_map(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(assets, "VENDOR", tmp_path / "vendor")
    assert assets.missing() == ["static/vendor/leaflet-1.9.3/dist/leaflet.js", "static/vendor/leaflet-1.9.3/dist/leaflet.css",
                                "static/vendor/countries-110m.geojson"]  # fmt: skip
    assert export.main(["html", "-o", str(tmp_path / "map.html")]) == 1
    assert "run `python -m exilemap.offline` once" in capsys.readouterr().err
    assert not (tmp_path / "map.html").exists()
    online = export.standalone_html(GZ, ROUTE, inline=False)
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>' in online
