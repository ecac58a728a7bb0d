"""The audit vouches for every claim in our data and exits non-zero on each kind of flaw, for a journey too."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from helpers import DATA, ROOT, SEEDS, read_rows, write_rows

from exilemap import audit
from exilemap.gazetteer import DataError, Gazetteer, load, load_journey
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
        ("a quote not verbatim", {"quotes.csv": _set("sedova-odessa", quote="We were brought from Odessa on the fine steamship Ilyich.")},
         "verbatim: no"),
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
    unreferenced = {(v.kind, v.subject) for v in found if v.referenced == "no: no reference given"}
    assert ("summary", "frunze") in unreferenced and ("dates", "moscow") in unreferenced
    assert all(not v.ok for v in found if v.referenced.startswith("no"))


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


# ---------------------------------------------------------------- each verdict, both ways
# Each change below would be refused by the loader; loaded for the audit, it is the audit that must say "no".


def _ours(**changes) -> Gazetteer:
    """Our own data loaded as the audit loads it, with some files changed in memory."""
    given = {}
    for name, change in changes.items():
        fields, rows = read_rows(name)
        given[{"places.csv": "places", "quotes.csv": "quotes", "legs.csv": "legs", "disagreements.csv": "topics"}[name]] = (
            write_rows(*change(fields, rows))
        )
    return load(**given, audited=True)


def _quote(gz: Gazetteer, quote_id: str) -> audit.Verdict:
    return next(v for v in audit.verdicts(gz) if (v.kind, v.subject) == ("quote", quote_id))


def test_the_loader_still_refuses_what_the_audit_judges():
    with pytest.raises(DataError, match="not found verbatim"):
        load(quotes=write_rows(*_set("sedova-odessa", quote="We were brought from Odessa by air.")(*read_rows("quotes.csv"))))


def test_verbatim_is_yes_for_words_in_the_text_and_no_for_words_not_in_it():
    assert _quote(_ours(), "sedova-odessa").verbatim == "yes"
    changed = _quote(_ours(**{"quotes.csv": _set("sedova-odessa", quote="We were brought from Odessa on the fine steamship Ilyich.")}),
                     "sedova-odessa")  # fmt: skip
    assert changed.verbatim == "no" and not changed.ok and changed.short_of == ["verbatim: no"]


def test_in_its_voice_is_yes_for_the_voice_that_speaks_and_no_for_another_or_an_unknown_one():
    assert _quote(_ours(), "awl-ice-pick").in_voice == "yes"
    wrong = _quote(_ours(**{"quotes.csv": _set("awl-ice-pick", voice_id="sedova")}), "awl-ice-pick")
    assert wrong.verbatim == "yes" and wrong.in_voice == "no: the words are in voice 'awl-editors'" and not wrong.ok
    unknown = _quote(_ours(**{"quotes.csv": _set("sedova-odessa", voice_id="nobody")}), "sedova-odessa")
    assert unknown.in_voice == "no: 'nobody' is not a voice of this text" and not unknown.ok


def test_in_its_voice_is_no_for_words_that_cross_a_voices_edge():
    # the last words of the editors' introduction and the first of Sedova's own text: in the seed, but in two voices
    text = (SEEDS / "sedova-assassination-1947.txt").read_text(encoding="utf-8")
    end, start = "first published in the Fourth International in May 1947.", "On 8 June 1940 Leon Trotsky wrote"
    crossing = text[text.index(end) : text.index(start) + len(start)]
    verdict = _quote(_ours(**{"quotes.csv": _set("awl-ice-pick", quote=crossing)}), "awl-ice-pick")
    assert verdict.verbatim == "yes" and verdict.in_voice.startswith("no: crosses the edge of") and not verdict.ok


def test_stated_is_yes_for_words_that_state_the_claim_no_for_words_that_do_not_and_context_for_a_reason_given():
    assert _quote(_ours(), "feud-attack-date").supported == "yes"
    unstated = _quote(_ours(**{"quotes.csv": _set("feud-attack-date", claim="date=1940-08-20")}), "feud-attack-date")
    assert unstated.supported == "no: the words do not state it" and not unstated.ok
    reasoned = _quote(_ours(), "sedova-left-france")
    assert reasoned.supported.startswith("context: The words give the day and month only") and reasoned.ok
    bare = _quote(_ours(**{"quotes.csv": _set("sedova-left-france", context="")}), "sedova-left-france")
    assert bare.supported == "no: the words do not state it" and not bare.ok


def _stop(stop_id: str, **values):
    return lambda f, rows: (f, [r | values if r["id"] == stop_id else r for r in rows])


def test_referenced_is_yes_for_known_works_and_no_for_none_or_an_unknown_one():
    def dates(gz):
        return next(v for v in audit.verdicts(gz) if (v.kind, v.subject) == ("dates", "frunze"))

    assert dates(_ours()).referenced == "yes"
    assert (
        dates(_ours(**{"places.csv": _stop("frunze", date_refs="nobody-1999")})).referenced
        == "no: unknown reference 'nobody-1999'"
    )
    assert dates(_ours(**{"places.csv": _stop("frunze", date_refs="")})).referenced == "no: no reference given"
    leg = next(v for v in audit.verdicts(_ours(**{"legs.csv": _stop_leg("frunze", refs="nobody-1999")}))
               if (v.kind, v.subject) == ("leg", "frunze"))  # fmt: skip
    assert leg.referenced == "no: unknown reference 'nobody-1999'" and not leg.ok


def _stop_leg(stop_id: str, **values):
    return lambda f, rows: (f, [r | values if r["to_stop"] == stop_id else r for r in rows])


def test_an_uploaded_journeys_quotes_are_judged_and_one_with_no_text_is_not_vouched_for(tmp_path, capsys):
    folder = _journey(
        tmp_path, **{"quotes.csv": _set("sedova-odessa", quote="We were brought from Odessa on the fine steamship Ilyich.")}
    )
    assert audit.main([folder]) == 1
    assert "quote sedova-odessa: ship=Ilyich (verbatim: no)" in capsys.readouterr().err
    (tmp_path / "sedova-assassination-1947.txt").unlink()  # a text not uploaded: its quotes are unchecked, not passed
    gz = audit._read_journey(tmp_path)
    verdict = _quote(gz, "sedova-odessa")
    assert (verdict.verbatim, verdict.in_voice) == ("—", "—")


def test_each_answer_of_the_histories_is_vouched_for_by_its_references_and_an_unknown_one_is_not():
    def sides(gz):
        return {
            v.claim: v for v in audit.verdicts(gz) if (v.kind, v.subject) == ("disagreement", "When did he move to Prinkipo?")
        }

    ours = sides(_ours())
    assert set(ours) == {"1929-03-08", "1929-04"} and all(v.referenced == "yes" and v.ok for v in ours.values())
    changed = (DATA / "histories.csv").read_text(encoding="utf-8").replace("1929-03-08,kotkin-2017", "1929-03-08,nobody-2017")
    broken = sides(load(answers=changed.encode(), audited=True))["1929-03-08"]
    assert broken.referenced == "no: unknown reference 'nobody-2017'" and not broken.ok
