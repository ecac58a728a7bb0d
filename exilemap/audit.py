"""The audit: every claim the app shows, and whether it holds up. Also a command line.

    python -m exilemap.audit            # our own data/ and seeds/
    python -m exilemap.audit DIR        # a journey: DIR/places.csv and any quotes.csv, sources.csv,
                                        # disagreements.csv, references.csv, voices.csv and .txt texts

For each claim (a stop's dates, coordinates and summary; each quote; each leg's mode and vessel; each side of a disagreement and
the standard answer; each tour prompt) it says whether the words are verbatim in their source, inside
the voice they are credited to, whether they state the claim (or are marked as needing context, with
the reason), and which references it rests on. It exits 1 if any claim falls short.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from exilemap import claims, voices
from exilemap.checks import dates_quoted
from exilemap.gazetteer import DataError, Gazetteer, load, load_journey
from exilemap.i18n import ENGLISH, N_, Translator
from exilemap.model import FACTS, Citation, Quote
from exilemap.phrases import date_phrase, mode_phrase
from exilemap.route import Route
from exilemap.sources import cite_quote, cite_references, disagreements, fact_citation, voice_labels

YES, NO, NA = "yes", "no", "—"


@dataclass(frozen=True)
class Verdict:
    """One claim shown by the app and how it stands."""

    kind: str  # "dates", "coordinates", "summary", "quote", "leg", "disagreement", "standard answer", "tour prompt"
    subject: str  # the stop, quote or question it is about
    claim: str  # what is claimed, in a line
    rests_on: str  # "eyewitness", "quoted by a witness", "editors", "later secondary source", "published references", …
    cited: str  # the voice or the references, as the screen cites them
    verbatim: str = NA
    in_voice: str = NA
    supported: str = NA
    referenced: str = NA

    @property
    def ok(self) -> bool:
        return not any(says_no(v) for v in (self.verbatim, self.in_voice, self.supported, self.referenced))

    @property
    def short_of(self) -> list[str]:
        """The columns that say no, each with why: "verbatim: no"."""
        named = zip(
            ("verbatim", "in its voice", "stated", "referenced"), (self.verbatim, self.in_voice, self.supported, self.referenced)
        )
        return [f"{name}: {value}" for name, value in named if says_no(value)]


def says_no(value: str) -> bool:
    return value == NO or value.startswith(NO + ":")


def _rests_on(gz: Gazetteer, quote: Quote) -> str:
    voice, source = gz.voice_of(quote), gz.sources[quote.source_id]
    if voice.kind in ("editor", "insertion", "furniture"):
        return "editors"
    if voice.kind == "quoted":
        return "quoted by a witness" if source.kind == "eyewitness memoir" else "quoted in a secondary source"
    return "eyewitness" if source.kind == "eyewitness memoir" else "later secondary source"


def verbatim(gz: Gazetteer, quote: Quote) -> str:
    """Whether the quote's words stand, character for character, in its source's text ("—": the text was not given)."""
    text = gz.sources[quote.source_id].text
    if text is None:
        return NA
    return YES if quote.text in text else NO


def in_voice(gz: Gazetteer, quote: Quote) -> str:
    """Whether the words lie wholly inside the voice they are credited to, judged from the voices' spans in the text."""
    source = gz.sources[quote.source_id]
    if source.text is None or quote.text not in source.text:
        return NA
    own = [v for v in gz.voices.values() if v.source_id == source.id]
    credited = gz.voices.get(quote.voice_id)
    if not own:
        return f"{NO}: no voice '{quote.voice_id}' in this text" if quote.voice_id else f"{YES} (the text has one voice)"
    if credited is None or credited.source_id != source.id or credited.span is None:
        return f"{NO}: '{quote.voice_id}' is not a voice of this text"
    placement = voices.place(quote.text, source.text, own)
    if placement.crossed:
        return f"{NO}: crosses the edge of {', '.join(v.id for v in placement.crossed)}"
    if placement.voice is None or placement.voice.id != credited.id:
        return f"{NO}: the words are in " + (f"voice '{placement.voice.id}'" if placement.voice else "no voice")
    return YES


