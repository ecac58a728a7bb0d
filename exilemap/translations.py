"""Our own data in the class's language: `data/translations/<lang>.csv`, one row per translated cell.

A row is keyed by the data file, the row's id and the column: stop names as each language wrote them then
(Constantinople, Constantinopla, Константинополь), summaries, leg notes, the disagreements' questions and standard
accounts, the voices' names, relations (who they are to the text: "author (1947)") and one-line reliability, the
sources' one-line reliability, and country names (file `countries`, keyed by the English
name). Quotes are never translated: they stay in the words of their source. An uploaded journey keeps its author's
words; only Trotsky's gazetteer is translated.

The loader checks a translation like the rest of data/: a key that names nothing, a cell given twice, an empty text,
a cell of ours that has no translation, or one whose English has changed since it was translated (each row keeps the
English it translates, in its `english` column) is a problem, and every problem is raised together in one DataError.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable
from pathlib import Path

from exilemap.i18n import SOURCE
from exilemap.model import DataError, Gazetteer, Problem

FOLDER = Path(__file__).resolve().parent.parent / "data" / "translations"
COLUMNS = ("file", "id", "column", "english", "text")  # english: the cell's English when it was translated
# what is translated, by file and column; a disagreement's id is "<place_id>:<key>", a leg's its to_stop
TRANSLATED = {
    "places": ("name", "modern_name", "summary"),
    "legs": ("vessel", "note"),
    "disagreements": ("question", "standard_account"),
    "voices": ("name", "relation", "reliability"),
    "sources": ("reliability",),
    "countries": ("name",),
}


def path(lang: str) -> Path:
    return FOLDER / f"{lang}.csv"


def cells(gz: Gazetteer) -> dict[tuple[str, str, str], str]:
    """Every cell of ours a translation must give, keyed (file, id, column), with its English text (empty cells need none)."""
    found: dict[tuple[str, str, str], str] = {}
    for stop in gz.stops:
        for column in TRANSLATED["places"]:
            found[("places", stop.id, column)] = getattr(stop, column)
        for country in (stop.country_then, stop.country_now):
            found[("countries", country, "name")] = country
    for leg in gz.legs.values():
        for column in TRANSLATED["legs"]:
            found[("legs", leg.to_stop, column)] = getattr(leg, column)
    for topic in gz.topics:
        for column in TRANSLATED["disagreements"]:
            found[("disagreements", f"{topic.place_id}:{topic.key}", column)] = getattr(topic, column)
    for voice in gz.voices.values():
        for column in TRANSLATED["voices"]:
            found[("voices", voice.id, column)] = getattr(voice, column)
    for source in gz.sources.values():
        found[("sources", source.id, "reliability")] = source.reliability
    return {key: text for key, text in found.items() if text.strip()}


def read(text: str, name: str, gz: Gazetteer) -> dict[tuple[str, str, str], str]:
    """The translated cells of one file, checked against the gazetteer; DataError lists every problem."""
    wanted = cells(gz)
    problems: list[Problem] = []
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(rows[0]) != COLUMNS:
        raise DataError([Problem(name, 1, None, f"the header must be {','.join(COLUMNS)}")])
    given: dict[tuple[str, str, str], str] = {}
    seen: set[tuple[str, str, str]] = set()  # cells with a row, translated or not: an empty or stale one is said once
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(COLUMNS):
            problems.append(Problem(name, number, None, f"{len(row)} cells, not {len(COLUMNS)}"))
            continue
        file, row_id, column, english, value = row
        key = (file, row_id, column)
        if file not in TRANSLATED:
            problems.append(Problem(name, number, "file", f"'{file}' is not a file we translate ({', '.join(TRANSLATED)})"))
        elif column not in TRANSLATED[file]:
            problems.append(Problem(name, number, "column", f"{file} has no translated column '{column}'"))
        elif key not in wanted:
            problems.append(Problem(name, number, "id", f"{file} has no '{row_id}' with a {column} to translate"))
        elif key in seen:
            problems.append(Problem(name, number, "id", f"{file} '{row_id}' {column} is translated twice"))
        else:
            seen.add(key)
            if not value.strip():
                problems.append(Problem(name, number, "text", "the translation is empty"))
            elif english.strip() != wanted[key].strip():
                problems.append(Problem(name, number, "english", "the English has changed since this was translated: it now "
                                        f"reads “{wanted[key][:80]}”"))  # fmt: skip
            else:
                given[key] = value.strip()
    for key in wanted.keys() - seen:
        problems.append(Problem(name, None, None, f"untranslated: {key[0]} '{key[1]}' {key[2]} (“{wanted[key][:60]}”)"))
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.row or 10**9, p.message)))
    return given


def load(lang: str, gz: Gazetteer) -> dict[tuple[str, str, str], str]:
    file = path(lang)
    if not file.exists():
        raise DataError([Problem(f"translations/{lang}.csv", None, None, "the file is missing: every language needs one")])
    return read(file.read_text(encoding="utf-8"), f"translations/{lang}.csv", gz)


def translated(gz: Gazetteer, table: dict[tuple[str, str, str], str]) -> Gazetteer:
    """The gazetteer with its translated cells in place; quotes, dates, places and references are the same objects."""

    def text(file: str, row_id: str, column: str, english: str) -> str:
        return table.get((file, row_id, column), english)

    def country(name: str) -> str:
        return text("countries", name, "name", name)

    def replaced(value, file: str, row_id: str, columns: Iterable[str], **more):
        changes = {c: text(file, row_id, c, getattr(value, c)) for c in columns}
        return dataclasses.replace(value, **changes, **more)

    stops = tuple(
        replaced(
            s, "places", s.id, TRANSLATED["places"], country_then=country(s.country_then), country_now=country(s.country_now)
        )
        for s in gz.stops
    )
    return dataclasses.replace(
        gz,
        stops=stops,
        legs={k: replaced(leg, "legs", leg.to_stop, TRANSLATED["legs"]) for k, leg in gz.legs.items()},
        topics=tuple(replaced(t, "disagreements", f"{t.place_id}:{t.key}", TRANSLATED["disagreements"]) for t in gz.topics),
        voices={k: replaced(v, "voices", v.id, TRANSLATED["voices"]) for k, v in gz.voices.items()},
        sources={k: replaced(s, "sources", s.id, ("reliability",)) for k, s in gz.sources.items()},
    )


def in_language(gz: Gazetteer, lang: str) -> Gazetteer:
    """Our gazetteer in `lang`: as it is in English, its own language; else with that language's file checked and in place."""
    return gz if lang == SOURCE else translated(gz, load(lang, gz))


def template(gz: Gazetteer) -> str:
    """A new language's file to fill in: every cell to translate, with its English and an empty text
    (`python -m exilemap.translations`); the loader says which are still empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for (file, row_id, column), english in cells(gz).items():
        writer.writerow((file, row_id, column, english, ""))
    return out.getvalue()


if __name__ == "__main__":
    from exilemap.gazetteer import load as load_gazetteer

    print(template(load_gazetteer()), end="")
