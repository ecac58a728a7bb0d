"""Cross-row rules: what a single cell cannot show. Dates in order, quotes verbatim and in their voice,
claims stated by their quotes, references that exist.

Each function returns Problems naming the file, the row (the header is row 1) and the column.
"""

from __future__ import annotations

from collections.abc import Mapping

from exilemap import claims, voices
from exilemap.model import FACTS, Answer, Leg, Problem, Quote, Reference, Source, Stop, Topic, Voice, date_bounds


def check_stops(stops: list[Stop], name: str, rows: list[int] | None = None, overlaps_allowed: bool = False) -> list[Problem]:
    """Precision, arrived <= departed, order, and (unless `overlaps_allowed`, as for a gazetteer uploaded) no overlapping stays.

    `rows` are the stops' row numbers in the file, when some rows were left out for other problems.
    """
    problems = []
    rows = list(range(2, len(stops) + 2)) if rows is None else rows
    for row, s in zip(rows, stops):
        for column, value, precision in (
            ("arrived", s.arrived, s.arrived_precision),
            ("departed", s.departed, s.departed_precision),
        ):
            if precision == "month" and value.day != 1:
                problems.append(Problem(name, row, column, f"{value} has precision 'month': write the first of the month"))
            if precision in ("year", "circa") and (value.month, value.day) != (1, 1):
                problems.append(Problem(name, row, column, f"{value} has precision '{precision}': write YYYY-01-01"))
        # a date known to the month or year is its interval: the departure's must not end before the arrival's begins
        if date_bounds(s.departed, s.departed_precision)[1] < date_bounds(s.arrived, s.arrived_precision)[0]:
            left, came = date_bounds(s.departed, s.departed_precision), date_bounds(s.arrived, s.arrived_precision)
            problems.append(
                Problem(name, row, "departed", f"the departure ({_span(*left)}) ends before the arrival ({_span(*came)}) begins")
            )
    for (above, before), (row, after) in zip(zip(rows, stops), zip(rows[1:], stops[1:])):
        if date_bounds(after.arrived, after.arrived_precision)[1] < date_bounds(before.arrived, before.arrived_precision)[0]:
            problems.append(
                Problem(
                    name,
                    row,
                    "arrived",
                    f"{after.arrived} is earlier than row {above} ({before.arrived}): keep rows in chronological order",
                )
            )
    if not overlaps_allowed:
        problems += [
            Problem(name, row, "arrived", f"arrived {after.arrived} overlaps the stay at '{before.id}', which lasts until {before.departed}")
            for row, before, after in overlapping(stops, rows)
        ]  # fmt: skip
    return problems


def overlapping(stops: list[Stop], rows: list[int] | None = None) -> list[tuple[int, Stop, Stop]]:
    """Each stay that begins before the stay above it has surely ended: (its row, the stay above, the stay)."""
    rows = list(range(2, len(stops) + 2)) if rows is None else rows
    stays = [(row, s) for row, s in zip(rows, stops) if not s.is_event]
    return [
        (row, before, after)
        for (_, before), (row, after) in zip(stays, stays[1:])
        if date_bounds(after.arrived, after.arrived_precision)[1] < date_bounds(before.departed, before.departed_precision)[0]
    ]


def _span(earliest, latest) -> str:
    return str(earliest) if earliest == latest else f"{earliest} to {latest}"


def check_quotes(
    quotes: list[Quote],
    stop_ids: set[str],
    sources: Mapping[str, Source],
    voice_map: Mapping[str, Voice],
    synonyms: tuple[frozenset[str], ...],
    name: str,
    claims_required: bool = True,
) -> list[Problem]:
    """Each quote names a known place and source, stands verbatim in the text, lies inside its voice, and
    (with `claims_required`, for our own data) its words state its claim, or its `context` says where the
    rest comes from. An upload's unsupported claims load, and the audit says which they are."""
    problems = []
    for row, q in enumerate(quotes, start=2):
        if q.place_id not in stop_ids:
            problems.append(Problem(name, row, "place_id", f"unknown place '{q.place_id}' (not an id in places.csv)"))
        source = sources.get(q.source_id)
        if source is None:
            problems.append(Problem(name, row, "source_id", f"unknown source '{q.source_id}' (not an id in sources.csv)"))
            continue
        if source.text is not None and q.text not in source.text:
            problems.append(Problem(name, row, "quote", f"not found verbatim in seeds/{source.file}"))
        else:
            problems += _voice_problems(q, source, voice_map, name, row)
        if claims_required and not q.context.strip() and not claims.supports(q.text, q.claim_value, synonyms):
            problems.append(
                Problem(
                    name,
                    row,
                    "claim",
                    f"'{q.claim}' is not stated by the quote's own words: correct the claim, or say in "
                    "'context' where the rest of it comes from",
                )  # fmt: skip
            )
    return problems


