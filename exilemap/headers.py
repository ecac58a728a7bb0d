"""Header synonyms: the column each header means, in the six languages of data/headers.csv.

Our own column names mean themselves. A header is matched whatever its case and surrounding spaces.
"""

from __future__ import annotations

import csv
from functools import cache

from exilemap.gazetteer import DATA_DIR
from exilemap.schemas import PLACES_SCHEMA

FULL_COLUMNS = list(PLACES_SCHEMA.columns)
# Columns a reader keeps for the completion to turn into ours: a `lat, lon` pair, a year alone, and LP-TSV's own.
EXTRA_COLUMNS = ("coordinates", "year", "title_source", "attestation_year", "ccodes", "geowkt", "geo_source")


def _key(heading: str) -> str:
    return " ".join(heading.split()).casefold()


@cache
def synonyms() -> dict[str, str]:
    """Every header people write, folded, and the column it means."""
    with open(DATA_DIR / "headers.csv", encoding="utf-8", newline="") as f:
        table = {_key(row["header"]): row["column"] for row in csv.DictReader(f)}
    return table | {_key(c): c for c in FULL_COLUMNS + list(EXTRA_COLUMNS)}


def column_for(heading: str) -> str | None:
    """The column a header means, or None for a header we do not use."""
    return synonyms().get(_key(heading))
