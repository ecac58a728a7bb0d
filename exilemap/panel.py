"""What the date panel says about a day, as escaped Markdown: where he is, what happened, what the sources say.

Built as a few blocks of text rather than many small pieces, so that the page draws each move of the
date with a handful of elements (each element is a message from the server). Quotes and disagreements
are written here for the other pages too (the Itinerary, Disagreements), so they read alike everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from exilemap.model import FACTS, Gazetteer, Quote, Stop
from exilemap.phrases import course_phrase, format_date, leg_phrase, span_phrase, uncertainty_lines
from exilemap.route import Position, Route
from exilemap.sources import (
    Disagreement,
    chosen_line,
    cite_quote,
    cite_references,
    disagreement_title,
    disagreements,
    fact_citation,
    histories_differ_line,
    insertions,
    md,
    voice_labels,
)

STAY_VERB = {"residence": "Lived here", "transit": "Here", "visit": "Visited", "event": "Here"}


def small(lines: list[str]) -> str:
    """Markdown lines (already escaped) in small print, one per line: what a caption says, inside a larger block."""
    return ":small[" + "  \n".join(lines) + "]" if lines else ""


def quote_markdown(gz: Gazetteer, quote: Quote) -> str:
    """The quote, who says it (the voice and its relation to the source), and what rests on more than its words."""
    source = gz.sources[quote.source_id]
    unchecked = " " + md("(not checked: the source's text was not uploaded)") if source.text is None else ""  # md() trims spaces
    context = f"\n>\n> {md('Read with its context: ' + quote.context)}" if quote.context else ""
    inserted = insertions(gz, quote)
    if inserted:
        context += f"\n>\n> {md('Inserted by the editors: ' + ', '.join(inserted))}"
    return f"> “{md(quote.text)}”\n>\n> — *{md(cite_quote(gz, quote))}*{unchecked}{context}"


def disagreement_parts(gz: Gazetteer, d: Disagreement) -> list[str]:
    """The question; each answer with the voices that give it and their quotes; then the standard histories' answer.

    Where the histories themselves differ: what each answers and on whose authority, and which answer the map uses, and why.
    """
    parts = [f"**{md(d.topic.question)}**"]
    if d.histories_differ:
        parts.append(md(histories_differ_line(gz, d)))
        for side in (s for s in d.sides if s.quotes):
            parts.append(f"*{md(side.value)}* — {md('; '.join(voice_labels(gz, side.quotes)))}")
            parts += [quote_markdown(gz, q) for q in side.quotes]
        parts.append(small([md(chosen_line(gz, d))]))
        return parts
    for side in d.sides:
        parts.append(f"*{md(side.value)}* — {md('; '.join(voice_labels(gz, side.quotes)))}")
        parts += [quote_markdown(gz, q) for q in side.quotes]
    refs = cite_references(gz, d.topic.refs) or "no reference given"
    parts.append(small([md(f"Standard histories: {d.topic.standard_account} ({refs})")]))
    return parts


def reference_lines(gz: Gazetteer, stop: Stop) -> list[str]:
    """Where the stop's dates, place and summary come from, as citations; a fact with none says so."""
    lines = []
    for fact in FACTS:
        cited, quoted = fact_citation(gz, stop, fact)
        lines.append(md(f"{fact.capitalize()}: {'the quotes below' if quoted else cited or 'no reference given'}"))
    return lines


@dataclass(frozen=True)
class Panel:
    """The panel for one day: a notice alone (before or after the journey), or a heading, a body and any disputes."""

    notice: str = ""
    heading: str = ""
    body: str = ""
    disputes: tuple[str, ...] = ()  # each disagreement about what is shown, drawn apart in a box of its own


