"""What every reader gives: a `Table` of strings under our column names, and what reading it noticed."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from exilemap import headers
from exilemap.gazetteer import MAX_FILE_BYTES, DataError, Problem, too_big
from exilemap.schemas import OPTIONAL_IN_UPLOADS

FULL_COLUMNS = headers.FULL_COLUMNS


@dataclass(frozen=True)
class Table:
    """An uploaded file's rows as strings under our column names, and what reading it noticed.

    `labels` name each row as the file does where it has no rows of its own (a JSON feature, a KML Placemark);
    `size` is the bytes of the file it was read from, or of the edited table, held to the upload's limit.
    """

    file: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = ()
    raw: bytes | None = field(default=None, repr=False)  # a CSV as uploaded, for a file in our full columns
    labels: tuple[str, ...] = ()
    size: int = 0

    @property
    def full(self) -> bool:
        """Every column of places.csv (bar those an upload may leave out) is there: read as before, nothing assumed."""
        optional = OPTIONAL_IN_UPLOADS["places.csv"]
        return all(c in self.frame.columns for c in FULL_COLUMNS if c not in optional)

    def label(self, row: int) -> str:
        """How the file names table row `row` (2 is the first data row), or '' where the row number says it."""
        index = row - 2
        return self.labels[index] if 0 <= index < len(self.labels) else ""


def refuse(file: str, why: str) -> DataError:
    return DataError([Problem(file, None, None, why)])


def check_size(size: int, file: str) -> None:
    if size > MAX_FILE_BYTES:
        raise refuse(file, too_big(size))


def build(cells: list[list[str]], file: str, notes: list[str], labels: tuple[str, ...] = (), size: int = 0) -> Table:
    """Header and rows as a Table: headers read by their synonyms, columns we do not use kept aside and said."""
    kept = [(r, labels[i - 1] if 0 < i <= len(labels) else "") for i, r in enumerate(cells)]
    kept = [(r, lab) for r, lab in kept if any(str(c).strip() for c in r)]
    if not kept:
        raise refuse(file, "is empty: expected a header row and data rows")
    header, rows = [str(c).strip() for c in kept[0][0]], [r for r, _ in kept[1:]]
    row_labels = tuple(lab for _, lab in kept[1:]) if labels else ()
    if not rows:
        raise refuse(file, "has a header but no data rows")
    columns, renamed = [], []
    for heading in header:
        known = headers.column_for(heading)
        if known and known != heading:
            renamed.append(f"'{heading}' as {known}")
        columns.append(known or heading.lower())
    twice = sorted({c for c in columns if c and columns.count(c) > 1})
    if twice:
        raise refuse(file, f"has more than one column meaning {', '.join(twice)}; keep one of each")
    if "name" not in columns or not ({"arrived", "year", "attestation_year"} & set(columns)):
        missing = "name" if "name" not in columns else "arrived"
        raise refuse(
            file,
            f"has no '{missing}' column: a journey needs at least a place name (name, place, location, city, title, lugar, "
            "lieu, Ort, место or sted) and a date (arrived, start, from, date, year, llegada, arrivée, Ankunft, прибытие or ankomst)",
        )
    width = len(columns)
    for number, row in enumerate(rows, start=2):
        if len(row) > width and any(str(c).strip() for c in row[width:]):
            raise refuse(file, f"row {number} has {len(row)} fields but the header has {width}")
    frame = pd.DataFrame([[str(c).strip() for c in (list(r) + [""] * width)[:width]] for r in rows], columns=columns,
                         dtype=str)  # fmt: skip
    unused = [c for c in columns if c not in FULL_COLUMNS and c not in headers.EXTRA_COLUMNS]
    if unused:
        notes = notes + [f"Column(s) {', '.join(repr(c) for c in unused)} are kept in the table but not used."]
    if renamed:
        notes = [f"Read {', '.join(renamed)}."] + notes
    return Table(file, frame, tuple(notes), labels=row_labels, size=size)
