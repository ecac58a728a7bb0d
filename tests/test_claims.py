"""Claims: a quote's own words state its claim (dates in any English form, named things with synonyms), or it says why not."""

from __future__ import annotations

import pytest
from helpers import read_rows, write_rows

from exilemap.claims import supports
from exilemap.gazetteer import DataError, load

SYNONYMS = (frozenset({"ice axe", "ice ax", "piolet"}), frozenset({"pickaxe", "pickax"}),
            frozenset({"istanbul", "constantinople", "stamboul"}))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on 20 August 1940 Leon Trotsky was struck", "1940-08-20"),
        ("On August 20, 1940, Mercader was able", "1940-08-20"),
        ("In June 1935 the Social Democratic Party", "1935-06"),
        ("Trotsky left Russia in 1929 and moved to Turkey.", "1929"),
        ("killing him with a pickaxe on 21 August 1940", "1940-08-21"),
        ("struck with an ice ax by a Soviet agent", "ice axe"),
        ("Despite being hit with a pickax Trotsky", "pickaxe"),
        ("struck with a fatal blow from an ice-pick", "ice pick"),
        ("arrived at Stamboul on the steamer", "Istanbul"),
        ("from Odessa to Constantinople", "Istanbul"),
        ("Trotsky died the next day after", "next day"),
        ("Trotsky survived for two days and then died", "two days"),
        ("a plan to shoot Trotsky with a series of machine guns", "machine-gun plan"),
    ],
)
def test_a_claim_its_words_state_is_supported(text, value):
    assert supports(text, value, SYNONYMS)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("on 20 August 1940 Leon Trotsky was struck", "1940-08-21"),  # another day
        ("On 10 June he was deported from France", "1935-06-10"),  # no year in the words
        ("In June 1935 the Social Democratic Party", "1935-06-10"),  # a month does not state a day
        ("Trotsky left Russia in 1929", "1928"),
        ("struck with a fatal blow from an ice-pick", "ice axe"),  # not declared the same
        ("Trotsky died the next day", "two days"),
        ("In 1935 and 1940", "1935-06"),
    ],
)
def test_a_claim_its_words_do_not_state_is_not_supported(text, value):
    assert not supports(text, value, SYNONYMS)


def test_every_claim_in_our_data_is_supported_or_marked_context_with_a_reason():
    gz = load()
    for q in gz.quotes:
        assert supports(q.text, q.claim_value, gz.synonyms) or len(q.context) > 20, q.id
    assert {q.id for q in gz.quotes if q.context} == {"sedova-year-in-asia", "sedova-left-france"}


def _quote_change(quote_id: str, **changes) -> tuple[int, bytes]:
    fields, rows = read_rows("quotes.csv")
    row = next(n for n, r in enumerate(rows, start=2) if r["id"] == quote_id)
    rows[row - 2].update(changes)
    return row, write_rows(fields, rows)


@pytest.mark.parametrize(
    ("quote_id", "changes"),
    [
        ("feud-attack-date", {"claim": "date=1940-08-20"}),  # the words say the 21st
        ("sedova-left-france", {"context": ""}),  # the year is not in the words and no reason is given
        ("crime-ice-pick", {"claim": "weapon=ice axe"}),
    ],
)
def test_a_claim_that_is_neither_supported_nor_marked_is_rejected(quote_id, changes):
    row, quotes = _quote_change(quote_id, **changes)
    with pytest.raises(DataError, match=rf"quotes.csv, row {row}, column 'claim': .* is not stated by the quote's own words"):
        load(quotes=quotes)


def test_a_synonym_is_declared_in_data_not_code():
    fields, rows = read_rows("synonyms.csv")
    row, quotes = _quote_change("costu-ice-ax", claim="weapon=ice axe")
    assert load(quotes=quotes)  # supported through the declared "ice ax"
    with pytest.raises(DataError, match="is not stated"):
        load(quotes=quotes, synonyms=write_rows(fields, [r for r in rows if r["term"] != "ice axe"]))