def stated(gz: Gazetteer, quote: Quote) -> str:
    """Whether the quote's own words state its claim, or its context says where the rest comes from."""
    if claims.supports(quote.text, quote.claim_value, gz.synonyms):
        return YES
    if quote.context:
        return f"context: {quote.context}"
    return f"{NO}: the words do not state it"


def referenced(gz: Gazetteer, cites: tuple[Citation, ...]) -> str:
    """Whether a fact names references, each of them a work in references.csv."""
    unknown = [c.ref_id for c in cites if c.ref_id not in gz.references]
    if unknown:
        return f"{NO}: unknown reference {', '.join(repr(u) for u in unknown)}"
    return YES if cites else f"{NO}: no reference given"


def quote_verdict(gz: Gazetteer, quote: Quote) -> Verdict:
    return Verdict("quote", quote.id, quote.claim, _rests_on(gz, quote), cite_quote(gz, quote), verbatim(gz, quote),
                   in_voice(gz, quote), stated(gz, quote))  # fmt: skip


def verdicts(gz: Gazetteer, tr: Translator = ENGLISH) -> list[Verdict]:
    """Every claim the app shows, in the order a reader meets them; each claim worded in `tr`'s language, as the pages
    word it (the verdicts themselves are the audit's own words)."""
    found = []
    for stop in gz.stops:
        for fact in FACTS:
            cited, quoted = fact_citation(gz, stop, fact)
            if quoted:
                held = all(not says_no(verbatim(gz, q)) and not says_no(in_voice(gz, q))
                           for q in dates_quoted(stop, gz.quotes_for(stop.id), gz.synonyms))  # fmt: skip
                found.append(Verdict(fact, stop.id, _fact_text(stop, fact, tr), "the quotes", "stated by the stop's quotes",
                                     referenced=f"{YES} (quoted)" if held else f"{NO}: the quotes stating them do not hold"))  # fmt: skip
                continue
            found.append(Verdict(fact, stop.id, _fact_text(stop, fact, tr), "published references" if cited else "nothing",
                                 cited or "no reference given", referenced=referenced(gz, stop.refs(fact))))  # fmt: skip
        found += [quote_verdict(gz, q) for q in gz.quotes_for(stop.id)]
        leg = gz.legs.get(stop.id)
        if leg is not None:
            cited = cite_references(gz, leg.refs)
            claim = tr.gettext("%(how)s; course %(course)s") % {"how": (mode_phrase(leg.mode, tr) or leg.mode) + (", " + leg.vessel if leg.vessel else ""),
                                                                  "course": tr.gettext(COURSE_WORDS.get(leg.course, leg.course))}  # fmt: skip
            found.append(Verdict("leg", stop.id, claim, "published references" if cited else "nothing", cited or "no reference given",
                                 referenced=referenced(gz, leg.refs)))  # fmt: skip
    for d in disagreements(gz):
        for side in d.sides:
            if side.quotes:
                labels = "; ".join(voice_labels(gz, side.quotes))
                quoted = [quote_verdict(gz, q) for q in side.quotes]
                found.append(Verdict("disagreement", d.topic.question, side.value, "the quotes", labels,
                                     _all(v.verbatim for v in quoted), _all(v.in_voice for v in quoted),
                                     _all(v.supported for v in quoted)))  # fmt: skip
            if side.refs:
                found.append(Verdict("disagreement", d.topic.question, side.value, "published references",
                                     cite_references(gz, side.refs), referenced=referenced(gz, side.refs)))  # fmt: skip
        refs = cite_references(gz, d.topic.refs)
        found.append(Verdict("standard answer", d.topic.question, d.topic.standard_value, "published references" if refs else "nothing",
                             refs or "no reference given", referenced=referenced(gz, d.topic.refs)))  # fmt: skip
    if gz.stops and len(gz.route_stops) >= 2:
        from exilemap.tour import steps

        for step in steps(gz, Route(gz), detailed=True, tr=tr):
            quoted = [quote_verdict(gz, q) for q in step.quotes]
            labels = "; ".join(dict.fromkeys(v.cited.split(" · ")[0] for v in quoted)) or "the stop's references"
            found.append(Verdict("tour prompt", step.stop.id, step.prompt, "the quotes" if quoted else "the stop's references",
                                 labels, _all(v.verbatim for v in quoted), _all(v.in_voice for v in quoted)))  # fmt: skip
    return found


