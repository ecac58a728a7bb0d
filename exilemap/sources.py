"""Seed texts and what they say: highlighting, citations, disagreements, safe text.

Text from CSV files and seeds is data, never markup: `md` escapes it for
Streamlit markdown and `html_text` for HTML (including JavaScript template
literals, which folium uses for tooltips).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from exilemap import voices
from exilemap.checks import dates_quoted
from exilemap.model import Citation, Gazetteer, Quote, Reference, Stop, Topic

_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:=\"'&"  # each is written with a backslash before it
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})


def md(text: str) -> str:
    """Escape text so Streamlit markdown shows it literally (no links, HTML, emphasis, LaTeX).

    One str.translate rather than a regular expression's substitution: the date panel escapes
    some 16 pieces of text on each move of the slider, and this takes about half the time.
    """
    return " ".join(text.split()).translate(_MD_ESCAPES)


def html_text(text: str) -> str:
    """Escape text for HTML, and for a JavaScript template literal that holds HTML."""
    return html.escape(text, quote=True).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def cite_quote(gz: Gazetteer, quote: Quote) -> str:
    """Who says it and where: "Trotsky, quoted by Sedova (1947) · The assassination of Leon Trotsky"."""
    return f"{gz.voice_of(quote).label} · {gz.sources[quote.source_id].title}"


def insertions(gz: Gazetteer, quote: Quote) -> list[str]:
    """The editors' bracketed insertions inside a quote, each with who inserted it: "[Soviet] (AWL editors)"."""
    source = gz.sources[quote.source_id]
    own = [v for v in gz.voices.values() if v.source_id == source.id]
    placement = voices.place(quote.text, source.text, own) if source.text and own else None
    return [f"{v.start} ({v.name})" for v in placement.insertions] if placement else []


def voice_labels(gz: Gazetteer, quotes) -> list[str]:
    """The voices that speak in these quotes, each once, in order: who a side of a disagreement rests on."""
    return list(dict.fromkeys(gz.voice_of(q).label for q in quotes))


def cite_reference(ref: Reference, locator: str = "") -> str:
    """A published work as a citation: "P. Broué, Trotsky (1988), ch. 49"."""
    where = locator or ref.locator
    return f"{ref.author}, {ref.title} ({ref.year})" + (f", {where}" if where else "")


def cite_references(gz: Gazetteer, cites: tuple[Citation, ...]) -> str:
    """Several citations joined with '; ', or '' where there are none (an id not in the gazetteer is named as it is)."""
    return "; ".join(cite_reference(gz.references[c.ref_id], c.locator) if c.ref_id in gz.references else c.ref_id for c in cites)


def fact_citation(gz: Gazetteer, stop: Stop, fact: str) -> tuple[str, bool]:
    """What a stop's fact ("dates", "coordinates", "summary") rests on: its references cited, and whether, having
    none, its dates are stated by the stop's own quotes (which then need no other reference). ("", False): nothing."""
    cited = cite_references(gz, stop.refs(fact))
    quoted = not cited and fact == "dates" and bool(dates_quoted(stop, gz.quotes_for(stop.id), gz.synonyms))
    return cited, quoted


def highlight(text: str, passages: list[str]) -> list[tuple[str, bool]]:
    """Split text into (segment, is_quoted) pieces, marking every occurrence of each passage."""
    spans = []
    for passage in {p for p in passages if p}:
        start = text.find(passage)
        while start != -1:
            spans.append((start, start + len(passage)))
            start = text.find(passage, start + 1)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, cursor = [], 0
    for start, end in merged:
        if start > cursor:
            pieces.append((text[cursor:start], False))
        pieces.append((text[start:end], True))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], False))
    return pieces


def highlighted_html(text: str, passages: list[str]) -> str:
    """The whole text as escaped HTML paragraphs with quoted passages in <mark>."""
    out = []
    for piece, quoted in highlight(text, passages):
        escaped = html_text(piece).replace("\n", "<br>")
        out.append(f"<mark>{escaped}</mark>" if quoted else escaped)
    return "".join(out)


@dataclass(frozen=True)
class Side:
    value: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class Disagreement:
    """A question, what each source answers (with quotes), and the standard histories' answer."""

    topic: Topic
    sides: tuple[Side, ...]

    @property
    def seeds_disagree(self) -> bool:
        return len(self.sides) > 1

    @property
    def differs_from_standard(self) -> bool:
        return any(s.value != self.topic.standard_value for s in self.sides)


def disagreements(gz: Gazetteer, place_ids: set[str] | None = None) -> list[Disagreement]:
    """Every topic where the seeds disagree with each other or with the standard account."""
    found = []
    for topic in gz.topics:
        if place_ids is not None and topic.place_id not in place_ids:
            continue
        quotes = [q for q in gz.quotes if q.place_id == topic.place_id and q.claim_key == topic.key]
        values = sorted({q.claim_value for q in quotes}, key=lambda v: (v != topic.standard_value, v))
        d = Disagreement(topic, tuple(Side(v, tuple(q for q in quotes if q.claim_value == v)) for v in values))
        if d.seeds_disagree or d.differs_from_standard:
            found.append(d)
    return found
