"""The guided tour: the stops in order, each with a narrative, its quotes and a question for the class."""

from __future__ import annotations

from dataclasses import dataclass

from exilemap.gazetteer import Gazetteer, Quote, Stop
from exilemap.i18n import ENGLISH, Translator
from exilemap.phrases import WHAT_VERB, stay_sentence
from exilemap.route import Route
from exilemap.sources import (
    Disagreement,
    Side,
    chosen_line,
    cite_quote,
    disagreements,
    histories_differ_line,
    html_text,
    sides_cited,
    voice_labels,
)


@dataclass(frozen=True)
class Step:
    number: int
    stop: Stop
    day: object
    narrative: str
    quotes: tuple[Quote, ...]
    disputes: tuple[Disagreement, ...]
    prompt: str


def _side_phrase(gz: Gazetteer, side: Side, tr: Translator) -> str:
    """ "AWL editors, introduction (2006) to Sedova's article and Crime Library (unsigned), author (undated) say “ice pick”" """
    voices = voice_labels(gz, side.quotes)
    said = tr.ngettext("%(voices)s says “%(value)s”", "%(voices)s say “%(value)s”", len(voices))
    return said % {"voices": tr.gettext(" and ").join(voices), "value": side.value}


def _prompt(gz: Gazetteer, stop: Stop, quotes: list[Quote], disputes: list[Disagreement], tr: Translator) -> str:
    _ = tr.gettext
    histories = [d for d in disputes if d.histories_differ]
    if histories:
        d = histories[0]
        return _("The histories differ. %(question)s %(sides)s? How could a historian settle it, "
                 "and what would you look for in each book's sources?") % {"question": d.topic.question,
                                                                           "sides": sides_cited(gz, d, tr)}  # fmt: skip
    if disputes:
        d = disputes[0]
        sides = "; ".join(_side_phrase(gz, side, tr) for side in d.sides)
        return _("The sources disagree. %(question)s %(sides)s. Which would you trust, and why? "
                 "Think about who wrote each text, when, and how they could know.") % {"question": d.topic.question,
                                                                                        "sides": sides}  # fmt: skip
    if quotes:
        return _(
            "%(voice)s writes about this. How could this author know? Is the text a memoir, a news story or an "
            "essay, and does that change how far you trust it?"
        ) % {"voice": gz.voice_of(quotes[0]).label}
    return _(
        "None of our sources mentions %(place)s. How do historians know he was here? What other kinds of sources could tell us?"
    ) % {"place": stop.name}


def steps(gz: Gazetteer, route: Route, detailed: bool = False, tr: Translator = ENGLISH) -> list[Step]:
    """One step per stop or event, in the gazetteer's order: the stops marked for the 20-minute tour, or all of them."""
    result = []
    for number, stop in enumerate((s for s in gz.stops if detailed or s.tour == "main"), start=1):
        visit = route.visit_of(stop.id)
        quotes = gz.quotes_for(stop.id)
        disputes = disagreements(gz, {stop.id})
        narrative = stay_sentence(stop, WHAT_VERB, tr)
        result.append(Step(number, stop, visit.start if visit else stop.arrived, narrative, tuple(quotes), tuple(disputes),
                           _prompt(gz, stop, quotes, disputes, tr)))  # fmt: skip
    return result


def step_from_link(value: str | None, count: int, tr: Translator = ENGLISH) -> tuple[int, str | None]:
    """The 1-based step a link asks for (`?step=N`), or 1 and a notice why not."""
    if value is None:
        return 1, None
    if not value.isdigit() or not 1 <= int(value) <= count:
        notice = tr.gettext("The link's step '%(step)s' is not a number from 1 to %(count)s; starting at step 1.")
        return 1, notice % {"step": value[:20], "count": count}
    return int(value), None


def step_html(gz: Gazetteer, step: Step, quotes: int = 3, css_class: str = "tour", tr: Translator = ENGLISH) -> str:
    """The step's text as escaped HTML: place, country, narrative, its first quotes with citations, the question.

    `css_class` tells the screen's one step ("tour") from the printout's many ("tour-page").
    """
    shown = "".join(
        f"<blockquote>“{html_text(q.text)}”<cite>— {html_text(cite_quote(gz, q))}</cite></blockquote>"
        for q in step.quotes[:quotes]
    ) + "".join(
        f"<p class='differ'>{html_text(histories_differ_line(gz, d, tr))} {html_text(chosen_line(gz, d, tr))}</p>"
        for d in step.disputes if d.histories_differ
    )  # fmt: skip
    discuss = html_text(tr.gettext("Discuss:"))
    return (f"<div class='{css_class}'><h2>{html_text(step.stop.name)}</h2><div class='when'>{html_text(step.stop.country_then)}</div>"
            f"<p>{html_text(step.narrative)}</p>{shown}<p class='prompt'><b>{discuss}</b> {html_text(step.prompt)}</p></div>")  # fmt: skip