def _voice_problems(q: Quote, source: Source, voice_map: Mapping[str, Voice], name: str, row: int) -> list[Problem]:
    own = [v for v in voice_map.values() if v.source_id == source.id]
    if not own:  # an uploaded source with no voices: its author speaks throughout
        if q.voice_id:
            return [Problem(name, row, "voice_id", f"unknown voice '{q.voice_id}' (not an id in voices.csv)")]
        return []
    credited = voice_map.get(q.voice_id)
    if credited is None or credited.source_id != source.id:
        found = "no voice" if not q.voice_id else f"'{q.voice_id}'"
        return [Problem(name, row, "voice_id", f"{found} is not a voice of source '{source.id}' in voices.csv")]
    if source.text is None or credited.span is None:
        return []
    placement = voices.place(q.text, source.text, own)
    if placement.crossed:
        names = ", ".join(f"'{v.id}'" for v in placement.crossed)
        return [Problem(name, row, "quote", f"crosses the edge of voice {names}: a quote must lie wholly inside one voice")]
    if placement.voice is None or placement.voice.id != credited.id:
        actual = "no voice" if placement.voice is None else f"voice '{placement.voice.id}' ({placement.voice.label})"
        return [Problem(name, row, "voice_id", f"credited to '{credited.id}', but the words are in {actual}")]
    return []


def check_voices(voice_list: list[Voice], sources: Mapping[str, Source], name: str) -> tuple[dict[str, Voice], list[Problem]]:
    """Every voice names a known source and each of its markers occurs exactly once in that source's text."""
    located, problems = {}, []
    for row, v in enumerate(voice_list, start=2):
        source = sources.get(v.source_id)
        if source is None:
            problems.append(Problem(name, row, "source_id", f"unknown source '{v.source_id}' (not an id in sources.csv)"))
            continue
        if source.text is None:
            located[v.id] = v
            continue
        placed, found = voices.locate(v, source.text)
        problems += [Problem(name, row, column, f"{message} (seeds/{source.file})") for column, message in found]
        located[v.id] = placed
    return located, problems


def check_references(
    stops: list[Stop],
    topics: list[Topic],
    references: Mapping[str, Reference],
    quotes: list[Quote],
    synonyms: tuple[frozenset[str], ...],
    required: bool,
) -> list[Problem]:
    """Every cited id exists; with `required` (our own data), every fact of a stop names a reference,
    except dates that a quote about the stop states in its own words."""
    problems = []
    for row, stop in enumerate(stops, start=2):
        for fact, column in zip(FACTS, ("date_refs", "coord_refs", "summary_refs")):
            cites = stop.refs(fact)
            problems += [
                Problem("places.csv", row, column, f"unknown reference '{c.ref_id}' (not an id in references.csv)")
                for c in cites
                if c.ref_id not in references
            ]
            if required and not cites and not (fact == "dates" and dates_quoted(stop, quotes, synonyms)):
                problems.append(Problem("places.csv", row, column, f"no reference for the {fact}, and no quote states them"))
    for row, topic in enumerate(topics, start=2):
        problems += [
            Problem("disagreements.csv", row, "refs", f"unknown reference '{c.ref_id}' (not an id in references.csv)")
            for c in topic.refs
            if c.ref_id not in references
        ]
        if required and not topic.refs:
            problems.append(Problem("disagreements.csv", row, "refs", "no reference for the standard histories' answer"))
    if required:
        problems += [
            Problem("places.csv", row, "coord_precision", "say what the point marks: house, street, town or region")
            for row, stop in enumerate(stops, start=2)
            if stop.coord_precision == "not stated"
        ]
    return problems


