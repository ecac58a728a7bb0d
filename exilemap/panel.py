"""What the date panel says about a day, as escaped Markdown: where he is, what happened, what the sources say.

Built as a few blocks of text rather than many small pieces, so that the page draws each move of the
date with a handful of elements (each element is a message from the server). Quotes and disagreements
are written here for the other pages too (the Itinerary, Disagreements), so they read alike everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from exilemap.i18n import ENGLISH, N_, Translator
from exilemap.model import FACTS, Gazetteer, Quote, Stop
from exilemap.phrases import STAY_VERB, course_phrase, leg_phrase, mode_phrase, stay_sentence, uncertainty_lines
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

FACT_NAME = {"dates": N_("Dates"), "coordinates": N_("Coordinates"), "summary": N_("Summary")}


def small(lines: list[str]) -> str:
    """Markdown lines (already escaped) in small print, one per line: what a caption says, inside a larger block."""
    return ":small[" + "  \n".join(lines) + "]" if lines else ""


def quote_markdown(gz: Gazetteer, quote: Quote, tr: Translator = ENGLISH) -> str:
    """The quote, who says it (the voice and its relation to the source), and what rests on more than its words.

    The quote itself is never translated: it stays in the words of its source."""
    _ = tr.gettext
    source = gz.sources[quote.source_id]
    unchecked = (
        " " + md(_("(not checked: the source's text was not uploaded)")) if source.text is None else ""
    )  # md() trims spaces
    # the messages are said outside the f-strings: pybabel does not look inside them
    context = ""
    if quote.context:
        context = "\n>\n> " + md(_("Read with its context: %(context)s") % {"context": quote.context})
    inserted = insertions(gz, quote)
    if inserted:
        context += "\n>\n> " + md(_("Inserted by the editors: %(words)s") % {"words": ", ".join(inserted)})
    return f"> “{md(quote.text)}”\n>\n> — *{md(cite_quote(gz, quote))}*{unchecked}{context}"


def disagreement_parts(gz: Gazetteer, d: Disagreement, tr: Translator = ENGLISH) -> list[str]:
    """The question; each answer with the voices that give it and their quotes; then the standard histories' answer.

    Where the histories themselves differ: what each answers and on whose authority, and which answer the map uses, and why.
    """
    _ = tr.gettext
    parts = [f"**{md(d.topic.question)}**"]
    if d.histories_differ:
        parts.append(md(histories_differ_line(gz, d, tr)))
        for side in (s for s in d.sides if s.quotes):
            parts.append(f"*{md(side.value)}* — {md('; '.join(voice_labels(gz, side.quotes)))}")
            parts += [quote_markdown(gz, q, tr) for q in side.quotes]
        parts.append(small([md(chosen_line(gz, d, tr))]))
        return parts
    for side in d.sides:
        parts.append(f"*{md(side.value)}* — {md('; '.join(voice_labels(gz, side.quotes)))}")
        parts += [quote_markdown(gz, q, tr) for q in side.quotes]
    refs = cite_references(gz, d.topic.refs) or _("no reference given")
    parts.append(
        small([md(_("Standard histories: %(account)s (%(refs)s)") % {"account": d.topic.standard_account, "refs": refs})])
    )
    return parts


def reference_lines(gz: Gazetteer, stop: Stop, tr: Translator = ENGLISH) -> list[str]:
    """Where the stop's dates, place and summary come from, as citations; a fact with none says so."""
    _ = tr.gettext
    lines = []
    for fact in FACTS:
        cited, quoted = fact_citation(gz, stop, fact)
        said = _("the quotes below") if quoted else cited or _("no reference given")
        lines.append(md(_("%(fact)s: %(cited)s") % {"fact": _(FACT_NAME[fact]), "cited": said}))
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

    def __init__(self, gz: Gazetteer, route: Route, tr: Translator = ENGLISH):
        self.gz, self.route, self.tr = gz, route, tr
        self._quote = functools.cache(functools.partial(quote_markdown, gz, tr=tr))
        self._stay = functools.cache(self._stay_lines)
        self._sources_part = functools.cache(self._what_the_sources_say)
        self._events_on: dict[dt.date, list[Stop]] = {}
        for e in gz.stops:
            if e.is_event:
                self._events_on.setdefault(e.arrived, []).append(e)
        self._events_during = functools.cache(lambda stop_id: tuple(Route.events_during(gz, route.visit_of(stop_id))))

    def panel(self, position: Position) -> Panel:
        """Where he is on the chosen date, since and until when, what happened, and what the sources say."""
        tr = self.tr
        _ = tr.gettext
        route, day = self.route, tr.date(position.date)
        if position.status == "before":
            return Panel(
                notice=md(
                    _("%(day)s is before the exile began: he was deported from %(place)s on %(start)s.")
                    % {"day": day, "place": position.next.name, "start": tr.date(route.first)}
                )
            )
        if position.status == "after":
            return Panel(
                notice=md(
                    _("%(day)s is after the last stop: he died in %(place)s on %(end)s.")
                    % {"day": day, "place": position.previous.modern_name, "end": tr.date(route.last)}
                )
            )
        if position.status == "transit":
            a, b, leg = position.previous, position.next, position.leg
            how = leg_phrase(leg, tr)
            mode = mode_phrase(leg.mode, tr) if leg else ""
            heading = (_("On the way from %(a)s to %(b)s, %(how)s") if mode else _("On the way from %(a)s to %(b)s")) % {
                "a": a.name,
                "b": b.name,
                "how": mode,
            }
            cited = cite_references(self.gz, leg.refs) if leg else ""
            facts = {
                "day": day,
                "how": how,
                "a": a.name,
                "left": tr.date(a.departed, a.departed_precision),
                "b": b.name,
                "reached": tr.date(b.arrived, b.arrived_precision),
                "share": round(position.fraction * 100),
            }
            travelling = (
                _(
                    "%(day)s: travelling %(how)s from %(a)s (left %(left)s) to %(b)s (reached %(reached)s), "
                    "%(share)s%% of the way."
                )
                if how
                else _("%(day)s: travelling from %(a)s (left %(left)s) to %(b)s (reached %(reached)s), %(share)s%% of the way.")
            ) % facts
            parts = [
                md(travelling),
                small([md(course_phrase(leg, tr) + (" " + _("Leg: %(refs)s") % {"refs": cited} if cited else ""))]),
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
            when = _("happened") if event.arrived <= position.date else _("is still to come")
            parts.append(f"**{md(tr.date(event.arrived))}** ({md(when)}): {md(event.summary)}")
        left = position.previous if position.status == "transit" else None
        told, disputes = self._sources_part(tuple(shown), position.status == "transit", left)
        return Panel(heading=md(heading), body="\n\n".join(p for p in [*parts, *told] if p), disputes=disputes)

    def _stay_lines(self, stop: Stop) -> tuple[str, str, str]:
        """A stop's country (and today's name), how long he stayed and what he did, and how sure its dates are."""
        tr = self.tr
        today = (
            " " + tr.gettext("(today %(place)s, %(country)s)") % {"place": stop.modern_name, "country": stop.country_now}
            if (stop.modern_name, stop.country_now) != (stop.name, stop.country_then)
            else ""
        )
        verbs = dict(STAY_VERB, transit=N_("Passed through")) if stop.arrived == stop.departed else STAY_VERB
        return (md(stop.country_then + today), md(stay_sentence(stop, verbs, tr)),
                small([md(line) for line in uncertainty_lines(stop, tr)]))  # fmt: skip

    def _what_the_sources_say(
        self, shown: tuple[Stop, ...], on_the_way: bool, left: Stop | None = None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The quotes about what is shown (its first stop, then its events), its references, and the disagreements apart."""
        gz, tr = self.gz, self.tr
        _ = tr.gettext
        disputed = disagreements(gz, {s.id for s in shown})
        if left is not None:  # on the way, the panel says when he left: where the histories differ on that day, so does it
            disputed += [d for d in disagreements(gz, {left.id}) if d.topic.key == "departed" and d.histories_differ]
        disputed_keys = {(d.topic.place_id, d.topic.key) for d in disputed}
        plain = [q for s in shown for q in gz.quotes_for(s.id) if (q.place_id, q.claim_key) not in disputed_keys]
        parts = []
        if plain:
            # on the way: the next stop's quotes
            about = (
                _("What the sources say about %(place)s") % {"place": shown[0].name} if on_the_way else _("What the sources say")
            )
            parts.append(f"**{md(about)}**")
            parts += [self._quote(q) for q in plain]
        elif not disputed:
            parts.append(small([md(_("None of the sources mentions this place."))]))
        parts.append(small(reference_lines(gz, shown[0], tr)))
        # tuples: the cache hands the same result to every later move, so nothing in it may be changed in place
        # a box of the seeds' disagreement is titled so; where the histories differ, its first line says it
        return tuple(parts), tuple(("" if d.histories_differ else f"**{md(disagreement_title(d, tr))}**\n\n")
                                   + "\n\n".join(disagreement_parts(gz, d, tr)) for d in disputed)  # fmt: skip