class Writer:
    """One journey's date panel, day after day: what a stop's or a quote's words come to is written once.

    A move of the slider most often asks for a day not asked for before, but at a stop or a quote
    seen the day before; only the day's own words (its date, how far along, which events are past)
    are written again. Every text is escaped here, so the cached parts are as safe as the rest.
    """

    def __init__(self, gz: Gazetteer, route: Route):
        self.gz, self.route = gz, route
        self._quote = functools.cache(functools.partial(quote_markdown, gz))
        self._stay = functools.cache(self._stay_lines)
        self._sources_part = functools.cache(self._what_the_sources_say)
        self._events_on: dict[dt.date, list[Stop]] = {}
        for e in gz.stops:
            if e.is_event:
                self._events_on.setdefault(e.arrived, []).append(e)
        self._events_during = functools.cache(lambda stop_id: tuple(Route.events_during(gz, route.visit_of(stop_id))))

    def panel(self, position: Position) -> Panel:
        """Where he is on the chosen date, since and until when, what happened, and what the sources say."""
        route, day = self.route, format_date(position.date)
        if position.status == "before":
            return Panel(
                notice=md(
                    f"{day} is before the exile began: he was deported from {position.next.name} on {format_date(route.first)}."
                )
            )
        if position.status == "after":
            return Panel(
                notice=md(
                    f"{day} is after the last stop: he died in {position.previous.modern_name} on {format_date(route.last)}."
                )
            )
        if position.status == "transit":
            a, b, leg = position.previous, position.next, position.leg
            how = leg_phrase(leg)
            heading = f"On the way from {a.name} to {b.name}" + (f", {how.split(' (')[0]}" if how else "")
            cited = cite_references(self.gz, leg.refs) if leg else ""
            parts = [
                md(f"{day}: travelling {how + ' ' if how else ''}from {a.name} (left {format_date(a.departed, a.departed_precision)}) "
                   f"to {b.name} (reached {format_date(b.arrived, b.arrived_precision)}), {round(position.fraction * 100)}% of the way."),
                small([md(course_phrase(leg) + (f" Leg: {cited}" if cited else ""))]),
            ]  # fmt: skip
            shown = [b]
        else:
            stop = position.stop
            heading = stop.name
            country, stay, unsure = self._stay(stop)
            parts = [f"**{md(day)}** · {country}", stay, unsure]
            shown = [stop, *self._events_during(stop.id)]
        shown += [e for e in self._events_on.get(position.date, ()) if e not in shown]
        shown = shown[:1] + sorted(shown[1:], key=lambda e: e.arrived)
        for event in shown[1:]:
            when = "happened" if event.arrived <= position.date else "is still to come"
            parts.append(f"**{md(format_date(event.arrived))}** ({md(when)}): {md(event.summary)}")
        left = position.previous if position.status == "transit" else None
        told, disputes = self._sources_part(tuple(shown), position.status == "transit", left)
        return Panel(heading=md(heading), body="\n\n".join(p for p in [*parts, *told] if p), disputes=disputes)

    def _stay_lines(self, stop: Stop) -> tuple[str, str, str]:
        """A stop's country (and today's name), how long he stayed and what he did, and how sure its dates are."""
        today = (
            f" (today {stop.modern_name}, {stop.country_now})"
            if (stop.modern_name, stop.country_now) != (stop.name, stop.country_then)
            else ""
        )
        verb = "Passed through" if stop.kind == "transit" and stop.arrived == stop.departed else STAY_VERB[stop.kind]
        return (md(stop.country_then + today), md(f"{verb} {span_phrase(stop)}. {stop.summary}"),
                small([md(line) for line in uncertainty_lines(stop)]))  # fmt: skip

    def _what_the_sources_say(
        self, shown: tuple[Stop, ...], on_the_way: bool, left: Stop | None = None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The quotes about what is shown (its first stop, then its events), its references, and the disagreements apart."""
        gz = self.gz
        disputed = disagreements(gz, {s.id for s in shown})
        if left is not None:  # on the way, the panel says when he left: where the histories differ on that day, so does it
            disputed += [d for d in disagreements(gz, {left.id}) if d.topic.key == "departed" and d.histories_differ]
        disputed_keys = {(d.topic.place_id, d.topic.key) for d in disputed}
        plain = [q for s in shown for q in gz.quotes_for(s.id) if (q.place_id, q.claim_key) not in disputed_keys]
        parts = []
        if plain:
            about = f" about {md(shown[0].name)}" if on_the_way else ""  # on the way: the next stop's quotes
            parts.append(f"**What the sources say{about}**")
            parts += [self._quote(q) for q in plain]
        elif not disputed:
            parts.append(small([md("None of the sources mentions this place.")]))
        parts.append(small(reference_lines(gz, shown[0])))
        # tuples: the cache hands the same result to every later move, so nothing in it may be changed in place
        # a box of the seeds' disagreement is titled so; where the histories differ, its first line says it
        return tuple(parts), tuple(("" if d.histories_differ else f"**{md(disagreement_title(d))}**\n\n")
                                   + "\n\n".join(disagreement_parts(gz, d)) for d in disputed)  # fmt: skip
