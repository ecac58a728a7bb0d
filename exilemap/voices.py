"""Who speaks where in a source: voice spans located by their verbatim markers, and the voice of a passage.

A source speaks with several voices: its author, its editors (an introduction, bracketed insertions),
the people it quotes, and the furniture of the site it was copied from. Each voice is a span of the
text from its `start` marker to its `end` marker; spans nest (Trotsky's words inside Sedova's text).
A passage belongs to the innermost voice that holds all of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from exilemap.model import Voice


def locate(voice: Voice, text: str) -> tuple[Voice, list[tuple[str, str]]]:
    """The voice with its span set, and the (column, message) of each marker that is not found exactly once."""
    problems = []
    found = {}
    for column in ("start", "end"):
        marker = getattr(voice, column)
        count = text.count(marker)
        if count != 1:
            problems.append((column, f"marker '{_short(marker)}' occurs {count} times in the text; it must occur exactly once"))
        else:
            found[column] = text.index(marker)
    if problems:
        return voice, problems
    begin, end = found["start"], found["end"] + len(voice.end)
    if end <= begin:
        return voice, [("end", f"marker '{_short(voice.end)}' comes before the start marker")]
    # A voice begins after white space and ends before it, and an insertion is its brackets: a marker moved
    # by one character cannot go unnoticed.
    if voice.kind == "insertion":
        if not (voice.start.startswith("[") and voice.end.endswith("]")):
            problems.append(
                ("start", f"an insertion runs from '[' to ']' (found '{_short(voice.start)}' … '{_short(voice.end)}')")
            )
    else:
        if voice.start != voice.start.strip() or (begin > 0 and not text[begin - 1].isspace()):
            problems.append(("start", f"marker '{_short(voice.start)}' must begin a word, right after a space or a line break"))
        if voice.end != voice.end.strip() or (end < len(text) and not text[end].isspace()):
            problems.append(("end", f"marker '{_short(voice.end)}' must end right before a space or a line break"))
    if problems:
        return voice, problems
    return replace(voice, span=(begin, end)), []


def _short(marker: str, limit: int = 40) -> str:
    return marker if len(marker) <= limit else marker[: limit - 1] + "…"


@dataclass(frozen=True)
class Placement:
    """Where a passage stands among the voices of its text."""

    voice: Voice | None  # the innermost voice that holds the whole passage; None if none does
    crossed: tuple[Voice, ...]  # voices whose span begins or ends inside the passage (not insertions wholly in it)
    insertions: tuple[Voice, ...]  # editors' insertions that lie wholly inside the passage


def place(passage: str, text: str, voices: list[Voice]) -> Placement | None:
    """The passage's best placement (an occurrence held by one voice, crossing none), or None if it is not in the text."""
    best = None
    start = text.find(passage)
    while start != -1:
        placement = _place_at(start, start + len(passage), voices)
        if best is None or (placement.voice is not None and not placement.crossed):
            best = placement
        if best.voice is not None and not best.crossed:
            break
        start = text.find(passage, start + 1)
    return best


def _place_at(begin: int, end: int, voices: list[Voice]) -> Placement:
    holding, crossed, inside = [], [], []
    for v in voices:
        if v.span is None:
            continue
        vb, ve = v.span
        if vb <= begin and end <= ve:
            holding.append(v)
        elif begin <= vb and ve <= end:
            inside.append(v)
        elif vb < end and begin < ve:
            crossed.append(v)
    crossed += [v for v in inside if v.kind != "insertion"]
    innermost = min(holding, key=lambda v: v.span[1] - v.span[0], default=None)
    return Placement(innermost, tuple(crossed), tuple(v for v in inside if v.kind == "insertion"))