def check_legs(legs: list[Leg], stops: list[Stop], references: Mapping[str, Reference], name: str) -> list[Problem]:
    """A leg reaches a route stop that has one before it; its waypoints are on the globe; its references exist."""
    problems = []
    route = [s.id for s in stops if not s.is_event]
    for row, leg in enumerate(legs, start=2):
        if leg.to_stop not in route[1:]:
            why = "the first stop, which no leg reaches" if route and leg.to_stop == route[0] else "not a stop of the route (an event or an unknown id)"  # fmt: skip
            problems.append(Problem(name, row, "to_stop", f"'{leg.to_stop}' is {why}"))
        if any(not (-90 <= w.lat <= 90 and -180 <= w.lon <= 180) for w in leg.waypoints):
            problems.append(
                Problem(name, row, "waypoints", "a waypoint lies off the globe (latitude -90 to 90, longitude -180 to 180)")
            )
        problems += [
            Problem(name, row, "refs", f"unknown reference '{c.ref_id}' (not an id in references.csv)")
            for c in leg.refs
            if c.ref_id not in references
        ]
    return problems


DATE_KEYS = {"arrived": ("arrived", "arrived_precision"), "departed": ("departed", "departed_precision")}


def as_written(stop: Stop, key: str) -> str:
    """A stop's arrival or departure as an answer writes it: 1929-03-08, or 1929-04 for a month, 1929 for a year."""
    field, precision = DATE_KEYS[key]
    value = getattr(stop, field).isoformat()
    return {"day": value, "month": value[:7], "year": value[:4]}[getattr(stop, precision)]


def check_answers(
    answers: list[Answer], topics: list[Topic], stops: list[Stop], references: Mapping[str, Reference], required: bool, name: str
) -> list[Problem]:
    """Each answer is to a question of disagreements.csv and rests on known references (on some, for our data). Where the
    histories answer a stop's arrival or departure, the question's chosen value is one of theirs and is the stop's own
    date, so that what the map uses is what the screen says it uses."""
    problems = []
    asked = {(t.place_id, t.key): t for t in topics}
    by_id = {s.id: s for s in stops}
    for row, a in enumerate(answers, start=2):
        if (a.place_id, a.key) not in asked:
            problems.append(Problem(name, row, "key", f"no question '{a.key}' about '{a.place_id}' in disagreements.csv"))
        problems += [Problem(name, row, "refs", f"unknown reference '{c.ref_id}' (not an id in references.csv)")
                     for c in a.refs if c.ref_id not in references]  # fmt: skip
        if required and not a.refs:
            problems.append(Problem(name, row, "refs", "no reference for this answer"))
    for row, topic in enumerate(topics, start=2):
        values = [a.value for a in answers if (a.place_id, a.key) == (topic.place_id, topic.key)]
        if not values:
            continue
        if topic.standard_value not in values:
            problems.append(Problem("disagreements.csv", row, "standard_value",
                                    f"'{topic.standard_value}' is not one of the histories' answers in {name}: {', '.join(values)}"))  # fmt: skip
        stop = by_id.get(topic.place_id)
        if topic.key in DATE_KEYS and stop is not None and as_written(stop, topic.key) != topic.standard_value:
            problems.append(Problem("disagreements.csv", row, "standard_value",
                                    f"the map uses '{as_written(stop, topic.key)}' for {topic.key} at '{stop.id}' (places.csv), "
                                    f"not '{topic.standard_value}'"))  # fmt: skip
    return problems


def dates_quoted(stop: Stop, quotes: list[Quote], synonyms: tuple[frozenset[str], ...] = ()) -> list[Quote]:
    """The quotes about a stop whose own words state its arrival date (so the date needs no other reference)."""
    day = stop.arrived.isoformat()
    return [
        q
        for q in quotes
        if q.place_id == stop.id and claims.is_date_value(q.claim_value) and q.claim_value == day and not q.context
        and claims.supports(q.text, day, synonyms)
    ]  # fmt: skip
