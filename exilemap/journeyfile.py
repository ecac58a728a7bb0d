"""A journey as a person writes it, checked: the readers' table completed, loaded with our rules, and the table a
person fixes in the page.

`readers.read()` turns a file into a `Table`; `completion.complete()` fills in what it leaves out; `check()` loads
the result with `gazetteer.load_journey`, and `editor_frame()` / `from_editor()` carry the table to the page's
editor and back. Every path holds the table to the upload's size limit.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import pandas as pd

from exilemap.checks import overlapping
from exilemap.completion import Completion, Coordinates, complete
from exilemap.gazetteer import MAX_FILE_BYTES, DataError, Gazetteer, Problem, load_journey, read_table, too_big, write_csv
from exilemap.phrases import format_date
from exilemap.readers import Table

__all__ = ["Checked", "check", "editor_frame", "from_editor", "SHOWN"]


@dataclass
class Checked:
    """A table checked with our rules: the journey if it loads, and otherwise every problem, by row.

    `notes` say what the journey is like that the map cannot show alone (places that overlap in time)."""

    completion: Completion
    problems: list[Problem]
    gazetteer: Gazetteer | None = None
    notes: list[str] = field(default_factory=list)

    def lean(self) -> Checked:
        """The same check keeping, of the completed table, only its CSV (what a session needs to offer it for download)
        and its notes packed."""
        if self.gazetteer is not None:
            self.completion.csv_bytes()
            self.completion.frame = self.completion.frame.iloc[0:0]
            self.completion.pack_assumed()
        return self


def check(
    table: Table,
    found: Mapping[str, Coordinates] | None = None,
    ambiguous: Collection[str] = (),
    **others: bytes | Mapping[str, bytes] | None,
) -> Checked:
    """Complete the table, then load it with `gazetteer.load_journey` (and any `others` it takes: quotes, sources, ...).

    Problems name the uploaded file (and, for JSON and KML, the feature or Placemark), and a cell this step
    already found wrong is not reported twice.
    """
    completion = complete(table, found, ambiguous)
    if table.size > MAX_FILE_BYTES:
        return Checked(completion, [_too_big(table.file, "The table", table.size)])
    completed = completion.csv_bytes() if table.raw is None else table.raw
    if len(completed) > MAX_FILE_BYTES:
        return Checked(completion, [_too_big(table.file, "Completed in all of our columns, the table", len(completed))])
    own = completion.references_csv()
    if own is not None:
        others = others | {"references": _merged_references(others.get("references"), own)}
    problems = list(completion.problems)
    try:
        gz = load_journey(completed, **others)
    except DataError as exc:
        for p in exc.problems:
            if p.file == "places.csv":
                p = Problem(table.file, p.row, p.column, p.message, table.label(p.row) if p.row else "")
                if any(_follows(p, earlier) for earlier in completion.problems):
                    continue
            problems.append(p)
        return Checked(completion, problems)
    if problems:
        return Checked(completion, problems)
    return Checked(completion, [], gz, overlap_notes(gz))


def _too_big(file: str, what: str, size: int) -> Problem:
    return Problem(file, None, None, f"{what} {too_big(size)}: split the journey into parts")


def _merged_references(theirs, own: bytes) -> bytes:
    """The person's references file with the file's own sources after it."""
    if not theirs:
        return own
    frame = pd.concat([read_table(theirs, "references.csv"), read_table(own, "references.csv")], ignore_index=True)
    return write_csv(list(frame.columns), frame.to_dict("records")).encode("utf-8")


def overlap_notes(gz: Gazetteer) -> list[str]:
    """Where places overlap in time (a gazetteer more than a journey), said once, with the first pair as its example."""
    pairs = overlapping(list(gz.stops))
    if not pairs:
        return []
    _, before, after = pairs[0]
    return [
        f"{len(pairs)} place(s) begin before the one above has ended: '{before.name}' lasts until "
        f"{format_date(before.departed, before.departed_precision)}, but '{after.name}' begins "
        f"{format_date(after.arrived, after.arrived_precision)}. The map shows one place at a time, in order of start, "
        "each from when the one before it ends."
    ]


_CONSEQUENCES = {"lat": ("lat", "lon", "coord_source", "coord_note"), "arrived": ("arrived", "arrived_precision", "departed", "departed_precision", "kind"),
                 "departed": ("departed", "departed_precision", "kind"), "coordinates": ("lat", "lon", "coord_source", "coord_note"),
                 "geowkt": ("lat", "lon", "coord_source", "coord_note"), "lon": ("lat", "lon", "coord_source", "coord_note")}  # fmt: skip


def _follows(problem: Problem, cause: Problem) -> bool:
    """Whether `problem` only repeats what `cause` says (a date that could not be read is not a YYYY-MM-DD date either)."""
    return problem.row == cause.row and problem.column in _CONSEQUENCES.get(cause.column or "", (cause.column,))


# ---------------------------------------------------------------- the table a person fixes

SHOWN = ("row", "problems", "assumed")  # read-only columns shown beside the person's own


def editor_frame(table: Table, checked: Checked | None) -> pd.DataFrame:
    """The table as a person edits it: each row's number, its problems and what was assumed beside their columns.

    Coordinates columns are always there, so a place that was not found can be given by hand.
    """
    frame = table.frame.copy()
    for column in ("lat", "lon"):
        if column not in frame.columns:
            frame[column] = ""
    rows = range(2, len(frame) + 2)
    said: dict[int, list[str]] = {}
    for p in checked.problems if checked else []:
        if p.file == table.file and p.row is not None and p.row > 1:
            said.setdefault(p.row, []).append(f"{p.column}: {p.message}" if p.column else p.message)
    assumed = checked.completion.assumed_lines() if checked else [""] * len(frame)
    shown = pd.DataFrame({"row": list(rows), "problems": ["; ".join(said.get(r, [])) for r in rows], "assumed": assumed})
    return pd.concat([shown, frame.reset_index(drop=True)], axis=1)


def from_editor(frame: pd.DataFrame, file: str, notes: tuple[str, ...] = (), labels: tuple[str, ...] = ()) -> Table:
    """The person's edited table back as a Table (the shown columns dropped, every cell a string), its size that of
    the table written as CSV, so the upload's limit holds here too."""
    own = (
        frame.drop(columns=[c for c in SHOWN if c in frame.columns]).fillna("").astype(str).map(str.strip).reset_index(drop=True)
    )
    size = len(write_csv(list(own.columns), own.to_dict("records")).encode("utf-8"))
    return Table(file, own, notes, labels=labels if len(labels) == len(own) else (), size=size)
