"""What the date panel says about a day, as escaped Markdown: where he is, what happened, what the sources say.

Built as a few blocks of text rather than many small pieces, so that the page draws each move of the
date with a handful of elements (each element is a message from the server). Quotes and disagreements
are written here for the other pages too (the Itinerary, Disagreements), so they read alike everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from exilemap.model import FACTS, Gazetteer, Quote, Stop
from exilemap.route import Position, Route, course_phrase, format_date, leg_phrase, span_phrase, uncertainty_lines
from exilemap.sources import Disagreement, cite_quote, cite_references, disagreements, fact_citation, insertions, md, voice_labels

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
    """The question; each answer with the voices that give it and their quotes; then the standard histories' answer."""
    parts = [f"**{md(d.topic.question)}**"]
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


def date_panel(gz: Gazetteer, route: Route, position: Position) -> Panel:
    """Where he is on the chosen date, since and until when, what happened, and what the sources say."""
    day = format_date(position.date)
    if position.status == "before":
        return Panel(
            notice=md(
                f"{day} is before the exile began: he was deported from {position.next.name} on {format_date(route.first)}."
            )
        )
    if position.status == "after":
        return Panel(
            notice=md(f"{day} is after the last stop: he died in {position.previous.modern_name} on {format_date(route.last)}.")
        )
    if position.status == "transit":
        a, b, leg = position.previous, position.next, position.leg
        how = leg_phrase(leg)
        heading = f"On the way from {a.name} to {b.name}" + (f", {how.split(' (')[0]}" if how else "")
        cited = cite_references(gz, leg.refs) if leg else ""
        parts = [
            md(f"{day}: travelling {how + ' ' if how else ''}from {a.name} (left {format_date(a.departed, a.departed_precision)}) "
               f"to {b.name} (reached {format_date(b.arrived, b.arrived_precision)}), {round(position.fraction * 100)}% of the way."),
            small([md(course_phrase(leg) + (f" Leg: {cited}" if cited else ""))]),
        ]  # fmt: skip
        shown = [b]
    else:
        stop = position.stop
        heading = stop.name
        today = (
            f" (today {stop.modern_name}, {stop.country_now})"
            if (stop.modern_name, stop.country_now) != (stop.name, stop.country_then)
            else ""
        )
        verb = "Passed through" if stop.kind == "transit" and stop.arrived == stop.departed else STAY_VERB[stop.kind]
        parts = [f"**{md(day)}** · {md(stop.country_then + today)}", md(f"{verb} {span_phrase(stop)}. {stop.summary}"),
                 small([md(line) for line in uncertainty_lines(stop)])]  # fmt: skip
        shown = [stop] + Route.events_during(gz, route.visit_of(stop.id))
    shown += [e for e in gz.stops if e.is_event and e.arrived == position.date and e not in shown]
    shown = shown[:1] + sorted(shown[1:], key=lambda e: e.arrived)
    for event in shown[1:]:
        when = "happened" if event.arrived <= position.date else "is still to come"
        parts.append(f"**{md(format_date(event.arrived))}** ({md(when)}): {md(event.summary)}")
    disputed = disagreements(gz, {s.id for s in shown})
    disputed_keys = {(d.topic.place_id, d.topic.key) for d in disputed}
    plain = [q for s in shown for q in gz.quotes_for(s.id) if (q.place_id, q.claim_key) not in disputed_keys]
    if plain:
        about = f" about {md(shown[0].name)}" if position.status == "transit" else ""  # on the way: the next stop's quotes
        parts.append(f"**What the sources say{about}**")
        parts += [quote_markdown(gz, q) for q in plain]
    elif not disputed:
        parts.append(small([md("None of the sources mentions this place.")]))
    parts.append(small(reference_lines(gz, shown[0])))
    return Panel(
        heading=md(heading),
        body="\n\n".join(p for p in parts if p),
        disputes=tuple("\n\n".join(disagreement_parts(gz, d)) for d in disputed),
    )