COURSE_WORDS = {"recorded": N_("recorded"), "plausible": N_("plausible"), "direct": N_("direct")}  # legs.csv's course


def _fact_text(stop, fact: str, tr: Translator = ENGLISH) -> str:
    if fact == "dates":
        return tr.gettext("%(arrived)s to %(departed)s") % {"arrived": date_phrase(stop.arrived, stop.arrived_precision, tr),
                                                           "departed": date_phrase(stop.departed, stop.departed_precision, tr)}  # fmt: skip
    if fact == "coordinates":
        return f"{stop.lat}, {stop.lon}: {stop.coord_note}"
    return stop.summary


def _all(values) -> str:
    values = list(values)
    if not values or all(v == NA for v in values):
        return NA
    if any(says_no(v) for v in values):
        return NO
    return "context" if any(v.startswith("context") for v in values) else YES


def summary(found: list[Verdict]) -> dict[str, int]:
    """How many claims rest on each kind of evidence."""
    counts: dict[str, int] = {}
    for v in found:
        counts[v.rests_on] = counts.get(v.rests_on, 0) + 1
    return counts


def _read_journey(folder: Path) -> Gazetteer:
    def file(name: str) -> bytes | None:
        path = folder / name
        return path.read_bytes() if path.is_file() else None

    if file("places.csv") is None:
        raise DataError([])
    texts = {p.name: p.read_bytes() for p in folder.glob("*.txt")}
    return load_journey(file("places.csv"), file("quotes.csv"), file("sources.csv"), file("disagreements.csv"), texts,
                        file("references.csv"), file("voices.csv"), audited=True)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m exilemap.audit", description="Vouch for every claim the app shows.")
    parser.add_argument("journey", nargs="?", type=Path, help="a folder with a journey's CSV files (default: our own data)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the summary and what falls short")
    args = parser.parse_args(argv)
    try:
        if args.journey is None:
            gz = load(audited=True)
        elif not (args.journey / "places.csv").is_file():
            print(f"{args.journey}: no places.csv in this folder", file=sys.stderr)
            return 2
        else:
            gz = _read_journey(args.journey)
    except DataError as exc:
        print("The data does not load, so nothing can be vouched for:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    found = verdicts(gz)
    failing = [v for v in found if not v.ok]
    if not args.quiet:
        _print_table(found)
    rests = ", ".join(f"{n} on {what}" for what, n in sorted(summary(found).items(), key=lambda kv: -kv[1]))
    print(f"audit: {len(found)} claims: {rests}.")
    if failing:
        print(f"{len(failing)} claim(s) fall short:", file=sys.stderr)
        for v in failing:
            print(f"  {v.kind} {v.subject}: {v.claim[:80]} ({'; '.join(v.short_of)})", file=sys.stderr)
        return 1
    print("audit: every claim holds: verbatim, in its voice, stated or marked as context, and referenced.")
    return 0


def _print_table(found: list[Verdict]) -> None:
    print(f"{'ok':4} {'kind':15} {'subject':22} {'verbatim':8} {'in voice':8} {'supported':10} {'reference':9} cited")
    for v in found:
        print(f"{'ok' if v.ok else 'FAIL':4} {v.kind:15} {v.subject[:22]:22} {v.verbatim[:8]:8} {v.in_voice[:8]:8} "
              f"{v.supported[:10]:10} {v.referenced[:9]:9} {v.cited}")  # fmt: skip
        if v.supported.startswith("context"):
            print(f"{'':4} {'':15} {'':22} {v.supported}")
    print()


if __name__ == "__main__":
    sys.exit(main())
