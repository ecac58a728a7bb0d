"""Seed texts and what they say: highlighting, citations, disagreements, safe text.

Text from CSV files and seeds is data, never markup: `md` escapes it for
Streamlit markdown and `html_text` for HTML (including JavaScript template
literals, which folium uses for tooltips).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from exilemap import voices
from exilemap.checks import dates_quoted
from exilemap.i18n import ENGLISH, Translator
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
    """One answer to a question: the quotes that give it, and the published references that give it."""

    value: str
    quotes: tuple[Quote, ...]
    refs: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Disagreement:
    """A question, what each source answers (with quotes) and each history (with references), and the answer chosen."""

    topic: Topic
    sides: tuple[Side, ...]

    @property
    def seeds_disagree(self) -> bool:
        return len([s for s in self.sides if s.quotes]) > 1

    @property
    def histories_differ(self) -> bool:
        return len([s for s in self.sides if s.refs]) > 1

    @property
    def differs_from_standard(self) -> bool:
        return any(s.value != self.topic.standard_value for s in self.sides if s.quotes)


def disagreements(gz: Gazetteer, place_ids: set[str] | None = None) -> list[Disagreement]:
    """Every topic where the seeds disagree with each other or with the standard account, or the histories differ."""
    found = []
    for topic in gz.topics:
        if place_ids is not None and topic.place_id not in place_ids:
            continue
        quotes = [q for q in gz.quotes if q.place_id == topic.place_id and q.claim_key == topic.key]
        answers = [a for a in gz.answers if (a.place_id, a.key) == (topic.place_id, topic.key)]
        values = {q.claim_value for q in quotes} | {a.value for a in answers}
        order = sorted(values) if answers else sorted(values, key=lambda v: (v != topic.standard_value, v))
        sides = tuple(
            Side(v, tuple(q for q in quotes if q.claim_value == v), tuple(c for a in answers if a.value == v for c in a.refs))
            for v in order
        )
        d = Disagreement(topic, sides)
        if d.seeds_disagree or d.differs_from_standard or d.histories_differ:
            found.append(d)
    return found


# ---------------------------------------------------------------- what a disagreement between the histories says
# The sentences below are all the wording the pages use for it (the date panel, the itinerary, the tour, the
# Disagreements page), so that a translation has one place to read.


def short_cite(ref: Reference) -> str:
    """A work as a historian names it in passing: "Kotkin 2017", "Felshtinsky and Chernyavsky", "Wikipedia"."""
    names = []
    for author in ref.author.split(" and "):
        words = author.split("(")[0].split()
        if _given(words):
            words = words[1:]
            while len(words) > 1 and _initial(words[0]):  # "Bertrand M. Patenaude": the middle initial goes too
                words = words[1:]
        names.append(" ".join(words))
    year = "" if ref.year == "n.d." else f" {ref.year}"
    return " and ".join(names) + year


def _initial(word: str) -> bool:
    return len(word) <= 3 and word.endswith(".") and word[0].isupper()


def _given(words: list[str]) -> bool:
    """Whether an author's name begins with a given name or initial to leave out ("Stephen Kotkin", "Yu. Felshtinsky")."""
    return len(words) > 1 and words[0][0].isupper() and words[0] not in ("El", "La", "Le", "The")


def value_phrase(value: str, tr: Translator = ENGLISH) -> str:
    """An answer as a reader says it: 1929-03-08 is "8 March 1929", 1929-04 is "April 1929"; anything else as written."""
    try:
        if len(value) == 10:
            return tr.date(dt.date.fromisoformat(value))
        if len(value) == 7:
            return tr.date(dt.date.fromisoformat(value + "-01"), "month")
    except ValueError:
        pass
    return value


def side_cited(gz: Gazetteer, side: Side, tr: Translator = ENGLISH) -> str:
    """ "8 March 1929 (Kotkin 2017)": an answer and the works behind it."""
    works = "; ".join(short_cite(gz.references[c.ref_id]) if c.ref_id in gz.references else c.ref_id for c in side.refs)
    return f"{value_phrase(side.value, tr)} ({works})"


def sides_cited(gz: Gazetteer, d: Disagreement, tr: Translator = ENGLISH) -> str:
    """ "8 March 1929 (Kotkin 2017) or April 1929 (Wikipedia)": every answer the histories give."""
    return tr.gettext(" or ").join(side_cited(gz, s, tr) for s in d.sides if s.refs)


def histories_differ_line(gz: Gazetteer, d: Disagreement, tr: Translator = ENGLISH) -> str:
    """ "The histories differ: 8 March 1929 (Kotkin 2017) or April 1929 (Wikipedia)." """
    return tr.gettext("The histories differ: %(sides)s.") % {"sides": sides_cited(gz, d, tr)}


def chosen_line(gz: Gazetteer, d: Disagreement, tr: Translator = ENGLISH) -> str:
    """Which answer the map uses and why, with the references behind it."""
    _ = tr.gettext
    refs = cite_references(gz, d.topic.refs) or _("no reference given")
    return _("The map uses %(value)s. %(account)s (%(refs)s)") % {
        "value": value_phrase(d.topic.standard_value, tr),
        "account": d.topic.standard_account,
        "refs": refs,
    }


def disagreement_title(d: Disagreement, tr: Translator = ENGLISH) -> str:
    return tr.gettext("The histories differ") if d.histories_differ else tr.gettext("The sources disagree")
