"""Voices: every quote lies inside the voice it is credited to, and a marker moved by one character is caught."""

from __future__ import annotations

import pytest
from helpers import read_rows, write_rows

from exilemap import voices
from exilemap.gazetteer import DataError, load
from exilemap.model import Voice


@pytest.fixture(scope="module")
def gz():
    return load()


def test_every_quote_lies_wholly_inside_its_credited_voice(gz):
    for q in gz.quotes:
        source = gz.sources[q.source_id]
        own = [v for v in gz.voices.values() if v.source_id == source.id]
        placement = voices.place(q.text, source.text, own)
        assert placement is not None, q.id
        assert placement.voice is not None and placement.voice.id == q.voice_id, f"{q.id}: in {placement.voice}"
        assert not placement.crossed, q.id


def test_every_source_has_its_author_and_every_voice_a_span_in_its_text(gz):
    for source in gz.sources.values():
        assert any(v.kind == "author" for v in gz.voices.values() if v.source_id == source.id), source.id
    for v in gz.voices.values():
        begin, end = v.span
        assert source_text(gz, v)[begin:end].startswith(v.start) and source_text(gz, v)[begin:end].endswith(v.end)


def source_text(gz, voice: Voice) -> str:
    return gz.sources[voice.source_id].text


def test_the_2006_introduction_is_the_editors_and_sedovas_text_begins_on_8_june_1940(gz):
    text = gz.sources["sedova"].text
    intro = voices.place(
        "Sixty five years ago, on 20 August 1940", text, [v for v in gz.voices.values() if v.source_id == "sedova"]
    )
    assert intro.voice.id == "awl-editors" and intro.voice.kind == "editor"
    sedova = gz.voices["sedova"]
    assert text[sedova.span[0] :].startswith("On 8 June 1940")
    for q in gz.quotes:
        if q.claim_key in ("date", "weapon") and q.place_id == "attack":
            assert gz.voice_of(q).id != "sedova", f"{q.id} credits Sedova with the attack's {q.claim_key}"
    assert gz.voice_of(next(q for q in gz.quotes if q.id == "trotsky-gpu-presented")).name == "Trotsky"


def test_a_bracketed_insertion_inside_a_quote_is_allowed_and_named(gz):
    q = next(q for q in gz.quotes if q.id == "sedova-central-asia")
    placement = voices.place(q.text, gz.sources["sedova"].text, [v for v in gz.voices.values() if v.source_id == "sedova"])
    assert placement.voice.id == "sedova" and [v.id for v in placement.insertions] == ["awl-insertion-soviet"]


def _voices(row: int, column: str, change) -> bytes:
    fields, rows = read_rows("voices.csv")
    rows[row - 2][column] = change(rows[row - 2][column])
    return write_rows(fields, rows)


def _row_of(voice_id: str) -> int:
    _, rows = read_rows("voices.csv")
    return next(n for n, r in enumerate(rows, start=2) if r["id"] == voice_id)


SEDOVA_INTRO = "Sixty five years ago"  # the editors' introduction: start marker, preceded by a line break
SEDOVA_INTRO_END = "first published in the Fourth International in May 1947."


@pytest.mark.parametrize(
    ("column", "marker"),
    [
        ("start", SEDOVA_INTRO[1:]),  # one character later
        ("start", "\n" + SEDOVA_INTRO),  # one character earlier
        ("end", SEDOVA_INTRO_END[:-1]),  # one character earlier
        ("end", SEDOVA_INTRO_END + "\n"),  # one character later
    ],
)
def test_a_marker_moved_by_one_character_is_reported_with_file_row_and_column(column, marker):
    row = _row_of("awl-editors")
    with pytest.raises(DataError) as caught:
        load(voices=_voices(row, column, lambda _: marker))
    found = [p for p in caught.value.problems if (p.file, p.row, p.column) == ("voices.csv", row, column)]
    assert found, str(caught.value)
    assert f"voices.csv, row {row}, column '{column}': marker" in str(caught.value)


@pytest.mark.parametrize("end", ["[Soviet", "[Soviet] "])
def test_an_insertion_moved_by_one_character_is_reported(end):
    row = _row_of("awl-insertion-soviet")
    with pytest.raises(DataError, match=rf"voices.csv, row {row}, column '(start|end)'"):
        load(voices=_voices(row, "end", lambda _: end))


def test_a_marker_that_occurs_twice_is_rejected():
    row = _row_of("sedova")
    with pytest.raises(DataError, match=rf"voices.csv, row {row}, column 'start': marker 'Trotsky' occurs \d+ times"):
        load(voices=_voices(row, "start", lambda _: "Trotsky"))


def test_a_voice_span_shrunk_past_a_quote_is_reported_on_the_quote():
    """Sedova's span made to end before the GPU order: the quote about it now lies outside her voice."""
    row = _row_of("sedova")
    with pytest.raises(DataError) as caught:
        load(voices=_voices(row, "end", lambda _: "was still alive."))
    assert any(p.file == "quotes.csv" and p.column in ("voice_id", "quote") for p in caught.value.problems), str(caught.value)


@pytest.mark.parametrize(
    ("quote_id", "voice_id", "message"),
    [
        ("awl-attack-date", "sedova", "the words are in voice 'awl-editors'"),  # the editors' words credited to the eyewitness
        ("trotsky-gpu-presented", "sedova", "the words are in voice 'trotsky-1929'"),  # Trotsky's words credited to Sedova
        ("sedova-odessa", "trotsky-1929", "the words are in voice 'sedova'"),
        ("sedova-odessa", "costu-author", "is not a voice of source 'sedova'"),
        ("sedova-odessa", "", "no voice is not a voice of source 'sedova'"),
    ],
)
def test_a_quote_credited_to_the_wrong_voice_is_rejected(quote_id, voice_id, message):
    fields, rows = read_rows("quotes.csv")
    row = next(n for n, r in enumerate(rows, start=2) if r["id"] == quote_id)
    rows[row - 2]["voice_id"] = voice_id
    with pytest.raises(DataError) as caught:
        load(quotes=write_rows(fields, rows))
    assert any(
        (p.file, p.row, p.column) == ("quotes.csv", row, "voice_id") and message in p.message for p in caught.value.problems
    ), str(caught.value)


def test_a_quote_that_runs_across_two_voices_is_rejected():
    fields, rows = read_rows("quotes.csv")
    rows[0]["quote"] = "first published in the Fourth International in May 1947.\n\nOn 8 June 1940 Leon Trotsky wrote"
    with pytest.raises(DataError, match="row 2, column 'quote': crosses the edge of voice"):
        load(quotes=write_rows(fields, rows))
