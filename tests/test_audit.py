"""The audit vouches for every claim in our data and exits non-zero on each kind of flaw, for a journey too."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from helpers import DATA, ROOT, SEEDS, read_rows, write_rows

from exilemap import audit
from exilemap.gazetteer import load, load_journey
from exilemap.model import Citation


def test_the_audit_passes_on_our_data_and_lists_every_kind_of_claim(capsys):
    assert audit.main([]) == 0
    out = capsys.readouterr().out
    found = audit.verdicts(load())
    assert {v.kind for v in found} == {
        "dates",
        "coordinates",
        "summary",
        "quote",
        "leg",
        "disagreement",
        "standard answer",
        "tour prompt",
    }
    assert len([v for v in found if v.kind == "quote"]) == len(load().quotes)
    assert "every claim holds" in out and "context: The words give the day and month only" in out


def test_the_audit_runs_as_a_command():
    result = subprocess.run([sys.executable, "-m", "exilemap.audit"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "FAIL" not in result.stdout


def _journey(tmp_path, **changes) -> str:
    """Our own data copied as a journey folder, with some files changed."""
    for name in ("places.csv", "quotes.csv", "sources.csv", "disagreements.csv", "references.csv", "voices.csv"):
        shutil.copy(DATA / name, tmp_path / name)
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    for name, change in changes.items():
        fields, rows = read_rows(name)
        (tmp_path / name).write_bytes(write_rows(*change(fields, rows)))
    return str(tmp_path)


def _set(quote_id: str, **values):
    def change(fields, rows):
        for r in rows:
            if r["id"] == quote_id:
                r.update(values)
        return fields, rows

    return change


def test_an_unchanged_journey_passes(tmp_path):
    assert audit.main([_journey(tmp_path)]) == 0


@pytest.mark.parametrize(
    ("flaw", "changes", "said"),
    [
        ("a quote not verbatim", {"quotes.csv": _set("sedova-odessa", quote="We were brought from Odessa to Istanbul by air.")},
         "not found verbatim"),
        ("a quote credited to the wrong voice", {"quotes.csv": _set("awl-ice-pick", voice_id="sedova")}, "the words are in voice"),
        ("a claim its words do not state", {"quotes.csv": _set("feud-attack-date", claim="date=1940-08-20")}, "feud-attack-date"),
        ("a claim needing context with no reason", {"quotes.csv": _set("sedova-left-france", context="")}, "sedova-left-france"),
        ("a stop with no reference", {"places.csv": lambda f, rows: (f, [r | {"summary_refs": ""} if r["id"] == "frunze" else r
                                                                          for r in rows])}, "summary frunze"),
        ("an unknown reference", {"places.csv": lambda f, rows: (f, [r | {"date_refs": "nobody-1999"} if r["id"] == "frunze" else r
                                                                     for r in rows])}, "unknown reference 'nobody-1999'"),
        ("a voice marker not in the text", {"voices.csv": lambda f, rows: (f, [r | {"start": "Sixty-five years ago"}
                                                                               if r["id"] == "awl-editors" else r for r in rows])},
         "occurs 0 times"),
    ],
)  # fmt: skip
def test_the_audit_exits_non_zero_on_each_kind_of_flaw(tmp_path, capsys, flaw, changes, said):
    assert audit.main([_journey(tmp_path, **changes)]) == 1, flaw
    assert said in capsys.readouterr().err, flaw


def test_an_uploaded_journey_without_references_loads_and_the_audit_says_what_has_none():
    fields, rows = read_rows("places.csv")
    bare = [r | {"date_refs": "", "coord_refs": "", "summary_refs": ""} for r in rows]
    gz = load_journey(write_rows(fields, bare))
    found = audit.verdicts(gz)
    unreferenced = {(v.kind, v.subject) for v in found if v.referenced == "no"}
    assert ("summary", "frunze") in unreferenced and ("dates", "moscow") in unreferenced
    assert all(not v.ok for v in found if v.referenced == "no")


def test_dates_stated_by_a_quote_need_no_other_reference():
    gz = load()
    assert all(Citation.parse_list(str(c)) == (c,) for s in gz.stops for c in s.date_refs)
    assault = gz.stop("assault")
    verdict = next(
        v
        for v in audit.verdicts(load_journey(*_bytes_without_date_refs("assault")))
        if (v.kind, v.subject) == ("dates", "assault")
    )
    assert verdict.ok and verdict.referenced.startswith("yes") and assault.arrived.isoformat() == "1940-05-24"


def _bytes_without_date_refs(stop_id: str) -> tuple:
    fields, rows = read_rows("places.csv")
    rows = [r | {"date_refs": ""} if r["id"] == stop_id else r for r in rows]
    texts = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    return (write_rows(fields, rows), (DATA / "quotes.csv").read_bytes(), (DATA / "sources.csv").read_bytes(), None, texts,
            (DATA / "references.csv").read_bytes(), (DATA / "voices.csv").read_bytes())  # fmt: skip
